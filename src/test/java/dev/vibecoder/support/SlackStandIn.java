package dev.vibecoder.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.notMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A local stand-in for Slack's Web API, for the flow tests' hub. It answers only requests shaped
 * like the real API's (a POST to {@code /api/<method>}, form-encoded as Slack's SDK sends them, with
 * the bot token as {@code Authorization: Bearer}); anything else gets Slack's own kind of refusal,
 * {@code {"ok": false, "error": ...}}. Tests read the calls it received ({@link #calls}) to check
 * what the hub sent.
 */
public final class SlackStandIn {

    public static final String BOT_TOKEN = "xoxb-0000000001-standin-token";
    public static final String SIGNING_SECRET = "standin0signing0secret0f00dcafe1";
    public static final String CHANNEL = "C0VIBECODE";
    public static final String APPROVER = "U0APPROVER";
    public static final String APPROVER_NAME = "alice";

    private static final WireMockServer SERVER = new WireMockServer(options().dynamicPort());
    /** The bot tokens a request may carry: {@link #BOT_TOKEN}, and those of hubs set up with their own. */
    private static final Set<String> TOKENS = new LinkedHashSet<>(List.of(BOT_TOKEN));
    private static StubMapping badToken;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SlackStandIn() {
    }

    /**
     * Points the hub's Slack settings at the stand-in. The bot token and signing secret are
     * {@link #BOT_TOKEN} and {@link #SIGNING_SECRET} unless the test sets {@code vibecoder.test.slack-bot-token}
     * and {@code vibecoder.test.slack-signing-secret} (a token of its own must be {@link #acceptToken accepted}).
     */
    static void register(DynamicPropertyRegistry registry) {
        start();
        registry.add("vibecoder.slack.bot-token", () -> "${vibecoder.test.slack-bot-token:" + BOT_TOKEN + "}");
        registry.add("vibecoder.slack.signing-secret", () -> "${vibecoder.test.slack-signing-secret:"
                + SIGNING_SECRET + "}");
        registry.add("vibecoder.slack.channel", () -> CHANNEL);
        registry.add("vibecoder.slack.server-url", SERVER::baseUrl);
        registry.add("vibecoder.slack.approvers", () -> APPROVER + ",U0SECONDAPPROVER");
    }

    /**
     * Takes this bot token as well as {@link #BOT_TOKEN}: for a hub given a token of its own. Any
     * other token still gets Slack's {@code invalid_auth}.
     */
    public static synchronized void acceptToken(String token) {
        start();
        if (TOKENS.add(token)) {
            SERVER.removeStub(badToken);
            badToken = stubBadToken();
        }
    }

    private static synchronized void start() {
        if (SERVER.isRunning()) {
            return;
        }
        SERVER.start();
        // Slack answers 200 with ok: false for a request it refuses (a wrong token, a missing argument)
        SERVER.stubFor(post(urlMatching("/api/.*")).atPriority(10).willReturn(ok(
                "{\"ok\": false, \"error\": \"invalid_auth\"}")));
        SERVER.stubFor(post(urlMatching("/api/.*")).atPriority(1).withHeader("Authorization", absent())
                .willReturn(ok("{\"ok\": false, \"error\": \"not_authed\"}")));
        badToken = stubBadToken();
        SERVER.stubFor(slack("auth.test").willReturn(ok("""
                {"ok": true, "url": "https://vibecoder-standin.slack.com/", "team": "VibeCoder stand-in",
                 "user": "vibecoder", "team_id": "T0STANDIN", "user_id": "U0VIBEBOT", "bot_id": "B0VIBEBOT"}
                """)));
        // a new message gets a ts of its own; a thread reply is a message too
        SERVER.stubFor(slack("chat.postMessage").withFormParam("channel", equalTo(CHANNEL))
                .withFormParam("text", matching("(?s).+"))
                .willReturn(ok("""
                        {"ok": true, "channel": "%s", "ts": "{{now format='unix'}}.{{randomValue length=6 type='NUMERIC'}}",
                         "message": {"type": "message", "user": "U0VIBEBOT", "bot_id": "B0VIBEBOT"}}
                        """.formatted(CHANNEL)).withTransformers("response-template")));
        SERVER.stubFor(slack("chat.update").withFormParam("channel", equalTo(CHANNEL))
                .withFormParam("ts", matching("\\d+\\.\\d+"))
                .willReturn(ok("""
                        {"ok": true, "channel": "%s", "ts": "{{formData request.body 'form' urlDecode=true}}{{form.ts}}"}
                        """.formatted(CHANNEL)).withTransformers("response-template")));
        SERVER.stubFor(slack("chat.postEphemeral").withFormParam("channel", equalTo(CHANNEL))
                .withFormParam("user", matching("[UW][A-Z0-9]+"))
                .willReturn(ok("{\"ok\": true, \"message_ts\": \"1700000000.000100\"}")));
        SERVER.stubFor(slack("views.open").withFormParam("trigger_id", matching(".+"))
                .withFormParam("view", containing("\"type\":\"modal\""))
                .willReturn(ok("{\"ok\": true, \"view\": {\"id\": \"V0STANDIN\", \"type\": \"modal\"}}")));
    }

    /** {@code invalid_auth} for a bot token the stand-in does not know: none but the ones it accepts. */
    private static StubMapping stubBadToken() {
        String tokens = String.join("|", TOKENS.stream().map(Pattern::quote).toList());
        return SERVER.stubFor(post(urlMatching("/api/.*")).atPriority(1)
                .withHeader("Authorization", notMatching("Bearer (" + tokens + ")"))
                .willReturn(ok("{\"ok\": false, \"error\": \"invalid_auth\"}")));
    }

    /** A Web API method as Slack's SDK calls it: a form POST with a bot token the stand-in accepts. */
    private static MappingBuilder slack(String method) {
        return post(urlEqualTo("/api/" + method))
                .withHeader("Authorization", matching("Bearer .+"))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
    }

    /** A Web API call the hub made: the method, its form fields, and the answer the stand-in gave. */
    public record Call(String method, Map<String, String> fields, String authorization, String answer) {

        public String field(String name) {
            return fields.get(name);
        }

        /** A field holding JSON ({@code blocks}, {@code view}). */
        public JsonNode json(String name) {
            try {
                return JSON.readTree(fields.get(name));
            } catch (JsonProcessingException e) {
                throw new AssertionError(name + " is not JSON: " + fields.get(name), e);
            }
        }

        public JsonNode answerJson() {
            try {
                return JSON.readTree(answer);
            } catch (JsonProcessingException e) {
                throw new AssertionError("answer is not JSON: " + answer, e);
            }
        }
    }

    /** The stand-in's server: every request it received, with its headers, is in its journal. */
    public static WireMockServer server() {
        start();
        return SERVER;
    }

    /** The calls of one method ({@code chat.postMessage}, ...) so far, oldest first. */
    public static List<Call> calls(String method) {
        return SERVER.getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().equals("/api/" + method))
                .sorted(java.util.Comparator.comparing(event -> event.getRequest().getLoggedDate()))
                .map(event -> new Call(method, form(event.getRequest()), event.getRequest().getHeader("Authorization"),
                        event.getResponse().getBodyAsString()))
                .toList();
    }

    /** Requests the stand-in refused, as "method: body": a test expects none from the hub. */
    public static List<String> refused() {
        return SERVER.getAllServeEvents().stream()
                .filter(event -> event.getResponse().getBodyAsString().contains("\"ok\": false"))
                .map(event -> event.getRequest().getUrl() + ": " + event.getRequest().getBodyAsString())
                .toList();
    }

    private static Map<String, String> form(LoggedRequest request) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }
}
