package dev.vibecoder.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.app_backend.SlackSignature;
import dev.vibecoder.access.AccessRole;
import dev.vibecoder.connector.github.WebhookSignature;
import dev.vibecoder.connector.slack.CheckpointMessages;
import dev.vibecoder.document.Document;
import dev.vibecoder.document.DocumentStore;
import dev.vibecoder.ops.Canaries.Canary;
import dev.vibecoder.project.Project;
import dev.vibecoder.support.CanaryWatch;
import dev.vibecoder.support.FlowTestSupport;
import dev.vibecoder.support.GitHubStandIn;
import dev.vibecoder.support.PostgresPasswordRelay;
import dev.vibecoder.support.S3SigningRelay;
import dev.vibecoder.support.SlackStandIn;
import dev.vibecoder.support.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

/**
 * Issue 10's canary: a hub given a distinctive fake value for every secret it holds (model keys,
 * GitHub token and webhook secret, Slack bot token and signing secret, S3 keys, database password,
 * console password, and the API tokens it makes) runs one whole project, from a GitHub issue
 * through two Slack checkpoints to a pull request, with artifacts in S3 and two providers over
 * HTTP. Afterwards no canary may be anywhere but in the one header meant for it: not in a log line
 * (DEBUG for the hub's own loggers), a row of any table, a stored artifact, a prompt, a request to
 * GitHub, Slack, the providers or S3, a message on the broker, what the hub sent its database, the
 * printed form of its settings, or what its API and console (every MBean) answer. GitHub is down at
 * first, so its error paths run too. The database and S3 really check their canaries: the hub
 * reaches them through relays that know the fake password and keys and log in with the real ones
 * ({@link PostgresPasswordRelay}, {@link S3SigningRelay}). Each place searched must also show
 * something it should (the idea's marker, the canary in its own header), so a search that looks
 * nowhere fails.
 */
@TestPropertySource(properties = {
        // its own queues: its secrets differ from the other flow tests' hub
        "vibecoder.test.hub-suffix=-canary",
        "vibecoder.github.workflow=reviewed-software-company",
        "logging.level.dev.vibecoder=DEBUG",
})
@ExtendWith(OutputCaptureExtension.class)
@Import(CanaryProbes.Config.class)
class SecretCanaryTest extends FlowTestSupport {

    private static final Canaries CANARIES = new Canaries();
    private static final Canary OPENAI = CANARIES.make("openai-api-key");
    private static final Canary ANTHROPIC = CANARIES.make("anthropic-api-key");
    private static final Canary GITHUB_TOKEN = CANARIES.make("github-token");
    private static final Canary WEBHOOK_SECRET = CANARIES.make("github-webhook-secret");
    private static final Canary SLACK_TOKEN = CANARIES.make("slack-bot-token");
    private static final Canary SIGNING_SECRET = CANARIES.make("slack-signing-secret");
    private static final Canary S3_ACCESS_KEY = CANARIES.make("s3-access-key");
    private static final Canary S3_SECRET_KEY = CANARIES.make("s3-secret-key");
    private static final Canary DB_PASSWORD = CANARIES.make("db-password");
    private static final Canary CONSOLE_PASSWORD = CANARIES.make("console-password");
    /** Not a secret: in the idea, so it must turn up in rows, artifacts, prompts and requests. */
    private static final String MARKER = "Wren" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String BUCKET = "vibecoder-canary";

    private static final CanaryWatch DB_TRAFFIC = new CanaryWatch(List.of(MARKER));
    private static final URI DB = URI.create(System.getenv().getOrDefault("VIBECODER_TEST_DB_URL",
            "jdbc:postgresql://127.0.0.1:5433/vibecoder_test").substring("jdbc:".length()));
    private static final PostgresPasswordRelay DATABASE;
    private static final S3SigningRelay STORE;
    private static final Path BOOTSTRAP_TOKEN_FILE;

