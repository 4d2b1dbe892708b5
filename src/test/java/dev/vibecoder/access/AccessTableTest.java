package dev.vibecoder.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibecoder.support.FlowTestSupport;
import dev.vibecoder.support.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the OpenAPI document, called without credentials, with an expired and a revoked
 * token and with a token of each role, answers as the table in docs/security.md says: the roles that
 * may are let through (whatever the endpoint then answers to an empty request), the others get 403,
 * and a caller without a working token 401. An endpoint missing from the table fails the test.
 */
class AccessTableTest extends FlowTestSupport {

    private static final Pattern ROW = Pattern.compile("^\\| (GET|POST|PUT|PATCH|DELETE) \\| (/\\S*) \\| (\\w+) \\|$");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** (method path) -> role, from docs/security.md. */
    static Map<String, String> table() throws IOException {
        Map<String, String> table = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("docs/security.md"))) {
            Matcher row = ROW.matcher(line.strip());
            if (row.matches()) {
                table.put(row.group(1) + " " + row.group(2), row.group(3));
            }
        }
        return table;
    }

    @Test
    void everyEndpointAnswersEachCallerAsTheTableSays() throws Exception {
        Map<String, String> table = table();
        List<String> operations = operations(api().get().uri("/v3/api-docs").retrieve().body(JsonNode.class));
        assertThat(new TreeSet<>(table.keySet())).as("the table in docs/security.md, against the OpenAPI document")
                .isEqualTo(new TreeSet<>(operations));

        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("no token", null);
        callers.put("an unknown token", "Bearer " + ApiTokens.PREFIX + "not-a-token-of-this-hub");
        callers.put("an expired token", "Bearer " + expiredToken());
        callers.put("a revoked token", "Bearer " + revokedToken());
        for (AccessRole role : AccessRole.values()) {
            callers.put(role.id(), TestTokens.bearer(jdbc, "table-" + role.id(), role));
        }

        SoftAssertions softly = new SoftAssertions();
        for (String operation : operations) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1);
            String needed = table.get(operation);
            for (Map.Entry<String, String> caller : callers.entrySet()) {
                int status = call(method, concrete(path), caller.getValue());
                String who = caller.getKey();
                if (needed.equals("signature")) {
                    softly.assertThat(status).as("%s as %s (webhook: only a signature opens it)", operation, who)
                            .isIn(400, 401, 403);
                } else if (caller.getValue() == null || who.contains("token")) {
                    softly.assertThat(status).as("%s with %s", operation, who).isEqualTo(401);
                } else if (AccessRole.of(who, "role").includes(AccessRole.of(needed, "role"))) {
                    softly.assertThat(status).as("%s as %s (needs %s)", operation, who, needed).isNotIn(401, 403);
                } else {
                    softly.assertThat(status).as("%s as %s (needs %s)", operation, who, needed).isEqualTo(403);
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void healthIsOpenMetricsNeedAViewerAndTheRestOfActuatorAnAdmin() throws Exception {
        String viewer = TestTokens.bearer(jdbc, "table-viewer", AccessRole.VIEWER);
        String admin = TestTokens.bearer(jdbc, "table-admin", AccessRole.ADMIN);
        assertThat(call("GET", "/actuator/health", null)).isEqualTo(200);
        assertThat(call("GET", "/actuator/health/readiness", null)).isEqualTo(200);
        assertThat(call("GET", "/actuator/prometheus", null)).isEqualTo(401);
        assertThat(call("GET", "/actuator/prometheus", viewer)).isEqualTo(200);
        assertThat(call("GET", "/actuator/metrics", viewer)).isEqualTo(403);
        assertThat(call("GET", "/actuator/metrics", admin)).isEqualTo(200);
        assertThat(call("GET", "/v3/api-docs", null)).isEqualTo(401);
        assertThat(call("GET", "/v3/api-docs", viewer)).isEqualTo(200);
    }

    @Test
    void answersCarrySecurityHeadersAndNoCors() throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(url("/api/projects?limit=1"))
                .header("Authorization", TestTokens.bearer(jdbc, "table-viewer", AccessRole.VIEWER))
                .header("Origin", "https://evil.example").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none'; frame-ancestors 'none'");
        assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(answer.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(answer.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(url("/api/projects"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(url("/api/projects")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(refused.body()).contains("\"status\":401").contains("a bearer token is required");
    }

    /** Every operation of the OpenAPI document, as "METHOD /path". */
    private static List<String> operations(JsonNode openApi) {
        List<String> operations = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = openApi.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> operations.add(method.toUpperCase() + " " + path.getKey()));
        }
        return operations;
    }

    /**
     * The path with its variables filled in: ids nobody has (an allowed caller gets 404 or 400, never
     * a change to anything), and a dead-letter replay limited to such a project.
     */
    private static String concrete(String path) {
        String filled = path.replace("{id}", UUID.randomUUID().toString())
                .replace("{projectId}", UUID.randomUUID().toString()).replace("{type}", "prd")
                .replace("{path}", "documents/prd/v1.json").replace("{name}", "table-nobody");
        return filled.equals("/api/dead-letters/replay") ? filled + "?projectId=" + UUID.randomUUID() : filled;
    }

    private int call(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (method.equals("GET") || method.equals("DELETE")) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString("{}"));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private String expiredToken() {
        new Identities(jdbc).save("table-expired", AccessRole.ADMIN, "test");
        ApiTokens.Created created = new ApiTokens(jdbc).create("table-expired", "expired", Duration.ofDays(1), "test");
        jdbc.update("update api_tokens set expires_at = now() - interval '1 minute' where id = ?", created.token().id());
        return created.secret();
    }

    private String revokedToken() {
        new Identities(jdbc).save("table-revoked", AccessRole.ADMIN, "test");
        ApiTokens.Created created = new ApiTokens(jdbc).create("table-revoked", "revoked", Duration.ofDays(1), "test");
        new ApiTokens(jdbc).revoke(created.token().id(), "test");
        return created.secret();
    }
}
