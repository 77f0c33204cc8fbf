package dev.pulseboard.deploy.provision;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.codec.DecoderException;
import org.apache.commons.codec.net.QuotedPrintableCodec;

/**
 * The local stack's mail sink (GreenMail standalone) read through its HTTP API
 * ({@code GET /api/user/{address}/messages/INBOX}): each message's subject and text, the body decoded from the
 * quoted-printable transfer encoding the tenant-service's mailer uses for long lines. For {@code ./pulseboard mail}
 * and the end-to-end tests; the sink is part of the local stack only.
 */
public final class MailSink {
    private MailSink() {}

    /** One received mail. */
    public record Message(String subject, String text) {}

    /** The mails {@code address} received, oldest first (none: an empty list). */
    public static List<Message> inbox(String apiUrl, String address) {
        JsonNode messages = JsonHttp.get(apiUrl + "/api/user/"
                + URLEncoder.encode(address.toLowerCase(Locale.ROOT), StandardCharsets.UTF_8) + "/messages/INBOX");
        List<Message> out = new ArrayList<>();
        for (JsonNode m : messages) {
            out.add(new Message(
                    m.path("subject").asText(), body(m.path("mimeMessage").asText())));
        }
        return out;
    }

    static void print(String apiUrl, String address) {
        List<Message> inbox = inbox(apiUrl, address);
        if (inbox.isEmpty()) {
            System.out.println("no mail for " + address);
        }
        for (Message m : inbox) {
            System.out.println("Subject: " + m.subject());
            System.out.println();
            System.out.println(m.text());
            System.out.println("----");
        }
    }

    /** The text after the headers, decoded when the headers say quoted-printable. */
    static String body(String mime) {
        int split = mime.indexOf("\r\n\r\n");
        String headers = split < 0 ? "" : mime.substring(0, split);
        String body = split < 0 ? mime : mime.substring(split + 4);
        return headers.toLowerCase(Locale.ROOT).contains("content-transfer-encoding: quoted-printable")
                ? quotedPrintable(body)
                : body;
    }

    /** RFC 2045 quoted-printable ("=" at a line's end is a soft break, "=XX" a byte), bytes in UTF-8. */
    static String quotedPrintable(String text) {
        try {
            return new String(
                    QuotedPrintableCodec.decodeQuotedPrintable(text.getBytes(StandardCharsets.US_ASCII)),
                    StandardCharsets.UTF_8);
        } catch (DecoderException e) {
            throw new ProvisionException("a mail body is not valid quoted-printable", e);
        }
    }
}