    static {
        CANARIES.all().forEach(canary -> DB_TRAFFIC.watch(canary.value()));
        try {
            DATABASE = new PostgresPasswordRelay(new InetSocketAddress(DB.getHost(), DB.getPort() < 0 ? 5432
                    : DB.getPort()), DB_PASSWORD.value(), System.getenv().getOrDefault("VIBECODER_DB_PASSWORD",
                    "vibecoder"), DB_TRAFFIC);
            STORE = new S3SigningRelay(env("VIBECODER_S3_ENDPOINT"), env("VIBECODER_S3_ACCESS_KEY"),
                    env("VIBECODER_S3_SECRET_KEY"), S3_ACCESS_KEY.value(), S3_SECRET_KEY.value());
            Path directory = Files.createTempDirectory("vibecoder-canary");
            BOOTSTRAP_TOKEN_FILE = directory.resolve("admin-token");
            // removed in the reverse order: the file, then its directory
            directory.toFile().deleteOnExit();
            BOOTSTRAP_TOKEN_FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GitHubStandIn.acceptToken(GITHUB_TOKEN.value());
        SlackStandIn.acceptToken(SLACK_TOKEN.value());
        stubProviders(OPENAI.value(), ANTHROPIC.value());
    }

    @DynamicPropertySource
    static void canaries(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + DATABASE.port() + DB.getRawPath()
                + (DB.getRawQuery() == null ? "" : "?" + DB.getRawQuery()));
        registry.add("spring.datasource.password", DB_PASSWORD::value);
        registry.add("vibecoder.artifacts.endpoint", STORE::endpoint);
        registry.add("vibecoder.artifacts.access-key", S3_ACCESS_KEY::value);
        registry.add("vibecoder.artifacts.secret-key", S3_SECRET_KEY::value);
        registry.add("vibecoder.artifacts.bucket", () -> BUCKET);
        registry.add("vibecoder.llm.openai.api-key", OPENAI::value);
        registry.add("vibecoder.llm.anthropic.api-key", ANTHROPIC::value);
        registry.add("vibecoder.console.password", CONSOLE_PASSWORD::value);
        registry.add("vibecoder.test.github-token", GITHUB_TOKEN::value);
        registry.add("vibecoder.test.github-webhook-secret", WEBHOOK_SECRET::value);
        registry.add("vibecoder.test.slack-bot-token", SLACK_TOKEN::value);
        registry.add("vibecoder.test.slack-signing-secret", SIGNING_SECRET::value);
        registry.add("vibecoder.security.bootstrap-token-file", BOOTSTRAP_TOKEN_FILE::toString);
    }

    @Autowired
    DocumentStore documents;
    @Autowired
    CanaryProbes probes;

    @Test
    void noSecretLeavesTheHeaderMeantForIt(CapturedOutput output) throws Exception {
        Instant start = Instant.now();
        String bootstrapToken = Files.readString(BOOTSTRAP_TOKEN_FILE).strip();
        assertThat(bootstrapToken).startsWith("vct_");
        CANARIES.add("bootstrap-admin-token", bootstrapToken);
        String apiToken = TestTokens.of(jdbc, "canary-admin", AccessRole.ADMIN);
        CANARIES.add("api-token", apiToken);
        CANARIES.all().forEach(canary -> DB_TRAFFIC.watch(canary.value()));
        String queue = probes.tapTheBroker();
        String repo = "acme/canary-" + NAMESPACE;
        GitHubStandIn.github().repository(repo);

        // a labelled issue, delivered and signed as GitHub does; GitHub is in trouble at first, so the
        // hub's error paths (its log lines, the reason it keeps) run too
        GitHubStandIn.github().outage(repo, true);
        UUID id = startFromIssue(repo, 11, "A bird log " + MARKER, "Note the birds I see each morning, " + MARKER + ".");
        // both checkpoints decided by clicks in Slack, signed as Slack does
        approveInSlack(id, "prd");
        approveInSlack(id, "system-design");
        assertThat(awaitFinished(id).status()).isEqualTo(Project.Status.COMPLETED);
        String publishError = await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.queryForObject(
                "select publish_error from github_projects where project_id = ?", String.class, id), e -> e != null);
        assertThat(publishError).contains("502");
        GitHubStandIn.github().outage(repo, false);
        JsonNode pull = await().atMost(Duration.ofSeconds(30)).until(() -> GitHubStandIn.github().pulls(repo).stream()
                .filter(p -> p.path("head").path("ref").asText().equals("vibecoder/" + id)).findFirst().orElse(null),
                p -> p != null);
        await().atMost(Duration.ofSeconds(15)).until(() -> GitHubStandIn.github().comments(repo, 11).stream()
                .anyMatch(c -> c.body().contains("done, see pull request #" + pull.path("number").asInt())));
        List<String> keys = probes.awaitArtifacts(id);

