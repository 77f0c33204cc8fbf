package dev.pulseboard.pipeline;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code --flag value} / {@code --flag=value} arguments with an environment fallback: flag {@code --foo-bar} is
 * also read from {@code PB_PIPELINE_FOO_BAR}. Precedence: argument, then environment, then the default.
 * Unknown flags are refused, so a typo never silently falls back to a default.
 */
final class CommandLine {
    static final String ENV_PREFIX = "PB_PIPELINE_";
    private final Map<String, String> args = new HashMap<>();
    private final Map<String, String> env;
    private final Set<String> known = new TreeSet<>();

    CommandLine(String[] argv, Map<String, String> env) {
        this.env = env;
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--") || a.length() == 2) {
                throw new IllegalArgumentException("expected --flag, got '" + a + "'");
            }
            int eq = a.indexOf('=');
            if (eq > 0) {
                args.put(a.substring(2, eq), a.substring(eq + 1));
            } else if (i + 1 < argv.length) {
                args.put(a.substring(2), argv[++i]);
            } else {
                throw new IllegalArgumentException("flag " + a + " needs a value");
            }
        }
    }

    static String envName(String flag) {
        return ENV_PREFIX + flag.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    String string(String flag, String def) {
        known.add(flag);
        String v = args.get(flag);
        if (v == null) {
            v = env.get(envName(flag));
        }
        return v == null ? def : v.strip();
    }

    int integer(String flag, int def, int min) {
        String v = string(flag, Integer.toString(def));
        try {
            int n = Integer.parseInt(v);
            if (n < min) {
                throw new IllegalArgumentException("--" + flag + " must be >= " + min + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + flag + " must be an integer, got '" + v + "'", e);
        }
    }

    Duration millis(String flag, long defMs) {
        return Duration.ofMillis(integer(flag, (int) defMs, 0));
    }

    <E extends Enum<E>> E choice(String flag, E def, Class<E> type) {
        String v = string(flag, def.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + flag + " must be one of " + names(type) + ", got '" + v + "'");
        }
    }

    /** Call after all lookups: refuses flags nobody asked for. */
    void rejectUnknown() {
        for (String flag : args.keySet()) {
            if (!known.contains(flag)) {
                throw new IllegalArgumentException(
                        "unknown flag --" + flag + "; known flags: --" + String.join(", --", known));
            }
        }
    }

    private static <E extends Enum<E>> String names(Class<E> type) {
        StringBuilder sb = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            sb.append(sb.length() == 0 ? "" : ", ")
                    .append(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return sb.toString();
    }
}
