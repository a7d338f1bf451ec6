package org.commonplace.orchestrator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads YAML as Kubernetes objects with the fabric8 model, strictly: fabric8 keeps a field it does not
 * know in {@code additionalProperties} instead of failing (even with FAIL_ON_UNKNOWN_PROPERTIES), so
 * every object read is walked and any non-empty one is an error naming where it is. A value of the
 * wrong type fails in Jackson itself.
 */
public final class KubernetesModel {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private KubernetesModel() {
    }

    /** {@return the objects of a stream of YAML documents, each read as the class its kind names} */
    public static List<HasMetadata> read(String yaml) {
        var objects = new ArrayList<HasMetadata>();
        for (String document : yaml.split("(?m)^---$")) {
            JsonNode tree = YAML.readTree(document);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                continue;
            }
            String kind = tree.path("kind").asString();
            Class<? extends HasMetadata> type = switch (kind) {
                case "Deployment" -> Deployment.class;
                case "Service" -> Service.class;
                case "Job" -> Job.class;
                default -> throw new AssertionError("unexpected kind '" + kind + "' in:\n" + document);
            };
            HasMetadata object = YAML.treeToValue(tree, type);
            var unknown = new ArrayList<String>();
            walk(object, kind, unknown, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
            if (!unknown.isEmpty()) {
                throw new AssertionError("fields the Kubernetes model does not know: " + unknown + " in:\n" + document);
            }
            if (!tree.path("apiVersion").asString().equals(object.getApiVersion())) {
                throw new AssertionError("apiVersion " + tree.path("apiVersion") + " is not " + kind + "'s " + object.getApiVersion());
            }
            objects.add(object);
        }
        return objects;
    }

    private static void walk(Object value, String path, List<String> unknown, Set<Object> seen) {
        switch (value) {
            case null -> {
            }
            case Collection<?> items -> {
                int i = 0;
                for (Object item : items) {
                    walk(item, path + "[" + i++ + "]", unknown, seen);
                }
            }
            case Map<?, ?> map -> map.forEach((k, v) -> walk(v, path + "." + k, unknown, seen));
            default -> {
                if (!value.getClass().getName().startsWith("io.fabric8.") || !seen.add(value)) {
                    return;
                }
                for (Method getter : value.getClass().getMethods()) {
                    if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                            || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                        continue;
                    }
                    Object field = invoke(getter, value);
                    if (getter.getName().equals("getAdditionalProperties")) {
                        if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                            unknown.add(path + ": " + extra.keySet());
                        }
                    } else {
                        walk(field, path + "." + getter.getName().substring(3), unknown, seen);
                    }
                }
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }
}
