package org.commonplace.orchestrator.broker;

import io.moquette.broker.security.IAuthenticator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A mosquitto password file ({@code mosquitto_passwd}), for the embedded broker: one {@code user:hash}
 * a line, the hash {@code $7$ITERATIONS$SALT$HASH} (PBKDF2-SHA512, mosquitto 2.0's default) or
 * {@code $6$SALT$HASH} (SHA-512 of password and salt, mosquitto 1.x), salt and hash in base64. The
 * same file serves mosquitto and us. Plain-text passwords are refused: the file would have to be
 * hashed by hand later, and until then it would hold every password in the clear.
 */
final class MosquittoPasswords implements IAuthenticator {
    /** Lines and bytes read at most: the file is the user's, but a wrong path could name a huge one. */
    static final int MAX_BYTES = 1 << 20;
    /** PBKDF2 rounds accepted at most: each CONNECT costs that many HMACs on a session loop. */
    static final int MAX_ITERATIONS = 1_000_000;

    private record Hash(int iterations, byte[] salt, byte[] hash) {
    }

    private final Map<String, Hash> users;

    private MosquittoPasswords(Map<String, Hash> users) {
        this.users = users;
    }

    /** Why a password file cannot be used; the message is one line naming the file and line. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    static MosquittoPasswords read(Path file) throws Invalid {
        List<String> lines;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new Invalid("password file " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Invalid("cannot read the password file " + file + ": " + e.getMessage());
        }
        var users = new HashMap<String, Hash>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String where = "password file " + file + " line " + (i + 1);
            if (colon <= 0) {
                throw new Invalid(where + ": expected user:hash");
            }
            users.put(line.substring(0, colon), hash(line.substring(colon + 1), where));
        }
        return new MosquittoPasswords(users);
    }

    private static Hash hash(String text, String where) throws Invalid {
        String[] parts = text.split("\\$", -1);
        try {
            if (parts.length == 5 && parts[0].isEmpty() && parts[1].equals("7")) {
                int iterations = Integer.parseInt(parts[2]);
                if (iterations < 1 || iterations > MAX_ITERATIONS) {
                    throw new Invalid(where + ": " + iterations + " PBKDF2 iterations (1 to " + MAX_ITERATIONS + ")");
                }
                return new Hash(iterations, Base64.getDecoder().decode(parts[3]), Base64.getDecoder().decode(parts[4]));
            }
            if (parts.length == 4 && parts[0].isEmpty() && parts[1].equals("6")) {
                return new Hash(0, Base64.getDecoder().decode(parts[2]), Base64.getDecoder().decode(parts[3]));
            }
        } catch (IllegalArgumentException e) {
            throw new Invalid(where + ": the salt or hash is not base64");
        }
        throw new Invalid(where + ": not a hashed password (expected $7$... or $6$..., as mosquitto_passwd writes)");
    }

    @Override
    public boolean checkValid(String clientId, String username, byte[] password) {
        Hash expected = username == null ? null : users.get(username);
        if (expected == null || password == null) {
            return false;
        }
        try {
            return MessageDigest.isEqual(expected.hash(), digest(expected, password));
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] digest(Hash expected, byte[] password) throws GeneralSecurityException {
        if (expected.iterations() == 0) {
            var sha = MessageDigest.getInstance("SHA-512");
            sha.update(password);
            sha.update(expected.salt());
            return sha.digest();
        }
        char[] chars = new String(password, StandardCharsets.UTF_8).toCharArray();
        var spec = new PBEKeySpec(chars, expected.salt(), expected.iterations(), expected.hash().length * 8);
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
    }
}
