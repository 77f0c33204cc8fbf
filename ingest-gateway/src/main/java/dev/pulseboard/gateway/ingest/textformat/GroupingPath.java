package dev.pulseboard.gateway.ingest.textformat;

import dev.pulseboard.contract.errors.ApiException;
import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.errors.ErrorKind;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The grouping labels of a Pushgateway URL path after {@code /metrics/}: {@code job/<job>} then {@code <label>/<value>}
 * pairs, each name optionally suffixed {@code @base64} for a value in URL-safe base64 (padding optional, {@code =} alone
 * for the empty value), as the Pushgateway and its clients spell them. Anything else is 400
 * err-pb-push-grouping-invalid.
 */
final class GroupingPath {
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final String BASE64 = "@base64";

    private GroupingPath() {}

    /** @param raw the path after {@code /metrics/}, still percent-encoded */
    static Map<String, String> parse(String raw) {
        String[] parts = raw.split("/", -1);
        if (parts.length < 2 || parts.length % 2 != 0) {
            throw invalid("the path must be /metrics/job/<job> followed by <label>/<value> pairs");
        }
        Map<String, String> labels = new TreeMap<>();
        for (int i = 0; i < parts.length; i += 2) {
            String name = unescape(parts[i]);
            boolean base64 = name.endsWith(BASE64);
            if (base64) {
                name = name.substring(0, name.length() - BASE64.length());
            }
            if (i == 0 && !name.equals("job")) {
                throw invalid("the path must start with /metrics/job/<job>");
            }
            if (!LABEL_NAME.matcher(name).matches()) {
                throw invalid("'" + name + "' in the path is not a label name");
            }
            String value = base64 ? decodeBase64(parts[i + 1], name) : unescape(parts[i + 1]);
            if (labels.put(name, value) != null) {
                throw invalid("label '" + name + "' appears twice in the path");
            }
        }
        if (labels.get("job").isEmpty()) {
            throw invalid("the job name must not be empty");
        }
        return labels;
    }

    private static String unescape(String segment) {
        try {
            // Path segments are percent-encoded; '+' is a plus, not a space, in a path.
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid("the path has a broken percent-escape");
        }
    }

    private static String decodeBase64(String segment, String name) {
        String s = unescape(segment);
        if (s.equals("=")) {
            return "";
        }
        try {
            return new String(Base64.getUrlDecoder().decode(s.replace("=", "")), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid("the value of '" + name + "@base64' is not URL-safe base64");
        }
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorKind.INVALID_REQUEST, ErrorId.PUSH_GROUPING_INVALID, message);
    }
}
