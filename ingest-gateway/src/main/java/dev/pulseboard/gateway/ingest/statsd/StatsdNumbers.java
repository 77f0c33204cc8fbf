package dev.pulseboard.gateway.ingest.statsd;

/** Strict decimal syntax for StatsD values and rates. */
final class StatsdNumbers {
    private StatsdNumbers() {}

    /** Decimal numbers only: Double.parseDouble would also take "NaN", "Infinity", "0x1p3" and "1d". */
    static boolean isDecimal(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        boolean dot = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !dot) {
                dot = true;
            } else if ((c == 'e' || c == 'E') && digits > 0) {
                return isExponent(s, i + 1);
            } else {
                return false;
            }
        }
        return digits > 0;
    }

    private static boolean isExponent(String s, int from) {
        int i = from;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        if (i == s.length()) {
            return false;
        }
        for (; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
