package dev.vibecoder.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vibecoder.support.InsertFaults;
import dev.vibecoder.support.InsertFaults.Target;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A crash mid-flow: the hub runs as its own process, is killed with SIGKILL while projects are
 * half-way, and a new hub on the same broker and database finishes them. Nothing may be missing
 * and nothing duplicated.
 */
class RestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DB_URL = System.getenv().getOrDefault("VIBECODER_TEST_DB_URL",
            "jdbc:postgresql://127.0.0.1:5433/vibecoder_test");
    private static final String DB_USER = System.getenv().getOrDefault("VIBECODER_DB_USER", "vibecoder");
    private static final String DB_PASSWORD = System.getenv().getOrDefault("VIBECODER_DB_PASSWORD", "vibecoder");

    private final String namespace = "r" + UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> hubs = new ArrayList<>();

    @AfterEach
    void stopHubs() {
        hubs.forEach(Process::destroyForcibly);
    }

    @Test
    void projectsInterruptedByAKilledHubFinishWithoutMissingOrDuplicatedDocuments() throws Exception {
        int port = freePort();
        Process first = startHub(port, "first");
        List<UUID> ids = new ArrayList<>();
        for (String idea : List.of("A todo list in the terminal", "A habit tracker with streaks", "A tiny wiki")) {
            ids.add(start(port, idea));
        }
        // mid-flow, while engineers are at work: some task code exists, no project is done yet
        await().atMost(Duration.ofSeconds(90)).until(() -> codeCount(ids) >= 1);
        assertThat(finished(ids)).as("killed mid-flow").isZero();
        first.destroyForcibly().waitFor();

        startHub(port, "second");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> finished(ids) == 3);

        for (UUID id : ids) {
            assertThat(status(id)).isEqualTo("COMPLETED");
            List<Map<String, Object>> docs = documents(id);
            Set<Object> types = new HashSet<>();
            Set<Object> keys = new HashSet<>();
            docs.forEach(d -> {
                // a finished task or step is never done twice: one version of each document
                assertThat(d.get("version")).as(d.get("doc_type") + " " + d.get("subject")).isEqualTo(1);
                types.add(d.get("doc_type"));
                keys.add(d.get("step_key"));
            });
            assertThat(types).containsExactlyInAnyOrder("prd", "system-design", "api-spec", "task-breakdown", "code",
                    "workspace", "test-plan", "test-report", "deployment-guide", "user-docs");
            assertThat(keys).hasSize(docs.size());
        }
    }

    @Test
    void aHubKilledWhileJoiningAWaveLeavesTheJoinToTheNextHub() throws Exception {
        int port = freePort();
        Process first = startHub(port, "joining");
        try (InsertFaults joins = InsertFaults.hold(Target.WAVE_JOINS)) {
            UUID id = start(port, "A packing list for trips " + joins.marker(), "quick-prototype");
            // the first wave's join is under way, its transaction open, when the hub dies
            joins.awaitHeldInsert(Duration.ofSeconds(90));
            first.destroyForcibly().waitFor();
            joins.release();

            startHub(port, "after-joining");
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> finished(List.of(id)) == 1);
            assertThat(status(id)).isEqualTo("COMPLETED");
            int waves = count("select count(distinct (breakdown_id, wave)) as n from task_waves where project_id = ?", id);
            assertThat(waves).isPositive();
            assertThat(count("select count(*) as n from wave_joins where project_id = ?", id)).isEqualTo(waves);
            assertThat(count("select count(*) as n from project_events where project_id = ? and kind = 'wave.joined'", id))
                    .as("each wave announced once").isEqualTo(waves);
            assertThat(documents(id)).allSatisfy(d -> assertThat(d.get("version")).isEqualTo(1));
        }
    }

    private Process startHub(int port, String name) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "dev.vibecoder.VibeCoderApplication")
                .redirectErrorStream(true)
                .redirectOutput(new File("target/restart-hub-" + name + ".log"));
        Map<String, String> env = builder.environment();
        env.put("VIBECODER_DB_URL", DB_URL);
        env.put("VIBECODER_PORT", String.valueOf(port));
        env.put("VIBECODER_NAMESPACE", namespace);
        env.put("VIBECODER_LLM_PROVIDER", "offline");
        env.put("VIBECODER_OFFLINE_LATENCY", "300ms");
        env.put("VIBECODER_ROLE_CONCURRENCY", "2");
        Process hub = builder.start();
        hubs.add(hub);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(hub.isAlive()).as("hub " + name + " exited; see target/restart-hub-" + name + ".log").isTrue();
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        return hub;
    }

    private UUID start(int port, String idea) throws Exception {
        return start(port, idea, null);
    }

    /** Starts a project on the given workflow, or the default one when null. */
    private UUID start(int port, String idea, String workflow) throws Exception {
        Map<String, String> request = workflow == null ? Map.of("idea", idea) : Map.of("idea", idea, "workflow", workflow);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/projects"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(response.body());
        return UUID.fromString(body.path("id").asText());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private int codeCount(List<UUID> ids) throws Exception {
        return ((Number) query("select count(*) as n from documents where project_id = any(?) and doc_type = 'code'",
                ids.toArray(UUID[]::new)).get(0).get("n")).intValue();
    }

    private int finished(List<UUID> ids) throws Exception {
        return ((Number) query("select count(*) as n from projects where id = any(?) and status in ('COMPLETED', 'FAILED')",
                ids.toArray(UUID[]::new)).get(0).get("n")).intValue();
    }

    private int count(String sql, UUID id) throws Exception {
        return ((Number) query(sql, id).get(0).get("n")).intValue();
    }

    private String status(UUID id) throws Exception {
        return (String) query("select status from projects where id = ?", id).get(0).get("status");
    }

    private List<Map<String, Object>> documents(UUID id) throws Exception {
        return query("select doc_type, subject, version, step_key from documents where project_id = ?", id);
    }

    private List<Map<String, Object>> query(String sql, Object parameter) throws Exception {
        try (Connection c = DriverManager.getConnection(DB_URL, DB_USER, DB_PASSWORD);
                PreparedStatement statement = c.prepareStatement(sql)) {
            if (parameter instanceof UUID[] array) {
                statement.setArray(1, c.createArrayOf("uuid", array));
            } else {
                statement.setObject(1, parameter);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new java.util.HashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

}
