package dev.pulseboard.gateway.ingest.webhook;

import dev.pulseboard.contract.webhook.WebhookScheme;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a webhook request's signature the way each provider signs ({@link WebhookScheme}); comparisons are constant
 * time. Returns null when the request is authentic, otherwise why not (said to the sender without the expected value).
 */
final class WebhookSignatures {
    private WebhookSignatures() {}

    /**
     * @param header the request's headers by name (case-insensitive)
     * @param nowMs the receive time, for the schemes with a signed timestamp
     */
    static String check(
            WebhookScheme scheme,
            byte[] secret,
            Function<String, String> header,
            byte[] body,
            long nowMs,
            long toleranceMs) {
        return switch (scheme) {
            case GITHUB -> github(secret, header.apply("X-Hub-Signature-256"), body);
            case STRIPE -> stripe(secret, header.apply("Stripe-Signature"), body, nowMs, toleranceMs);
            case STANDARD_WEBHOOKS -> standard(secret, header, body, nowMs, toleranceMs);
        };
    }

    private static String github(byte[] secret, String signature, byte[] body) {
        if (signature == null || !signature.startsWith("sha256=")) {
            return "the X-Hub-Signature-256 header (sha256=<hex>) is missing";
        }
        return equal(hmac(secret, body), hex(signature.substring(7))) ? null : "the signature does not match";
    }

    private static String stripe(byte[] secret, String header, byte[] body, long nowMs, long toleranceMs) {
        if (header == null) {
            return "the Stripe-Signature header is missing";
        }
        String t = null;
        List<byte[]> v1 = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                String k = part.substring(0, eq).trim();
                String v = part.substring(eq + 1).trim();
                if (k.equals("t")) {
                    t = v;
                } else if (k.equals("v1")) {
                    v1.add(hex(v));
                }
            }
        }
        String stale = stale(t, nowMs, toleranceMs);
        if (stale != null) {
            return stale;
        }
        byte[] expected = hmac(secret, concat(t + ".", body));
        return v1.stream().anyMatch(s -> equal(expected, s)) ? null : "no v1 signature matches";
    }

    private static String standard(
            byte[] secret, Function<String, String> header, byte[] body, long nowMs, long toleranceMs) {
        String id = header.apply("webhook-id");
        String timestamp = header.apply("webhook-timestamp");
        String signatures = header.apply("webhook-signature");
        if (id == null || signatures == null) {
            return "the webhook-id, webhook-timestamp and webhook-signature headers are required";
        }
        String stale = stale(timestamp, nowMs, toleranceMs);
        if (stale != null) {
            return stale;
        }
        String s = new String(secret, StandardCharsets.UTF_8);
        byte[] key;
        try {
            key = Base64.getDecoder().decode(s.startsWith("whsec_") ? s.substring(6) : s);
        } catch (IllegalArgumentException e) {
            return "the rule's secret is not a Standard Webhooks secret (whsec_<base64>)";
        }
        byte[] expected = hmac(key, concat(id + "." + timestamp + ".", body));
        for (String sig : signatures.split(" ")) {
            if (sig.startsWith("v1,")) {
                try {
                    if (equal(expected, Base64.getDecoder().decode(sig.substring(3)))) {
                        return null;
                    }
                } catch (IllegalArgumentException notBase64) {
                    // another signature may match
                }
            }
        }
        return "no v1 signature matches";
    }

    /** Null when {@code unixSeconds} is within the tolerance of now. */
    private static String stale(String unixSeconds, long nowMs, long toleranceMs) {
        long t;
        try {
            t = Long.parseLong(unixSeconds);
        } catch (NumberFormatException e) {
            return "the signed timestamp is missing";
        }
        if (Math.abs(nowMs - t * 1000L) > toleranceMs) {
            return "the signed timestamp is more than " + toleranceMs / 1000 + " s away from now (a replay?)";
        }
        return null;
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] concat(String prefix, byte[] body) {
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[p.length + body.length];
        System.arraycopy(p, 0, out, 0, p.length);
        System.arraycopy(body, 0, out, p.length, body.length);
        return out;
    }

    private static byte[] hex(String s) {
        try {
            return HexFormat.of().parseHex(s);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static boolean equal(byte[] expected, byte[] given) {
        return given.length > 0 && MessageDigest.isEqual(expected, given);
    }
}
