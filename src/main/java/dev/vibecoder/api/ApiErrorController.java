package dev.vibecoder.api;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page, in place of Spring Boot's (whose JSON has another shape): what a filter
 * refused with {@code sendError} (a login the console wants, a request the firewall rejected) and
 * what escaped a controller end here and are answered as {@link Problems problem details}. A 5xx
 * tells nothing of its cause, which the log has.
 */
@RestController
@Hidden
@RequestMapping("${server.error.path:${error.path:/error}}")
public class ApiErrorController implements ErrorController {

    @RequestMapping
    public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(code instanceof Integer status)) {
            // asked for directly, not as an error page: there is nothing here
            return answer(Problems.of(HttpStatusCode.valueOf(404), Problems.defaultDetail(404), request.getRequestURI()));
        }
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        String detail = status < 500 && message instanceof String reason && !reason.isBlank()
                && !reason.equals(Problems.reasonPhrase(status)) ? reason : Problems.defaultDetail(status);
        String path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String p ? p : null;
        // a filter that refused the request with sendError(400) did not say which part of it
        return answer(status == 400 ? Problems.invalid("request", detail, path)
                : Problems.of(HttpStatusCode.valueOf(status), detail, path));
    }

    private static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
