package dev.vibecoder.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import dev.vibecoder.access.AccessRole;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * A hub in a process of its own, started as an operator starts one ({@code java ... VibeCoderApplication}) on the
 * test database and broker, in a broker namespace and working directory the test chooses: for what only a real
 * process shows (a kill, a restart with messages waiting, where it reads its files from, how it fails to start).
 * Its log is kept under {@code target/}.
 */
public final class HubProcess implements AutoCloseable {

    public static final String DB_URL = System.getenv().getOrDefault("VIBECODER_TEST_DB_URL",
            "jdbc:postgresql://127.0.0.1:5433/vibecoder_test");
    public static final String DB_USER = System.getenv().getOrDefault("VIBECODER_DB_USER", "vibecoder");
    public static final String DB_PASSWORD = System.getenv().getOrDefault("VIBECODER_DB_PASSWORD", "vibecoder");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String name;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> arguments = new ArrayList<>();
    private Path workingDirectory = Path.of("").toAbsolutePath();
    private Process process;
    private int port;

    private HubProcess(String name, String namespace) {
        this.name = name;
        env.put("VIBECODER_DB_URL", DB_URL);
        env.put("VIBECODER_NAMESPACE", namespace);
        env.put("VIBECODER_LLM_PROVIDER", "offline");
        env.put("VIBECODER_ROLE_CONCURRENCY", "2");
        // a test run shares PostgreSQL with other tests and hubs: a few connections are plenty
        env.put("VIBECODER_DB_POOL_SIZE", "6");
    }

    /** The test database, as the hubs' tests read it. */
    public static JdbcTemplate testDatabase() {
        return new JdbcTemplate(new SimpleDriverDataSource(new org.postgresql.Driver(), DB_URL, DB_USER, DB_PASSWORD));
    }

    /** A hub named {@code name} (its log: {@code target/hub-<name>.log}) in a broker namespace. */
    public static HubProcess named(String name, String namespace) {
        return new HubProcess(name, namespace);
    }

    public HubProcess env(String variable, String value) {
        env.put(variable, value);
        return this;
    }

    /** A command-line argument, such as {@code --vibecoder.routes-dir=...}. */
    public HubProcess argument(String argument) {
        arguments.add(argument);
        return this;
    }

    public HubProcess workingDirectory(Path directory) {
        workingDirectory = directory.toAbsolutePath();
        return this;
    }

    public Path log() {
        return Path.of("target", "hub-" + name + ".log").toAbsolutePath();
    }

    /** Starts the process and waits until the hub says it is ready. */
    public HubProcess start() throws IOException {
        launch();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(process.isAlive()).as("hub " + name + " exited; its log:\n" + logText()).isTrue();
            try {
                return HTTP.send(HttpRequest.newBuilder(url("/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return this;
    }

    /** Starts the process and waits for it to give up; its exit code. */
    public int startAndAwaitExit(Duration within) throws IOException, InterruptedException {
        launch();
        assertThat(process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS))
                .as("hub " + name + " still running after " + within + "; its log:\n" + logText()).isTrue();
        return process.exitValue();
    }

    private void launch() throws IOException {
        port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "dev.vibecoder.VibeCoderApplication"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(log().toFile());
        builder.environment().putAll(env);
        builder.environment().put("VIBECODER_PORT", String.valueOf(port));
        process = builder.start();
    }

    public String logText() {
        try {
            return Files.exists(log()) ? Files.readString(log()) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** Starts a project through the REST API; its id. */
    public UUID startProject(String idea, String workflow) throws IOException, InterruptedException {
        Map<String, String> body = workflow == null ? Map.of("idea", idea) : Map.of("idea", idea, "workflow", workflow);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url("/api/projects"))
                .header("Content-Type", "application/json")
                .header("Authorization", TestTokens.bearer(testDatabase(), "hub-tests", AccessRole.REQUESTER))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode created = JSON.readTree(response.body());
        return UUID.fromString(created.path("id").asText());
    }

    /** Stops the hub as an operator does (SIGTERM: a graceful shutdown), and waits for it. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** SIGKILL: a crash. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
