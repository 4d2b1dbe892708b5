package dev.vibecoder.api;

import dev.vibecoder.connector.storage.ArtifactStore;
import dev.vibecoder.support.InvalidInput;
import dev.vibecoder.workflow.Approvals;
import dev.vibecoder.workflow.Revisions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Errors as RFC 9457 problem details with a reason a client can act on; a 400 names the field at
 * fault in {@code field}.
 */
@RestControllerAdvice
public class ApiErrors extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(InvalidInput.class)
    ProblemDetail invalid(InvalidInput e) {
        LOG.info("rejected request: {}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid request");
        problem.setProperty("field", e.field());
        return problem;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail mismatch(MethodArgumentTypeMismatchException e) {
        return invalid(new InvalidInput(e.getName(), "'" + e.getValue() + "' is not a valid "
                + (e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName())));
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(Approvals.NotAwaitingDecision.class)
    ProblemDetail conflict(Approvals.NotAwaitingDecision e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(Revisions.NotRevisable.class)
    ProblemDetail notRevisable(Revisions.NotRevisable e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(BodySizeLimit.TooLarge.class)
    ProblemDetail tooLarge(BodySizeLimit.TooLarge e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE, e.getMessage());
    }

    @ExceptionHandler(ArtifactStore.Unavailable.class)
    ProblemDetail artifactStoreUnavailable(ArtifactStore.Unavailable e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                e.getMessage() + "; try again later");
        problem.setTitle("Service unavailable");
        return problem;
    }

    @ExceptionHandler({AmqpException.class, DataAccessResourceFailureException.class})
    ProblemDetail unavailable(RuntimeException e) {
        LOG.warn("request failed, a backing service is unavailable: {}", e.toString());
        boolean broker = false;
        for (Throwable cause = e; cause != null && !broker; cause = cause.getCause()) {
            broker = cause instanceof AmqpException;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                (broker ? "the message broker" : "the database")
                        + " is unavailable; nothing was changed, try again later");
        problem.setTitle("Service unavailable");
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodySizeLimit.TooLarge tooLarge) {
                return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(tooLarge(tooLarge));
            }
        }
        String reason = e.getMostSpecificCause().getMessage();
        if (reason != null) {
            // Jackson appends the location in the source on a new line; the first line is the reason
            reason = reason.lines().findFirst().orElse(reason);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")
                        ? "a JSON request body is required"
                        : "malformed JSON: " + reason);
        problem.setTitle("Invalid request");
        problem.setProperty("field", "body");
        return ResponseEntity.badRequest().body(problem);
    }
}
