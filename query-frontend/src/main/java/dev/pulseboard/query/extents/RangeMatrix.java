package dev.pulseboard.query.extents;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The data of a successful query_range answer: its series, each with its sample times (ms, ascending) and values as
 * Prometheus wrote them ("1", "NaN", "+Inf": never re-formatted), and the answer's warnings and infos.
 *
 * @param series sorted as Prometheus sorts a range result ({@link Series#ORDER})
 */
record RangeMatrix(List<Series> series, List<String> warnings, List<String> infos) {

    /** An answer without any series, warnings or infos. */
    static final RangeMatrix EMPTY = new RangeMatrix(List.of(), List.of(), List.of());

    /**
     * One series.
     *
     * @param labels name, value, name, value ... sorted by name, as Prometheus holds them; the identity of the series
     * @param metricJson the {@code "metric"} object exactly as Prometheus wrote it (copied into answers unchanged)
     * @param times step times in ms, ascending, no duplicates
     * @param values the value at each of {@code times}, as Prometheus wrote it
     */
    record Series(List<String> labels, byte[] metricJson, long[] times, String[] values) {
        /**
         * Prometheus' order of a range result ({@code sort.Sort(Matrix)}, labels.Compare): label by label, name then
         * value, comparing strings by bytes (UTF-8, i.e. by code point); a label set that is a prefix of another first.
         */
        static final Comparator<Series> ORDER = (a, b) -> compareLabels(a.labels(), b.labels());

        Series {
            if (times.length != values.length) {
                throw new IllegalArgumentException("times and values differ in length");
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Series s
                    && labels.equals(s.labels)
                    && Arrays.equals(metricJson, s.metricJson)
                    && Arrays.equals(times, s.times)
                    && Arrays.equals(values, s.values);
        }

        @Override
        public int hashCode() {
            return labels.hashCode() * 31 + Arrays.hashCode(times);
        }

        @Override
        public String toString() {
            return labels + "@" + Arrays.toString(times) + "=" + Arrays.toString(values);
        }
    }

    static int compareLabels(List<String> a, List<String> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = compareCodePoints(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** Go's string comparison (bytes of UTF-8), which orders like code points, not like UTF-16 units. */
    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
