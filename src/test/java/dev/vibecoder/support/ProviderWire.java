package dev.vibecoder.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How each model provider's stand-in speaks: which requests are a role's calls (the endpoint, the
 * key, the document's schema sent the provider's way, the project's idea), its answers (with the
 * provider's token counts and its way of saying an answer was cut off) and its errors, in the
 * provider's own format: OpenAI's {@code {"error": {"message", "type", "param", "code"}}} with its
 * {@code x-ratelimit-*} headers, Anthropic's {@code {"type": "error", "error": {"type", "message"}}}
 * with {@code retry-after}, Ollama's {@code {"error": "..."}}.
 */
public enum ProviderWire {

    /** Chat completions; the schema as {@code response_format}. */
    OPENAI("/v1/chat/completions", "gpt-4o-mini-2024-07-18", 1234, 567, 2, "$.max_tokens") {
        @Override
        MappingBuilder withSchema(MappingBuilder request, String docType) {
            return request.withHeader("Authorization", equalTo("Bearer test-openai-key"))
                    .withRequestBody(matchingJsonPath("$.response_format.type", equalTo("json_schema")))
                    .withRequestBody(matchingJsonPath("$.response_format.json_schema.name", equalTo(docType)));
        }

        @Override
        public String body(String model, String docType, String text, boolean cutOff) {
            ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-standin").put("object", "chat.completion")
                    .put("created", 1_700_000_000L).put("model", model);
            body.putArray("choices").addObject().put("index", 0).put("finish_reason", cutOff ? "length" : "stop")
                    .putObject("message").put("role", "assistant").put("content", text);
            body.putObject("usage").put("prompt_tokens", inputTokens()).put("completion_tokens", outputTokens())
                    .put("total_tokens", inputTokens() + outputTokens());
            return body.toString();
        }

        /**
         * OpenAI's 429 names the limit reached; when it clears is in the {@code x-ratelimit-reset-*}
         * headers (Go durations) and in the message. A {@code retry-after} is not to be counted on
         * (SDK users report 429s without one), so this one sends none.
         */
        @Override
        ResponseDefinitionBuilder fault(ModelFaultInjector.Kind kind) {
            return switch (kind) {
                case RATE_LIMITED -> json(429, error("Rate limit reached for gpt-4o-mini in organization org-standin"
                        + " on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 1s."
                        + " Visit https://platform.openai.com/account/rate-limits to learn more.", "requests",
                        "rate_limit_exceeded"))
                        .withHeader("x-ratelimit-limit-requests", "500").withHeader("x-ratelimit-remaining-requests", "0")
                        .withHeader("x-ratelimit-reset-requests", "1s")
                        .withHeader("x-ratelimit-limit-tokens", "200000").withHeader("x-ratelimit-remaining-tokens", "198766")
                        .withHeader("x-ratelimit-reset-tokens", "369ms");
                case SERVER_ERROR -> json(500, error("The server had an error while processing your request. Sorry"
                        + " about that!", "server_error", null));
                default -> overloaded();
            };
        }

        @Override
        public ResponseDefinitionBuilder overloaded() {
            return json(503, error("The engine is currently overloaded, please try again later.", "server_error", null));
        }

        private static String error(String message, String type, String code) {
            ObjectNode error = JSON.createObjectNode();
            error.putObject("error").put("message", message).put("type", type).putNull("param").put("code", code);
            return error.toString();
        }
    },

    /** Messages; the schema as the input schema of the one tool the model must call. */
    ANTHROPIC("/v1/messages", "claude-sonnet-4-5-20250929", 2345, 678, 1, "$.max_tokens") {
        @Override
        MappingBuilder withSchema(MappingBuilder request, String docType) {
            return request.withHeader("x-api-key", equalTo("test-anthropic-key"))
                    .withHeader("anthropic-version", matching("\\d{4}-\\d{2}-\\d{2}"))
                    .withRequestBody(matchingJsonPath("$.system"))
                    .withRequestBody(matchingJsonPath("$.tools[0].name", equalTo("write_" + docType.replace('-', '_'))))
                    .withRequestBody(matchingJsonPath("$.tool_choice.type", equalTo("any")));
        }

        /** A document (a JSON object) as the input of the forced tool's call; anything else as text. */
        @Override
        public String body(String model, String docType, String text, boolean cutOff) {
            JsonNode document = parse(text);
            ObjectNode body = JSON.createObjectNode().put("id", "msg_standin").put("type", "message")
                    .put("role", "assistant").put("model", model)
                    .put("stop_reason", cutOff ? "max_tokens" : document != null ? "tool_use" : "end_turn")
                    .putNull("stop_sequence");
            if (document != null) {
                body.putArray("content").addObject().put("type", "tool_use").put("id", "toolu_standin")
                        .put("name", "write_" + docType.replace('-', '_')).set("input", document);
            } else {
                body.putArray("content").addObject().put("type", "text").put("text", text);
            }
            body.putObject("usage").put("input_tokens", inputTokens()).put("output_tokens", outputTokens());
            return body.toString();
        }

        /** A tool call cut off by the output limit: the input as far as the model got (its first fields). */
        @Override
        public String cut(String document) {
            ObjectNode whole = (ObjectNode) parse(document);
            ObjectNode part = JSON.createObjectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = whole.properties().iterator();
            for (int i = 0; i < whole.size() / 2; i++) {
                Map.Entry<String, JsonNode> field = fields.next();
                part.set(field.getKey(), field.getValue());
            }
            return part.toString();
        }

        @Override
        ResponseDefinitionBuilder fault(ModelFaultInjector.Kind kind) {
            return switch (kind) {
                case RATE_LIMITED -> json(429, error("rate_limit_error", "Number of request tokens has exceeded your"
                        + " per-minute rate limit")).withHeader("retry-after", "1")
                        .withHeader("anthropic-ratelimit-requests-remaining", "0");
                case SERVER_ERROR -> json(500, error("api_error", "Internal server error"));
                default -> overloaded();
            };
        }

        @Override
        public ResponseDefinitionBuilder overloaded() {
            return json(529, error("overloaded_error", "Overloaded"));
        }

        private static String error(String type, String message) {
            ObjectNode error = JSON.createObjectNode().put("type", "error");
            error.putObject("error").put("type", type).put("message", message);
            return error.toString();
        }
    },

    /** /api/chat, not streamed; the schema as {@code format}. */
    OLLAMA("/api/chat", "llama3.1", 2000, 500, 2, "$.options.num_predict") {
        @Override
        MappingBuilder withSchema(MappingBuilder request, String docType) {
            return request.withRequestBody(matchingJsonPath("$.stream", equalTo("false")))
                    .withRequestBody(matchingJsonPath("$.format.title", equalTo(schemaTitle(docType))));
        }

        @Override
        public String body(String model, String docType, String text, boolean cutOff) {
            ObjectNode body = JSON.createObjectNode().put("model", model).put("created_at", "2026-12-04T00:00:00Z")
                    .put("done", true).put("done_reason", cutOff ? "length" : "stop")
                    .put("prompt_eval_count", inputTokens()).put("eval_count", outputTokens());
            body.putObject("message").put("role", "assistant").put("content", text);
            return body.toString();
        }

        /** Ollama has no rate limit: a server whose queue is full ({@code OLLAMA_MAX_QUEUE}) answers 503 busy. */
        @Override
        ResponseDefinitionBuilder fault(ModelFaultInjector.Kind kind) {
            return switch (kind) {
                case RATE_LIMITED -> overloaded();
                case SERVER_ERROR -> json(500, error("llama runner process has terminated: signal: killed"));
                default -> json(500, error("timed out waiting for llama runner to start"));
            };
        }

        @Override
        public ResponseDefinitionBuilder overloaded() {
            return json(503, error("server busy, please try again.  maximum pending requests exceeded"));
        }

        @Override
        public Duration askedWait() {
            return null;
        }

        private static String error(String message) {
            return JSON.createObjectNode().put("error", message).toString();
        }
    };

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String path;
    private final String model;
    private final int inputTokens;
    private final int outputTokens;
    private final int firstAskMessages;
    private final String limitPath;

    ProviderWire(String path, String model, int inputTokens, int outputTokens, int firstAskMessages,
            String limitPath) {
        this.path = path;
        this.model = model;
        this.inputTokens = inputTokens;
        this.outputTokens = outputTokens;
        this.firstAskMessages = firstAskMessages;
        this.limitPath = limitPath;
    }

    /** The request's body must carry the role's document schema, the way this provider takes it. */
    abstract MappingBuilder withSchema(MappingBuilder request, String docType);

    /**
     * The body of an answer of {@code model} to the role that writes {@code docType}, with this
     * provider's token counts; {@code cutOff}: stopped by its output limit.
     */
    public abstract String body(String model, String docType, String text, boolean cutOff);

    public ResponseDefinitionBuilder answer(String model, String docType, String text, boolean cutOff) {
        return json(200, body(model, docType, text, cutOff));
    }

    /** This provider's answer to a request spoilt by {@code kind} (a reset is the same everywhere). */
    abstract ResponseDefinitionBuilder fault(ModelFaultInjector.Kind kind);

    /** What this provider answers while it is down or overloaded. */
    public abstract ResponseDefinitionBuilder overloaded();

    public String path() {
        return path;
    }

    public String model() {
        return model;
    }

    /** The input tokens every answer of this stand-in reports. */
    public int inputTokens() {
        return inputTokens;
    }

    public int outputTokens() {
        return outputTokens;
    }

    /** The least time a client must wait after this provider's 429, as the 429 says; null if it says nothing. */
    public Duration askedWait() {
        return Duration.ofSeconds(1);
    }

    /** Calls of the role that writes {@code docType}. */
    public MappingBuilder request(String docType) {
        return withSchema(post(urlEqualTo(path)), docType);
    }

    /** Calls of the role that writes {@code docType} for a project whose idea carries {@code marker}. */
    public MappingBuilder request(String docType, String marker) {
        // in the idea itself (its line of the prompt, which JSON writes with \n): recalled memories
        // of other projects quote their ideas too
        return request(docType).atPriority(1)
                .withRequestBody(matching("(?s).*<idea>\\\\n[^\\\\]*" + Pattern.quote(marker) + ".*"));
    }

    /** Only a step's first ask (no answer and re-ask in the conversation yet). */
    public MappingBuilder firstAsk(MappingBuilder request) {
        return request.withRequestBody(matchingJsonPath("$.messages.length()", equalTo(String.valueOf(firstAskMessages))));
    }

    /** Only a re-ask (the first answer and the validator's complaint follow the first ask) quoting {@code complaint}. */
    public MappingBuilder reask(MappingBuilder request, String complaint) {
        return request.withRequestBody(matchingJsonPath("$.messages.length()", equalTo(String.valueOf(firstAskMessages + 2))))
                .withRequestBody(containing(complaint));
    }

    /** Only calls whose output limit is {@code tokens}. */
    public MappingBuilder limit(MappingBuilder request, int tokens) {
        return request.withRequestBody(matchingJsonPath(limitPath, equalTo(String.valueOf(tokens))));
    }

    public ResponseDefinitionBuilder answer(String docType, String text) {
        return answer(model, docType, text, false);
    }

    public ResponseDefinitionBuilder answer(String docType, String text, boolean cutOff) {
        return answer(model, docType, text, cutOff);
    }

    /** What of {@code document} an answer cut off by its output limit carries: its first half. */
    public String cut(String document) {
        return document.substring(0, document.length() / 2);
    }

    /** This provider's fault response, with the header that marks it in the request log. */
    ResponseDefinitionBuilder fault(ModelFaultInjector.Kind kind, long slowMs) {
        if (kind == ModelFaultInjector.Kind.CONNECTION_RESET) {
            return ResponseDefinitionBuilder.responseDefinition().withFault(Fault.CONNECTION_RESET_BY_PEER);
        }
        ResponseDefinitionBuilder fault = fault(kind).withHeader(ModelFaultInjector.HEADER, kind.name());
        // too slow: the client gives up first; an error status keeps it apart from answers in the request log
        return kind == ModelFaultInjector.Kind.TOO_SLOW ? fault.withFixedDelay((int) slowMs) : fault;
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String schemaTitle(String docType) {
        return schema(docType).path("title").asText();
    }

    /** The JSON Schema of a document type, as config/schemas has it. */
    public static JsonNode schema(String docType) {
        try {
            return JSON.readTree(Path.of("config/schemas", docType + ".schema.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
