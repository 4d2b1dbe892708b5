package dev.vibecoder.connector.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A small client of GitHub's REST API on the configured base URL, for what egit (and so camel-github)
 * cannot do: the Git Data API (blobs, trees, commits, refs), pull requests and the progress comment,
 * which is edited with {@code PATCH}. HTTP/1.1, GitHub's versioned media type, the token as a bearer token, which
 * works for personal access tokens and GitHub App installation tokens alike. The token is never
 * part of an exception or a log line.
 */
public class GitHubRest {

    static final String API_VERSION = "2022-11-28";
    static final String MEDIA_TYPE = "application/vnd.github+json";
    static final String USER_AGENT = "VibeCoder";

    private final String base;
    private final String token;
    private final ObjectMapper json;
    private final HttpClient http;
    private final Duration timeout;

    public GitHubRest(URI apiUrl, String token, ObjectMapper json, Duration timeout) {
        String url = apiUrl.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.token = token;
        this.json = json;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public JsonNode get(String path) {
        return send("GET", path, null, false).orElseThrow();
    }

    /** The resource, or empty when GitHub answers 404. */
    public Optional<JsonNode> find(String path) {
        return send("GET", path, null, true);
    }

    public JsonNode post(String path, JsonNode body) {
        return send("POST", path, body, false).orElseThrow();
    }

    public JsonNode patch(String path, JsonNode body) {
        return send("PATCH", path, body, false).orElseThrow();
    }

    private Optional<JsonNode> send(String method, String path, JsonNode body, boolean notFoundIsEmpty) {
        if (token == null) {
            throw new GitHubApiException(0, "no GitHub token (GITHUB_TOKEN): cannot " + method + " " + path);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Accept", MEDIA_TYPE)
                .header("X-GitHub-Api-Version", API_VERSION)
                .header("User-Agent", USER_AGENT)
                .header("Authorization", "Bearer " + token);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new GitHubApiException(method + " " + path + ": GitHub cannot be reached: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubApiException(method + " " + path + ": interrupted", e);
        }
        int status = response.statusCode();
        if (status == 404 && notFoundIsEmpty) {
            return Optional.empty();
        }
        if (status >= 300) {
            throw new GitHubApiException(status, method + " " + path + ": GitHub answered " + status + " "
                    + reason(response.body()));
        }
        try {
            String text = response.body();
            return Optional.of(text == null || text.isBlank() ? json.createObjectNode() : json.readTree(text));
        } catch (IOException e) {
            throw new GitHubApiException(status, method + " " + path + ": GitHub's answer is not JSON");
        }
    }

    /**
     * A text field of GitHub's answer (a JSON pointer such as {@code /object/sha}) that the hub builds on
     * or keeps. An answer without it is an error, not an empty string: a blank stored as a base branch or
     * a head would fail every later publication of the project.
     */
    public static String text(JsonNode answer, String pointer, String request) {
        JsonNode value = answer.at(pointer);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw incomplete(request, pointer);
        }
        return value.asText();
    }

    /** A positive number of GitHub's answer (an id, a pull request's number) that the hub keeps. */
    public static long number(JsonNode answer, String pointer, String request) {
        JsonNode value = answer.at(pointer);
        if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() <= 0) {
            throw incomplete(request, pointer);
        }
        return value.asLong();
    }

    private static GitHubApiException incomplete(String request, String pointer) {
        return new GitHubApiException(0, request + ": GitHub's answer has no " + pointer.substring(1).replace('/', '.')
                + "; nothing of it is kept");
    }

    /** GitHub's message and the validation errors it lists, or the start of the body. */
    private String reason(String body) {
        try {
            JsonNode error = json.readTree(body);
            StringBuilder reason = new StringBuilder(error.path("message").asText(""));
            for (JsonNode detail : error.path("errors")) {
                reason.append("; ").append(detail.isTextual() ? detail.asText()
                        : detail.path("message").asText(detail.path("field").asText("") + " "
                                + detail.path("code").asText("")));
            }
            return reason.toString();
        } catch (IOException | RuntimeException notJson) {
            return body == null ? "" : body.substring(0, Math.min(200, body.length()));
        }
    }
}
