package dev.vibecoder.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibecoder.support.FlowTestSupport;
import java.io.IOException;
import java.util.Base64;
import dev.vibecoder.access.AccessRole;
import dev.vibecoder.support.TestTokens;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * Every error the hub answers, from whichever layer refused the request (Tomcat, Spring Security's
 * firewall and login, a filter, Spring MVC, the API's own checks), is a problem detail of one shape.
 * Sent over a plain socket, so that paths reach the hub exactly as written here.
 */
class ErrorShapeTest extends FlowTestSupport {

    private static final Set<String> MEMBERS = Set.of("type", "title", "status", "detail", "instance", "field");
    private static final String JSON = "Content-Type: application/json";
    private static final String CONSOLE_LOGIN = "Authorization: Basic "
            + Base64.getEncoder().encodeToString("admin:test-console-password".getBytes());

    /** A request and the status and (for a 400) the field its answer must have. */
    private record Bad(String why, String method, String target, String body, List<String> headers, int status,
            String field) {

        static Bad of(String why, String method, String target, int status, String field, String body,
                String... headers) {
            return new Bad(why, method, target, body, List.of(headers), status, field);
        }
    }

    private static final List<Bad> BAD_REQUESTS = List.of(
            // refused by Tomcat before any application code runs
            Bad.of("encoded slash", "GET", "/api/projects/..%2f..%2fetc%2fpasswd", 400, "path", null),
            Bad.of("encoded backslash", "GET", "/api/projects/%5c..%5cetc", 400, "path", null),
            Bad.of("bad escape", "GET", "/api/projects/%zz", 400, "path", null),
            Bad.of("NUL", "GET", "/api/projects%00", 400, "path", null),
            Bad.of(".. above the root", "GET", "/../../etc/passwd", 400, "path", null),
            Bad.of("character not allowed in a path", "GET", "/api/projects/{id}", 400, "path", null),
            Bad.of("control character in a header", "GET", "/api/projects", 400, "headers", null, "X-Broken: \u0001"),
            Bad.of("unknown transfer coding", "POST", "/api/projects", 501, null, "{\"idea\": \"x\"}", JSON,
                    "Transfer-Encoding: bogus"),
            // refused by Spring Security's firewall
            Bad.of("encoded dots", "GET", "/api/projects/%2e%2e/%2e%2e/etc/passwd", 400, "path", null),
            Bad.of("path parameter", "GET", "/api/projects;jsessionid=x", 400, "path", null),
            Bad.of("double slash", "GET", "/api//projects", 400, "path", null),
            Bad.of("unknown method", "BREW", "/api/projects", 400, "method", null),
            // refused by a filter, by the console's login, or by Spring MVC
            Bad.of("body over the cap", "POST", "/api/projects", 413, null, "{\"idea\": \"" + "a".repeat(70_000) + "\"}", JSON),
            Bad.of("console without login", "GET", "/actuator/hawtio/", 401, null, null, "Accept: application/json"),
            Bad.of("console post without CSRF token", "POST", "/actuator/hawtio/", 403, null, "x", CONSOLE_LOGIN,
                    "Content-Type: text/plain"),
            Bad.of("no such API path", "GET", "/api/nope", 404, null, null),
            Bad.of("no such actuator endpoint", "GET", "/actuator/nope", 404, null, null),
            Bad.of("the error page itself", "GET", "/error", 404, null, null),
            Bad.of("method not allowed", "DELETE", "/api/projects", 405, null, null),
            Bad.of("nothing acceptable", "GET", "/api/projects", 406, null, null, "Accept: application/xml"),
            Bad.of("not JSON", "POST", "/api/projects", 415, null, "idea", "Content-Type: text/plain"),
            // refused by the API's security chain
            Bad.of("no token", "GET", "/api/projects", 401, null, null),
            Bad.of("an unknown token", "GET", "/api/projects", 401, null, null, "Authorization: Bearer vct_unknown"),
            Bad.of("a token that is no bearer token", "GET", "/api/projects", 401, null, null,
                    "Authorization: Basic YWRtaW46eA=="),
            // refused by the API's own checks
            Bad.of("idea not a string", "POST", "/api/projects", 400, "idea", "{\"idea\": 123}", JSON),
            Bad.of("bad parameter", "GET", "/api/projects?limit=abc", 400, "limit", null),
            Bad.of("unknown project", "GET", "/api/projects/00000000-0000-0000-0000-000000000000", 404, null, null));

    /**
     * The request's headers, with an admin's token where it has no credentials of its own and the
     * token is not what the case is about: the shape of the answers past the API's security chain.
     */
    private List<String> withToken(Bad bad) {
        if (bad.why().startsWith("no token") || bad.headers().stream().anyMatch(h -> h.startsWith("Authorization:"))) {
            return bad.headers();
        }
        List<String> headers = new java.util.ArrayList<>(bad.headers());
        headers.add("Authorization: " + TestTokens.bearer(jdbc, "alice", AccessRole.ADMIN));
        return headers;
    }

    @Test
    void everyErrorIsAProblemDetailOfTheHubsOneShape() throws IOException {
        SoftAssertions softly = new SoftAssertions();
        for (Bad bad : BAD_REQUESTS) {
            RawHttp.Answer answer = RawHttp.send(port, bad.method(), bad.target(), bad.body(),
                    withToken(bad).toArray(String[]::new));
            String what = bad.why() + " (" + bad.method() + " " + bad.target() + ") answered " + answer.status() + " "
                    + answer.header("Content-Type") + ": " + answer.body();
            softly.assertThat(answer.status()).as(what).isEqualTo(bad.status());
            String contentType = answer.header("Content-Type");
            softly.assertThat(contentType != null && MediaType.parseMediaType(contentType)
                    .equalsTypeAndSubtype(MediaType.APPLICATION_PROBLEM_JSON)).as(what).isTrue();
            JsonNode problem = parse(answer.body());
            if (problem == null || !problem.isObject()) {
                softly.fail("not a JSON object: " + what);
                continue;
            }
            softly.assertThat(problem.properties()).as(what).extracting(java.util.Map.Entry::getKey)
                    .isSubsetOf(MEMBERS);
            softly.assertThat(problem.path("type").asText()).as(what).isEqualTo("about:blank");
            softly.assertThat(problem.path("status").asInt()).as(what).isEqualTo(answer.status());
            softly.assertThat(problem.path("title").asText()).as(what).isNotBlank();
            softly.assertThat(problem.path("detail").asText()).as(what).isNotBlank();
            if (problem.has("instance")) {
                softly.assertThat(bad.target()).as(what).startsWith(problem.path("instance").asText());
            }
            if (bad.field() != null) {
                softly.assertThat(problem.path("title").asText()).as(what).isEqualTo("Invalid request");
                softly.assertThat(problem.path("field").asText()).as(what).isEqualTo(bad.field());
            } else {
                softly.assertThat(problem.has("field")).as(what).isFalse();
            }
        }
        softly.assertAll();
    }

    @Test
    void theReasonOfARefusalIsTold() throws IOException {
        assertThat(parse(RawHttp.send(port, "GET", "/api/projects/..%2f..%2fetc", null).body()).path("detail").asText())
                .isEqualTo("Invalid URI: [The encoded slash character is not allowed]");
        assertThat(parse(RawHttp.send(port, "GET", "/api/projects/%2e%2e/etc", null).body()).path("detail").asText())
                .startsWith("the request was refused: ").contains("\"%2e\"");
        assertThat(parse(RawHttp.send(port, "BREW", "/api/projects", null).body()).path("detail").asText())
                .contains("HTTP method \"BREW\"");
    }

    private static JsonNode parse(String body) {
        try {
            return FlowTestSupport.JSON.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }
}
