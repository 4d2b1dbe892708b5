package dev.vibecoder.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * The error page for what escaped a controller, as the container forwards it: nothing reaches the
 * hub from outside that fails this way, so the forward's request attributes are set here.
 */
class ApiErrorControllerTest {

    private final ApiErrorController errors = new ApiErrorController();

    @Test
    void aServerErrorTellsNothingOfItsCause() {
        MockHttpServletRequest forwarded = forwarded(500, "/api/projects");
        IllegalStateException cause = new IllegalStateException("jdbc:postgresql://db/vibecoder?password=hunter2");
        forwarded.setAttribute(RequestDispatcher.ERROR_EXCEPTION, cause);
        forwarded.setAttribute(RequestDispatcher.ERROR_MESSAGE, cause.getMessage());

        ResponseEntity<ProblemDetail> answer = errors.error(forwarded);

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody().getDetail()).isEqualTo("the hub failed to answer this request; its log says why");
        assertThat(answer.getBody().getTitle()).isEqualTo("Internal Server Error");
        assertThat(answer.getBody().getInstance()).hasToString("/api/projects");
    }

    @Test
    void aClientErrorKeepsTheReasonItWasSentWith() {
        MockHttpServletRequest forwarded = forwarded(413, "/webhooks/slack/interactions");
        forwarded.setAttribute(RequestDispatcher.ERROR_MESSAGE, "request body is larger than 1048576 bytes");

        ProblemDetail problem = errors.error(forwarded).getBody();

        assertThat(problem.getStatus()).isEqualTo(413);
        assertThat(problem.getDetail()).isEqualTo("request body is larger than 1048576 bytes");
        assertThat(problem.getProperties()).isNull();
    }

    @Test
    void aBareBadRequestNamesTheRequestAsTheFieldAtFault() {
        ProblemDetail problem = errors.error(forwarded(400, "/api/projects")).getBody();

        assertThat(problem.getTitle()).isEqualTo("Invalid request");
        assertThat(problem.getDetail()).isEqualTo("the request is malformed");
        assertThat(problem.getProperties()).containsEntry("field", "request");
    }

    private static MockHttpServletRequest forwarded(int status, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, path);
        return request;
    }
}
