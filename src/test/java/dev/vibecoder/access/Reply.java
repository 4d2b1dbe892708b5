package dev.vibecoder.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;

/** An API answer of any status, as it came: status, headers and body text. */
record Reply(int status, HttpHeaders headers, String body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Sends the request; a 4xx or 5xx is an answer like any other, not an exception. */
    static Reply of(RestClient.RequestHeadersSpec<?> request) {
        return request.exchange((sent, response) -> {
            HttpHeaders headers = new HttpHeaders();
            headers.putAll(response.getHeaders());
            return new Reply(response.getStatusCode().value(), headers,
                    new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8));
        });
    }

    /** The API on {@code port} with {@code Authorization: Bearer <token>}. */
    static RestClient bearer(int port, String token) {
        return RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token).build();
    }

    JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
        }
    }

    String contentType() {
        return headers.getFirst(HttpHeaders.CONTENT_TYPE);
    }

    @Override
    public String toString() {
        return status + " " + body;
    }
}