        // the API with each token, the console with its password: their answers are searched too
        Map<String, String> answers = new LinkedHashMap<>();
        RestClient api = withToken(apiToken);
        for (String path : List.of("/api/projects/" + id, "/api/projects/" + id + "/events",
                "/api/projects/" + id + "/documents",
                "/api/projects/" + id + "/documents/prd?version=1&format=markdown", "/api/projects/" + id + "/artifacts")) {
            answers.put("GET " + path, api.get().uri(path).retrieve().body(String.class));
        }
        String zip = keys.stream().filter(k -> k.endsWith(".zip")).findFirst().orElseThrow();
        assertThat(api.get().uri("/api/projects/{id}/artifacts/" + zip.substring(zip.indexOf("/workspaces/") + 1), id)
                .retrieve().body(byte[].class)).isNotEmpty();
        answers.put("GET /api/audit", withToken(bootstrapToken).get().uri("/api/audit").retrieve().body(String.class));
        assertThat(console(null)).isEqualTo(401);
        // every attribute of every MBean, as the console shows them
        String mbeans = anonymous().get().uri("/actuator/jolokia/read/{mbeans}?ignoreErrors=true", "*:*")
                .header(HttpHeaders.AUTHORIZATION, basic(CONSOLE_PASSWORD.value())).retrieve().body(String.class);
        assertThat(mbeans).as("the console read the hub's MBeans").contains("org.apache.camel", "java.lang:type=Runtime");
        answers.put("GET /actuator/jolokia/read/*:*", mbeans);

        List<String> findings = new ArrayList<>();
        // 1. what the hub sent its database (read before the test's own queries below, which name the
        // canaries): the password went in the login only, which the relay takes
        Map<String, Integer> sentToDatabase = DB_TRAFFIC.seen();
        assertThat(DATABASE.logins()).isPositive();
        assertThat(DATABASE.refused()).isZero();
        assertThat(sentToDatabase).as("the relay read the traffic").containsKey(MARKER);
        sentToDatabase.keySet().stream().filter(seen -> !seen.equals(MARKER))
                .forEach(seen -> findings.addAll(CANARIES.in("what the hub sent PostgreSQL", seen)));
        // 2. the log: every line the JVM printed since the test class started, the hub's start-up included
        String log = output.getAll();
        assertThat(log).as("the captured log holds the hub's lines").contains("Started SecretCanaryTest")
                .contains(id.toString());
        String[] lines = log.split("\n");
        for (int i = 0; i < lines.length; i++) {
            findings.addAll(CANARIES.in("log line " + (i + 1) + " [" + lines[i].strip() + "]", lines[i]));
        }
        // 3. every row of every table
        findings.addAll(probes.rows(CANARIES));
        assertThat(probes.rowsWith(MARKER)).as("the idea's marker is found in rows").contains("projects", "documents");
        assertThat(probes.rowsWith(sha256(apiToken))).as("the API token is kept as its SHA-256").contains("api_tokens");
        // 4. every object the run stored in the bucket, zips opened
        Map<String, byte[]> objects = probes.objects(BUCKET, start.minusSeconds(60));
        assertThat(objects.keySet()).containsAll(keys);
        objects.forEach((key, bytes) -> findings.addAll(CANARIES.in("S3 object " + key, bytes)));
        assertThat(objects.values()).as("the marker is in the artifacts")
                .anyMatch(bytes -> new String(bytes, StandardCharsets.UTF_8).contains(MARKER));
        // 5. every prompt, to whichever model
        List<String> prompts = probes.prompts();
        assertThat(prompts).as("prompts were recorded").hasSizeGreaterThan(8).anyMatch(p -> p.contains(MARKER));
        for (int i = 0; i < prompts.size(); i++) {
            findings.addAll(CANARIES.in("prompt " + (i + 1), prompts.get(i)));
        }
        // 6. every request to GitHub, Slack, the providers and S3, but the header meant for the canary
        findings.addAll(outgoing());
        // 7. every message on the hub's exchanges
        List<String> messages = probes.drain(queue);
        assertThat(messages).as("the broker tap saw the flow").hasSizeGreaterThan(10);
        for (int i = 0; i < messages.size(); i++) {
            findings.addAll(CANARIES.in("broker message " + (i + 1), messages.get(i)));
        }
        // 8. the settings as they print (in logs, failure reports)
        findings.addAll(probes.settings(CANARIES));
        // 9. what the API and the console answered
        answers.forEach((request, answer) -> findings.addAll(CANARIES.in("the answer to " + request, answer)));
        assertThat(answers.get("GET /api/projects/" + id)).as("the API answered").contains(MARKER);

