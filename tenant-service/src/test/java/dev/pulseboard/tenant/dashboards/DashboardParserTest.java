package dev.pulseboard.tenant.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pulseboard.tenant.dashboards.DashboardParser.DashboardBody;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DashboardParserTest {
    private static final long MAX = 1024;

    private static DashboardBody parse(String body) {
        return DashboardParser.parse(body, MAX, "the-limit");
    }

    private static ProblemException refused(String body) {
        return catchThrowableOfType(ProblemException.class, () -> parse(body));
    }

    @Test
    void numbersKeepTheirWrittenPrecisionAndGrafanasIdIsDropped() {
        DashboardBody body = parse("""
                {"id": 17, "title": "  Latency  ", "a": 1.50, "b": 12345678901234567890123, "c": 0.1, "version": 4}""");
        assertThat(DashboardParser.compact(body.model()))
                .isEqualTo("{\"title\":\"Latency\",\"a\":1.50,\"b\":12345678901234567890123,\"c\":0.1,\"version\":4}");
        assertThat(body.title()).isEqualTo("Latency");
        assertThat(body.uid()).isNull();
        assertThat(body.version()).isEqualByComparingTo(BigDecimal.valueOf(4));
        assertThat(body.overwrite()).isFalse();
    }

    @Test
    void grafanasEnvelopeIsUnwrappedUnlessTheObjectIsADashboardItself() {
        DashboardBody wrapped = parse("""
                {"dashboard": {"uid": "svc", "title": "Svc", "panels": []}, "overwrite": true, "folderUid": "f"}""");
        assertThat(wrapped.uid()).isEqualTo("svc");
        assertThat(wrapped.overwrite()).isTrue();
        assertThat(wrapped.model().has("folderUid")).isFalse();

        DashboardBody notOverwriting = parse("{\"dashboard\": {\"title\": \"Svc\"}, \"overwrite\": \"true\"}");
        assertThat(notOverwriting.overwrite()).as("only a JSON true").isFalse();

        DashboardBody dashboard = parse("{\"title\": \"T\", \"panels\": [], \"dashboard\": {\"title\": \"inner\"}}");
        assertThat(dashboard.title()).isEqualTo("T");
        assertThat(dashboard.model().has("dashboard")).isTrue();
    }

    @Test
    void uidIsKeptGeneratedOnRequestOrRefused() {
        assertThat(parse("{\"title\": \"t\", \"uid\": \"a-Z_0\"}").uid()).isEqualTo("a-Z_0");
        assertThat(parse("{\"title\": \"t\", \"uid\": \"" + "u".repeat(40) + "\"}")
                        .uid())
                .hasSize(40);
        assertThat(parse("{\"title\": \"t\", \"uid\": null}").uid()).isNull();
        assertThat(parse("{\"title\": \"t\", \"uid\": \"\"}").uid()).isNull();
        for (String uid : new String[] {"\"has space\"", "\"" + "u".repeat(41) + "\"", "42", "\"ü\"", "\"a/b\""}) {
            ProblemException e = refused("{\"title\": \"t\", \"uid\": " + uid + "}");
            assertThat(e.errorId()).as(uid).isEqualTo(TenantError.DASHBOARD_INVALID);
            assertThat(e.field()).isEqualTo("uid");
        }
    }

    @Test
    void titleIsANonEmptyStringOfAtMost200CharactersAfterStripping() {
        String emoji = "\uD83D\uDCC8"; // one character, two chars in Java
        assertThat(parse("{\"title\": \"" + emoji.repeat(200) + "\"}").title()).hasSize(400);
        assertThat(parse("{\"title\": \"  " + "x".repeat(200) + "  \"}").title())
                .hasSize(200);
        for (String body : new String[] {
            "{}",
            "{\"title\": null}",
            "{\"title\": \"   \"}",
            "{\"title\": 7}",
            "{\"title\": \"" + "x".repeat(201) + "\"}",
            "{\"title\": \"a\\u0000b\"}"
        }) {
            ProblemException e = refused(body);
            assertThat(e.errorId()).as(body).isEqualTo(TenantError.DASHBOARD_INVALID);
            assertThat(e.field()).as(body).isEqualTo("title");
        }
        assertThat(refused("{\"title\": \"" + "x".repeat(201) + "\"}").getMessage())
                .contains("at most 200 characters, not 201");
    }

    @Test
    void panelsAndTemplatingMustHaveTheirShape() {
        assertThat(parse("{\"title\": \"t\", \"panels\": [{}, {\"type\": \"graph\"}], \"templating\": {\"list\": []}}")
                        .model()
                        .get("panels")
                        .size())
                .isEqualTo(2);
        assertThat(refused("{\"title\": \"t\", \"panels\": {}}").getMessage())
                .isEqualTo("panels must be an array of objects, not an object");
        assertThat(refused("{\"title\": \"t\", \"panels\": [{}, 3]}").getMessage())
                .isEqualTo("panels[1] must be an object, not a number");
        ProblemException templating = refused("{\"title\": \"t\", \"templating\": []}");
        assertThat(templating.field()).isEqualTo("templating");
        assertThat(templating.getMessage()).isEqualTo("templating must be an object, not an array");
    }

    @Test
    void aBodyThatIsNotOneJsonObjectIsRefusedNamingWhy() {
        assertThat(refused("").getMessage()).contains("not an empty body");
        assertThat(refused("[1]").getMessage()).contains("not an array");
        assertThat(refused("\"x\"").getMessage()).contains("not a string");
        assertThat(refused("{\"title\": ").getMessage()).startsWith("the body is not JSON (syntax error at line 1");
        assertThat(refused("{\"title\": \"t\"} {}").getMessage()).contains("nothing after it");
        assertThat(refused("[".repeat(1001)).getMessage()).contains("nested too deeply");
        assertThat(refused("[1]").field()).isEqualTo("body");
    }

    @Test
    void theLimitIsOnBytesOfUtf8() {
        String padding = "{\"title\": \"t\", \"p\": \"\"}";
        String exactly = padding.replace("\"\"}", "\"" + "x".repeat((int) MAX - padding.length()) + "\"}");
        assertThat(exactly).hasSize((int) MAX);
        assertThat(parse(exactly).title()).isEqualTo("t");
        assertThat(refused(exactly + " ").errorId()).isEqualTo(TenantError.DASHBOARD_TOO_LARGE);
        String twoByteChars = "{\"title\": \"" + "é".repeat(600) + "\"}"; // 614 chars, 1214 bytes
        ProblemException e = refused(twoByteChars);
        assertThat(e.errorId()).isEqualTo(TenantError.DASHBOARD_TOO_LARGE);
        assertThat(e.getMessage()).contains("1024 bytes (the-limit)");
        assertThat(DashboardParser.exceeds("\uD83D\uDCC8".repeat(256), MAX)).isFalse(); // 4 bytes each
        assertThat(DashboardParser.exceeds("\uD83D\uDCC8".repeat(257), MAX)).isTrue();
        assertThat(DashboardParser.exceeds("€".repeat(341), MAX)).isFalse(); // 3 bytes each
        assertThat(DashboardParser.exceeds("€".repeat(342), MAX)).isTrue();
    }

    @Test
    void listedTagsAreTheStringsOfTheModelsTags() {
        assertThat(DashboardParser.tags(null)).isEmpty();
        assertThat(DashboardParser.tags("\"prod\"")).isEmpty();
        assertThat(DashboardParser.tags("[\"prod\", 3, null, \"api\"]")).containsExactly("prod", "api");
    }
}
