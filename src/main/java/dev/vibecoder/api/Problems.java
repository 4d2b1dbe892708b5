package dev.vibecoder.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * The hub's one error shape, RFC 9457 problem details: {@code type}, {@code title}, {@code status},
 * {@code detail}, {@code instance} (the request's path) and, for a 400 about one input, {@code field}.
 * {@link ApiErrors} answers errors of the controllers with it; this class gives the same answer where
 * no controller is involved: filters, the firewall, the error page and the servlet container itself.
 */
public final class Problems {

    /** ProblemDetail's properties flattened into the object, as Spring's MVC writes it. */
    private static final ObjectMapper JSON = Jackson2ObjectMapperBuilder.json()
            .serializationInclusion(JsonInclude.Include.NON_NULL).build();

    static final String INVALID_TITLE = "Invalid request";
    static final String FIELD = "field";

    private Problems() {
    }

    /**
     * A problem whose title is the status's reason phrase.
     *
     * @param path the request's path, kept as {@code instance} unless it is no URI reference (a path the
     *             container refused for its escapes is not)
     */
    public static ProblemDetail of(HttpStatusCode status, String detail, String path) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (problem.getTitle() == null) {
            // statuses Spring has no constant for still get a title
            problem.setTitle("HTTP " + status.value());
        }
        if (path != null) {
            try {
                problem.setInstance(URI.create(path));
            } catch (IllegalArgumentException notAUri) {
                // no instance rather than a wrong one
            }
        }
        return problem;
    }

    /**
     * A 400, titled as every 400 of the hub is, with the part of the request at fault in
     * {@code field}: a body field's JSON path, a parameter's name, or {@code body}, {@code path},
     * {@code method}, {@code headers}, {@code query}, {@code request}.
     */
    public static ProblemDetail invalid(String field, String detail, String path) {
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, detail, path);
        problem.setTitle(INVALID_TITLE);
        problem.setProperty(FIELD, field);
        return problem;
    }

    /** What a client is told for a status that came with no reason of its own. */
    static String defaultDetail(int status) {
        return switch (status) {
            case 400 -> "the request is malformed";
            case 401 -> "this resource needs a login";
            case 403 -> "this request is not allowed";
            case 404 -> "there is nothing at this path";
            case 405 -> "this method is not allowed here";
            case 413 -> "the request is too large";
            case 501 -> "the request uses an HTTP feature the hub does not implement";
            case 503 -> "the hub cannot answer now; try again later";
            case 505 -> "this HTTP version is not supported";
            default -> status >= 500 ? "the hub failed to answer this request; its log says why"
                    : reasonPhrase(status).toLowerCase(java.util.Locale.ROOT);
        };
    }

    static String reasonPhrase(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase() : "HTTP " + status;
    }

    static String json(ProblemDetail problem) {
        try {
            return JSON.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers with problem, status and all, where nothing was written yet. */
    public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.resetBuffer();
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        byte[] body = json(problem).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
