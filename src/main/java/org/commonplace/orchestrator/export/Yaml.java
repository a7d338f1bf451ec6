package org.commonplace.orchestrator.export;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.emitter.Emitter;
import org.snakeyaml.engine.v2.events.DocumentEndEvent;
import org.snakeyaml.engine.v2.events.DocumentStartEvent;
import org.snakeyaml.engine.v2.events.ImplicitTuple;
import org.snakeyaml.engine.v2.events.MappingEndEvent;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.events.SequenceEndEvent;
import org.snakeyaml.engine.v2.events.SequenceStartEvent;
import org.snakeyaml.engine.v2.events.StreamEndEvent;
import org.snakeyaml.engine.v2.events.StreamStartEvent;

/**
 * Writes a tree of maps, lists, strings, numbers and booleans as one block-style YAML document,
 * through SnakeYAML Engine's emitter, which does the quoting and escaping (every line break a YAML
 * 1.1 or 1.2 reader knows, CR, NEL, LS and PS included, is escaped inside a quoted scalar). Every string is written
 * double-quoted, so no value can turn into a number, a boolean or a null for a YAML 1.1 reader
 * (kubectl's reads {@code yes} as true); keys are written bare when they are plain words.
 */
final class Yaml {
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.\\-/]*");
    /**
     * Long lines stay whole: a folded double-quoted scalar is valid YAML, but harder to read and to
     * grep. No Unicode written raw: the engine (YAML 1.2) writes LS and PS as they are, which a YAML
     * 1.1 reader (PyYAML, go-yaml v2) takes for line breaks, so every character outside ASCII is
     * escaped ({@code \u2028}, {@code \xE9}) and reads back the same in both.
     */
    private static final DumpSettings SETTINGS = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2)
            .setWidth(100_000).setSplitLines(false).setUseUnicodeEncoding(false).build();
    private static final ImplicitTuple STRING = new ImplicitTuple(false, true);
    private static final ImplicitTuple TYPED_PLAIN = new ImplicitTuple(true, false);

    private Yaml() {
    }

    /** {@return the document, ending in a newline} */
    static String write(Map<String, ?> document) {
        var out = new StringBuilder();
        var emitter = new Emitter(SETTINGS, new StreamDataWriter() {
            @Override
            public void write(String text) {
                out.append(text);
            }

            @Override
            public void write(String text, int off, int len) {
                out.append(text, off, off + len);
            }
        });
        emitter.emit(new StreamStartEvent());
        emitter.emit(new DocumentStartEvent(false, Optional.empty(), Map.of()));
        node(document, emitter);
        emitter.emit(new DocumentEndEvent(false));
        emitter.emit(new StreamEndEvent());
        return out.toString();
    }

    private static void node(Object value, Emitter emitter) {
        switch (value) {
            case Map<?, ?> map -> {
                emitter.emit(new MappingStartEvent(Optional.empty(), Optional.empty(), true,
                        map.isEmpty() ? FlowStyle.FLOW : FlowStyle.BLOCK));
                for (var entry : map.entrySet()) {
                    String key = (String) entry.getKey();
                    emitter.emit(PLAIN_KEY.matcher(key).matches()
                            ? new ScalarEvent(Optional.empty(), Optional.empty(), new ImplicitTuple(true, true), key, ScalarStyle.PLAIN)
                            : string(key));
                    node(entry.getValue(), emitter);
                }
                emitter.emit(new MappingEndEvent());
            }
            case List<?> list -> {
                emitter.emit(new SequenceStartEvent(Optional.empty(), Optional.empty(), true,
                        list.isEmpty() ? FlowStyle.FLOW : FlowStyle.BLOCK));
                for (Object item : list) {
                    node(item, emitter);
                }
                emitter.emit(new SequenceEndEvent());
            }
            case String s -> emitter.emit(string(s));
            case Integer i -> emitter.emit(typed(i.toString()));
            case Long l -> emitter.emit(typed(l.toString()));
            case Boolean b -> emitter.emit(typed(b.toString()));
            default -> throw new IllegalArgumentException("not a YAML value here: " + value.getClass());
        }
    }

    private static ScalarEvent string(String value) {
        return new ScalarEvent(Optional.empty(), Optional.empty(), STRING, value, ScalarStyle.DOUBLE_QUOTED);
    }

    private static ScalarEvent typed(String value) {
        return new ScalarEvent(Optional.empty(), Optional.empty(), TYPED_PLAIN, value, ScalarStyle.PLAIN);
    }
}