        assertThat(Canaries.summary(findings, 40)).as("places a secret was found").isEmpty();
    }

    /** The requests the stand-ins and the S3 relay received: each canary in its own header, and nowhere else. */
    private List<String> outgoing() {
        List<String> findings = new ArrayList<>();
        List<String> carried = new ArrayList<>();
        STANDINS.getAllServeEvents().forEach(e -> findings.addAll(CANARIES.in("model stand-in", e.getRequest(),
                (header, value) -> meant(carried, e.getRequest().getUrl().startsWith("/v1/chat/completions")
                        && header.equals("authorization") && value.equals("Bearer " + OPENAI.value()), OPENAI)
                        || meant(carried, e.getRequest().getUrl().startsWith("/v1/messages")
                        && header.equals("x-api-key") && value.equals(ANTHROPIC.value()), ANTHROPIC))));
        GitHubStandIn.server().getAllServeEvents().forEach(e -> findings.addAll(CANARIES.in("GitHub", e.getRequest(),
                (header, value) -> meant(carried, header.equals("authorization") && (value.equals("Bearer "
                        + GITHUB_TOKEN.value()) || value.equals("token " + GITHUB_TOKEN.value())), GITHUB_TOKEN))));
        SlackStandIn.server().getAllServeEvents().forEach(e -> findings.addAll(CANARIES.in("Slack", e.getRequest(),
                (header, value) -> meant(carried, header.equals("authorization")
                        && value.equals("Bearer " + SLACK_TOKEN.value()), SLACK_TOKEN))));
        List<S3SigningRelay.Received> s3 = STORE.requests();
        assertThat(s3).as("S3 requests, none refused").isNotEmpty().allMatch(r -> r.status() != 403);
        for (S3SigningRelay.Received request : s3) {
            String where = "S3 " + request.method() + " " + request.uri();
            findings.addAll(CANARIES.in(where + " (URL)", request.uri()));
            request.headers().forEach((header, values) -> values.forEach(value -> {
                if (!meant(carried, header.equals("authorization") && value.startsWith(
                        "AWS4-HMAC-SHA256 Credential=" + S3_ACCESS_KEY.value() + "/")
                        && !value.contains(S3_SECRET_KEY.value()), S3_ACCESS_KEY)) {
                    findings.addAll(CANARIES.in(where + " (header " + header + ")", value));
                }
            }));
            findings.addAll(CANARIES.inBody(where + " (body)", request.body()));
        }
        // each service was called with its own canary, so the requests searched are the hub's
        assertThat(carried).as("canaries in the headers meant for them")
                .contains(OPENAI.name(), ANTHROPIC.name(), GITHUB_TOKEN.name(), SLACK_TOKEN.name(), S3_ACCESS_KEY.name());
        assertThat(GitHubStandIn.server().getAllServeEvents()).as("GitHub got the marker in the pull request")
                .anyMatch(e -> e.getRequest().getBodyAsString().contains(MARKER));
        return findings;
    }

    private static boolean meant(List<String> carried, boolean meant, Canary canary) {
        if (meant) {
            synchronized (carried) {
                carried.add(canary.name());
            }
        }
        return meant;
    }

    private UUID startFromIssue(String repo, int number, String title, String body) {
        ObjectNode payload = JSON.createObjectNode().put("action", "labeled");
        payload.putObject("repository").put("id", 1).put("full_name", repo)
                .put("name", repo.substring(repo.indexOf('/') + 1)).put("default_branch", "main");
        payload.putObject("sender").put("login", "octocat").put("id", 1).put("type", "User");
        ObjectNode issue = payload.putObject("issue").put("id", 9000 + number).put("number", number).put("title", title)
                .put("body", body).put("state", "open").put("author_association", "OWNER")
                .put("html_url", "https://github.test/" + repo + "/issues/" + number);
        issue.putObject("user").put("login", "octocat").put("id", 1).put("type", "User");
        issue.putArray("labels").addObject().put("name", "vibecoder");
        payload.putObject("label").put("name", "vibecoder");
        byte[] bytes = payload.toString().getBytes(StandardCharsets.UTF_8);
        JsonNode reply = anonymous().post().uri("/webhooks/github").contentType(MediaType.APPLICATION_JSON)
                .header("X-GitHub-Event", "issues").header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", WebhookSignature.sign(WEBHOOK_SECRET.value(), bytes))
                .header(HttpHeaders.USER_AGENT, "GitHub-Hookshot/044aadd").body(bytes).retrieve().body(JsonNode.class);
        assertThat(reply.path("outcome").asText()).isEqualTo("started");
        return UUID.fromString(reply.path("projectId").asText());
    }

    /** Waits for the document's checkpoint message in Slack and clicks Approve on it, as an approver. */
    private void approveInSlack(UUID projectId, String type) {
        Document pending = await().atMost(Duration.ofSeconds(60)).until(() -> documents.latest(projectId, type)
                .filter(d -> d.approvalState() == Document.ApprovalState.PENDING).orElse(null), d -> d != null);
        String ts = await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.query(
                "select ts from slack_messages where document_id = ? and ts is not null", (rs, i) -> rs.getString(1),
                pending.id()).stream().findFirst().orElse(null), t -> t != null);
        ObjectNode click = JSON.createObjectNode().put("type", "block_actions").put("api_app_id", "A0VIBECODER")
                .put("trigger_id", "1234567890.0987654321.canary");
        click.putObject("user").put("id", SlackStandIn.APPROVER).put("username", SlackStandIn.APPROVER_NAME)
                .put("team_id", "T0STANDIN");
        click.putObject("container").put("type", "message").put("message_ts", ts)
                .put("channel_id", SlackStandIn.CHANNEL);
        click.putObject("channel").put("id", SlackStandIn.CHANNEL);
        click.putObject("message").put("type", "message").put("ts", ts);
        click.putArray("actions").addObject().put("type", "button").put("action_id", CheckpointMessages.APPROVE)
                .put("block_id", CheckpointMessages.DECISION_BLOCK).put("value", pending.id().toString())
                .put("action_ts", Instant.now().getEpochSecond() + ".000200");
        String body = "payload=" + URLEncoder.encode(click.toString(), StandardCharsets.UTF_8);
        String now = String.valueOf(Instant.now().getEpochSecond());
        int status = anonymous().post().uri("/webhooks/slack/interactions")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).header("X-Slack-Request-Timestamp", now)
                .header("X-Slack-Signature", new SlackSignature.Generator(SIGNING_SECRET.value()).generate(now, body))
                .body(body).exchange((request, response) -> response.getStatusCode().value());
        assertThat(status).isEqualTo(200);
        assertThat(documents.get(pending.id()).approvalState()).isEqualTo(Document.ApprovalState.APPROVED);
    }

    private RestClient withToken(String token) {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token).build();
    }

    /** The console's status for a request with this password (none: without credentials). */
    private int console(String password) {
        return anonymous().get().uri("/actuator/jolokia/version").headers(h -> {
            if (password != null) {
                h.set(HttpHeaders.AUTHORIZATION, basic(password));
            }
        }).exchange((request, response) -> response.getStatusCode().value());
    }

    private static String basic(String password) {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the canary test needs the S3 store: " + name + " is not set"
                    + " (source .services/env)");
        }
        return value;
    }
}
