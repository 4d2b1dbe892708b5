package dev.vibecoder.support;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.vibecoder.project.Project;
import dev.vibecoder.project.ProjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import org.springframework.http.HttpHeaders;
import dev.vibecoder.access.AccessRole;

/**
 * One hub for all flow tests, on the real RabbitMQ and PostgreSQL: its own broker namespace (queues
 * expire after the run), the test database, and every role on the {@link ScriptedProvider} except
 * two that go over HTTP to local stand-ins of OpenAI (devops) and Anthropic (tech-writer), which
 * answer only requests shaped like the real APIs', asking for the role's document schema the way
 * each provider takes it (OpenAI {@code response_format}, Anthropic a forced tool). Ollama's base URL
 * is the stand-ins' too, for hubs that put roles on it. How each provider speaks: {@link ProviderWire}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=${VIBECODER_TEST_DB_URL:jdbc:postgresql://127.0.0.1:5433/vibecoder_test}",
        "vibecoder.broker.queue-expires-ms=900000",
        "vibecoder.errors.max-redeliveries=1",
        "vibecoder.errors.redelivery-delay-ms=200",
        "vibecoder.llm.provider=" + ScriptedProvider.NAME,
        "vibecoder.llm.roles.devops.provider=openai",
        "vibecoder.llm.roles.tech-writer.provider=anthropic",
        "vibecoder.llm.openai.api-key=" + FlowTestSupport.OPENAI_KEY,
        "vibecoder.llm.openai.max-retries=0",
        // the fault tests' stand-in answers some calls later than this (ModelFaultInjector)
        "vibecoder.llm.anthropic.timeout=5s",
        "vibecoder.llm.anthropic.api-key=" + FlowTestSupport.ANTHROPIC_KEY,
        "vibecoder.llm.anthropic.max-retries=4",
        "vibecoder.llm.faults.initial-backoff=100ms",
        "vibecoder.llm.faults.max-backoff=2s",
        "vibecoder.llm.faults.sliding-window-size=10",
        "vibecoder.llm.faults.minimum-calls=5",
        "vibecoder.llm.faults.open-for=2s",
        "vibecoder.llm.faults.probe-calls=1",
        // longer than any wait of the fault tests: parked steps come back when the circuit lets probes through
        "vibecoder.llm.faults.park-delay=30s",
        "vibecoder.console.password=test-console-password",
        "vibecoder.artifacts.bucket=vibecoder-test",
        // the suite starts hundreds of projects as a few identities; the limit has its own test
        "vibecoder.security.starts.capacity=1000000",
})
@CamelSpringBootTest
@DisableJmx(false)
@AutoConfigureObservability(tracing = false)
@Import(FlowTestSupport.TestProviders.class)
public abstract class FlowTestSupport {

    /** Unique per test JVM: nothing another run left on the broker reaches this hub. */
    public static final String NAMESPACE = "t" + UUID.randomUUID().toString().substring(0, 8);
    /** The keys the hub calls the provider stand-ins with (a test may stub its own: {@link #stubProviders}). */
    public static final String OPENAI_KEY = "test-openai-key";
    public static final String ANTHROPIC_KEY = "test-anthropic-key";
    public static final int OPENAI_PROMPT_TOKENS = ProviderWire.OPENAI.inputTokens();
    public static final int OPENAI_COMPLETION_TOKENS = ProviderWire.OPENAI.outputTokens();
    public static final int ANTHROPIC_INPUT_TOKENS = ProviderWire.ANTHROPIC.inputTokens();
    public static final int ANTHROPIC_OUTPUT_TOKENS = ProviderWire.ANTHROPIC.outputTokens();

    protected static final ObjectMapper JSON = new ObjectMapper();
    /** Faults for stubs that name it ({@link ModelFaultInjector#NAME}); idle until started. */
    protected static final ModelFaultInjector FAULTS = new ModelFaultInjector();
    /**
     * Threads enough for every call the hubs may have in flight to the three providers at once
     * (their bulkheads) while some sleep through a too-slow answer: a request that waited for a
     * thread would reach the stand-in (and its log) late, as if the client had sent it late.
     */
    protected static final WireMockServer STANDINS = new WireMockServer(options().dynamicPort().containerThreads(64)
            .extensions(FAULTS));

    static {
        STANDINS.start();
        stubProviders(OPENAI_KEY, ANTHROPIC_KEY);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestProviders {
        @Bean
        ScriptedProvider scriptedProvider() {
            return new ScriptedProvider();
        }
    }

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        // a subclass whose hub is set up differently sets vibecoder.test.hub-suffix: its own queues, or
        // the hub of the other flow tests, alive in the same JVM, would take its work orders
        registry.add("vibecoder.broker.namespace", () -> NAMESPACE + "${vibecoder.test.hub-suffix:}");
        registry.add("vibecoder.llm.openai.base-url", () -> STANDINS.baseUrl() + "/v1");
        registry.add("vibecoder.llm.anthropic.base-url", () -> STANDINS.baseUrl() + "/v1/");
        registry.add("vibecoder.llm.ollama.base-url", STANDINS::baseUrl);
        // the GitHub and Slack secrets go through vibecoder.test.* placeholders that a subclass may set
        // (SecretCanaryTest): registering these keys again in a subclass would leave which value wins to
        // the order Spring calls the @DynamicPropertySource methods in
        GitHubStandIn.register(registry);
        SlackStandIn.register(registry);
    }

    @LocalServerPort
    protected int port;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected ProjectStore projects;

    /** The REST API as {@code alice}, an admin: every endpoint is open to her. */
    protected RestClient api() {
        return as("alice", AccessRole.ADMIN);
    }

    /** The REST API as {@code identity}, with {@code role}. */
    protected RestClient as(String identity, AccessRole role) {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader(HttpHeaders.AUTHORIZATION, TestTokens.bearer(jdbc, identity, role)).build();
    }

    /** The REST API without credentials. */
    protected RestClient anonymous() {
        return RestClient.builder().baseUrl("http://localhost:" + port).build();
    }

    /** Starts a project through the REST API, as a user would. */
    protected UUID startProject(String idea, String workflow) {
        Map<String, String> body = workflow == null ? Map.of("idea", idea) : Map.of("idea", idea, "workflow", workflow);
        JsonNode created = api().post().uri("/api/projects").body(body).retrieve().body(JsonNode.class);
        return UUID.fromString(created.path("id").asText());
    }

    protected Project awaitFinished(UUID projectId) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> projects.get(projectId).orElseThrow().status().finished());
        return projects.get(projectId).orElseThrow();
    }

    /**
     * The OpenAI chat completions and Anthropic messages endpoints, matched on what the real APIs
     * require, for calls with these keys (a request with another key matches no stub: WireMock's 404).
     */
    protected static void stubProviders(String openAiKey, String anthropicKey) {
        STANDINS.stubFor(ProviderWire.OPENAI.request("deployment-guide")
                .withHeader("Authorization", equalTo("Bearer " + openAiKey))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("system")))
                .withRequestBody(matchingJsonPath("$.messages[1].role", equalTo("user")))
                .withRequestBody(matchingJsonPath("$.response_format.json_schema.strict", equalTo("false")))
                .withRequestBody(matchingJsonPath("$.response_format.json_schema.schema.properties.environmentVariables"))
                .willReturn(ProviderWire.OPENAI.answer("deployment-guide", standin("deployment-guide.json"))));

        STANDINS.stubFor(ProviderWire.ANTHROPIC.request("user-docs")
                .withHeader("x-api-key", equalTo(anthropicKey))
                .withRequestBody(matchingJsonPath("$.model", equalTo("claude-sonnet-4-5")))
                .withRequestBody(matchingJsonPath("$.max_tokens"))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("user")))
                .withRequestBody(matchingJsonPath("$.tools[0].input_schema.required[0]", equalTo("title")))
                .willReturn(anthropicAnswer()));
    }

    /** The Anthropic stand-in's answer: the user docs as the input of the one tool the model must call, with usage. */
    protected static ResponseDefinitionBuilder anthropicAnswer() {
        return ProviderWire.ANTHROPIC.answer("user-docs", standin("user-docs.json"));
    }

    protected static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static String standin(String file) {
        try {
            return Files.readString(Path.of("src/test/resources/standins", file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
