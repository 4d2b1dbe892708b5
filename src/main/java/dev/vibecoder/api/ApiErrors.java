package dev.vibecoder.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.vibecoder.connector.storage.ArtifactStore;
import dev.vibecoder.access.StartLimits;
import dev.vibecoder.support.InvalidInput;
import dev.vibecoder.workflow.Approvals;
import dev.vibecoder.workflow.Revisions;
import java.util.Arrays;
import java.util.Collection;
import java.util.UUID;
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
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Errors as RFC 9457 problem details with a reason a client can act on; a 400 names the field at
 * fault in {@code field}. Errors no controller saw get the same shape from {@link Problems}.
 */
@RestControllerAdvice
public class ApiErrors extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(InvalidInput.class)
    ProblemDetail invalid(InvalidInput e) {
        LOG.info("rejected request: {}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle(Problems.INVALID_TITLE);
        problem.setProperty(Problems.FIELD, e.field());
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

    @ExceptionHandler(StartLimits.TooManyStarts.class)
    ResponseEntity<ProblemDetail> tooManyStarts(StartLimits.TooManyStarts e) {
        LOG.info("refused: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header("Retry-After", String.valueOf(Math.max(1, e.retryAfter().toSeconds())))
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage()));
    }

    /** A requester asking for a revision of someone else's project. */
    @ExceptionHandler(NotYours.class)
    ProblemDetail notYours(NotYours e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
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
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MismatchedInputException mismatch) {
                // well-formed JSON of the wrong type: say which field, and what it must be
                return ResponseEntity.badRequest().body(invalid(new InvalidInput(fieldOf(mismatch),
                        "must be " + expected(mismatch.getTargetType()))));
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
        problem.setTitle(Problems.INVALID_TITLE);
        problem.setProperty(Problems.FIELD, "body");
        return ResponseEntity.badRequest().body(problem);
    }

    /** Spring's own 400s (a missing parameter, a binding error) are titled and name their field like ours. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (status.value() == 400 && body instanceof ProblemDetail problem
                && (problem.getProperties() == null || !problem.getProperties().containsKey(Problems.FIELD))) {
            problem.setTitle(Problems.INVALID_TITLE);
            problem.setProperty(Problems.FIELD, e instanceof MissingServletRequestParameterException missing
                    ? missing.getParameterName() : "request");
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    /** The JSON path of the value at fault ({@code idea}, {@code changes[2].path}); the body itself is "body". */
    static String fieldOf(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference step : e.getPath()) {
            if (step.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                field.append('[').append(step.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == UUID.class) {
            return "a JSON string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a JSON array";
        }
        return "a JSON object";
    }
}
