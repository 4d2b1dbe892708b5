package dev.vibecoder.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.vibecoder.support.ModelFaultInjector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * A model provider for benchmarks, in a process of its own: Anthropic's Messages API
 * ({@code POST /v1/messages}) answered by the offline model ({@link OfflineAnthropicAnswers}), with
 * a seeded share of faults ({@link ModelFaultInjector}). A hub points at it with
 * {@code ANTHROPIC_BASE_URL=http://127.0.0.1:<port>/v1} and any {@code ANTHROPIC_API_KEY}.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:&lt;test classpath&gt; dev.vibecoder.bench.AnthropicStandIn \
 *     [--port=0] [--model=NAME] [--price-input=USD] [--price-output=USD] [--latency-ms=0] \
 *     [--fault-share=0] [--seed=1] [--slow-ms=15000]
 * </pre>
 *
 * <ul>
 *   <li>{@code --model}: the model name its answers report (by default the one asked for); the hub
 *       prices calls by that name ({@code config/prices.yaml});</li>
 *   <li>{@code --price-input}, {@code --price-output}: USD per million tokens this provider bills,
 *       summed in {@code billed_usd} over the answers it gave (for budget figures: what the provider
 *       would charge, beside what the hub booked);</li>
 *   <li>{@code --latency-ms}: how long each answer takes;</li>
 *   <li>{@code --fault-share}, {@code --seed}, {@code --slow-ms}: faults from the start; too-slow
 *       answers take {@code --slow-ms}, which must be longer than the hub's timeout.</li>
 * </ul>
 *
 * Besides the API: {@code GET /stand-in/stats} (requests, answers, cut-off answers, refused
 * requests, tokens, billed USD, faults by kind) and {@code POST /stand-in/faults} with
 * {@code {"share": 0.3, "seed": 1, "slowMs": 15000}}, which starts faults afresh and zeroes the
 * stats. It prints {@code listening on <url>} once it answers, and runs until it is terminated.
 */
public final class AnthropicStandIn {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AnthropicStandIn() {
    }

    public static void main(String[] args) {
        Map<String, String> options = new HashMap<>(Map.of("port", "0", "price-input", "0", "price-output", "0",
                "latency-ms", "0", "fault-share", "0", "seed", "1", "slow-ms", "15000"));
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options are --name=value, not '" + arg + "'");
            }
            String name = arg.substring(2, arg.indexOf('='));
            if (!options.containsKey(name) && !name.equals("model")) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            options.put(name, arg.substring(arg.indexOf('=') + 1));
        }
        ModelFaultInjector faults = new ModelFaultInjector();
        faults.start(Long.parseLong(options.get("seed")), Double.parseDouble(options.get("fault-share")),
                Long.parseLong(options.get("slow-ms")));
        OfflineAnthropicAnswers answers = new OfflineAnthropicAnswers(faults, options.get("model"),
                new BigDecimal(options.get("price-input")), new BigDecimal(options.get("price-output")),
                Integer.parseInt(options.get("latency-ms")));
        WireMockServer server = start(Integer.parseInt(options.get("port")), faults, answers);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "stand-in-stop"));
        System.out.println("listening on " + server.baseUrl());
        System.out.flush();
    }

    /** The stand-in on {@code port} (0: any free one), started. */
    static WireMockServer start(int port, ModelFaultInjector faults, OfflineAnthropicAnswers answers) {
        Admin admin = new Admin(faults, answers);
        // slow answers keep their thread for the whole delay: room for them beside the hub's calls
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").port(port)
                .containerThreads(64).disableRequestJournal().extensions(answers, admin));
        server.start();
        server.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(aResponse()
                .withTransformers(OfflineAnthropicAnswers.NAME)));
        server.stubFor(get(urlPathEqualTo("/stand-in/stats")).willReturn(aResponse().withTransformers(Admin.NAME)));
        server.stubFor(post(urlPathEqualTo("/stand-in/faults")).willReturn(aResponse().withTransformers(Admin.NAME)));
        return server;
    }

    /** The stats and the fault switch. */
    private static final class Admin implements ResponseDefinitionTransformerV2 {

        static final String NAME = "stand-in-admin";

        private final ModelFaultInjector faults;
        private final OfflineAnthropicAnswers answers;

        Admin(ModelFaultInjector faults, OfflineAnthropicAnswers answers) {
            this.faults = faults;
            this.answers = answers;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            if (event.getRequest().getUrl().startsWith("/stand-in/faults")) {
                JsonNode body = read(event.getRequest().getBodyAsString());
                faults.start(body.path("seed").asLong(1), body.path("share").asDouble(0),
                        body.path("slowMs").asLong(15_000));
                answers.reset();
            }
            return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(answers.stats().toString()).build();
        }

        private static JsonNode read(String text) {
            try {
                return JSON.readTree(text.isBlank() ? "{}" : text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }
}
