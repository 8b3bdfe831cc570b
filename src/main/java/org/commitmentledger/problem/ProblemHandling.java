package org.commitmentledger.problem;

import org.commitmentledger.kernel.InvalidInputException;
import org.commitmentledger.kernel.Instants;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Shapes every refusal as RFC 9457 problem+json: Spring's own MVC exceptions through
 * {@link ResponseEntityExceptionHandler}, the ledger's through the handlers below (ADR 0009).
 */
@RestControllerAdvice
public class ProblemHandling extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandling.class);
    public static final String TYPE_BASE = "https://commitment-ledger.example/problems/";

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<Object> invalid(InvalidInputException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", e.getMessage());
        // a record: keys in the contract's order (field, message); Map.of's order changes from one start to the next
        problem.setProperty("errors", e.problems().stream()
                .map(p -> new InvalidInputException.FieldProblem(p.field() == null ? "" : p.field(), p.message()))
                .toList());
        return entity(problem);
    }

    @ExceptionHandler(LedgerRuleViolation.class)
    ResponseEntity<Object> conflict(LedgerRuleViolation e) {
        return entity(problem(HttpStatus.CONFLICT, "rule-violated", "The ledger's state forbids this", e.getMessage()));
    }

    @ExceptionHandler(UnknownResourceException.class)
    ResponseEntity<Object> unknown(UnknownResourceException e) {
        return entity(problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage()));
    }

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ResponseEntity<Object> reusedKey(IdempotencyKeyReusedException e) {
        return entity(problem(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused", "Idempotency-Key reused",
                e.getMessage()));
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<Object> unknownAggregate(AggregateNotFoundException e) {
        return entity(problem(HttpStatus.NOT_FOUND, "not-found", "Not found",
                "no fund, pledge or member " + e.getAggregateIdentifier() + " was ever recorded"));
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<Object> concurrent(ConcurrencyException e) {
        return entity(problem(HttpStatus.CONFLICT, "concurrent-write",
                "Concurrent write", "another write to the same fund, pledge or member won the race; nothing was "
                        + "recorded, retry the request"));
    }

    @ExceptionHandler(ConcurrentWriteException.class)
    ResponseEntity<Object> concurrent(ConcurrentWriteException e) {
        return entity(problem(HttpStatus.CONFLICT, "concurrent-write", "Concurrent write", e.getMessage()));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> denied(AccessDeniedException e) {
        return entity(problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> mismatch(MethodArgumentTypeMismatchException e) {
        return invalid(new InvalidInputException(e.getName(), "has the wrong type"));
    }

    /** A body whose Content-Type no endpoint reads (a multipart body without boundary, a wildcard type) is a 415. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> unreadableMediaType(RuntimeException e) {
        return entity(problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported Media Type",
                "the body must be application/json"));
    }

    @ExceptionHandler(ServiceUnavailableException.class)
    ResponseEntity<Object> unavailable(ServiceUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()))
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(unavailableProblem(e));
    }

    /** The 503 of {@code e}, for the filters that answer outside Spring MVC; its Retry-After is theirs to set. */
    public static ProblemDetail unavailableProblem(ServiceUnavailableException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Temporarily unavailable", e.getMessage());
    }

    /** Nothing unexpected may leak as a 500 with a stack trace; it is logged and answered as a problem. */
    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<Object> unexpected(RuntimeException e) {
        if (e instanceof IllegalArgumentException && String.valueOf(e.getMessage()).startsWith("Content-Type cannot")) {
            return unreadableMediaType(e);
        }
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof LedgerRuleViolation v) {
                return conflict(v);
            }
            if (cause instanceof ConcurrencyException c) {
                return concurrent(c);
            }
            if (cause instanceof InvalidInputException i) {
                return invalid(i);
            }
            if (cause instanceof UnknownResourceException u) {
                return unknown(u);
            }
            if (cause instanceof IdempotencyKeyReusedException r) {
                return reusedKey(r);
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        LOG.error("unexpected failure", e);
        return entity(problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Temporarily unavailable",
                "the ledger could not complete the request; nothing was recorded unless a later read shows it"));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause() == cause ? null
                : cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return entity(bodyTooLarge(tooLarge.limit()));
            }
        }
        return invalid(new InvalidInputException(describe(ex)));
    }

    /** A body that broke its declared constraints (support.validation): the same 400 as every other invalid input. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        return invalid(ValidationErrors.of(ex));
    }

    /** Constrained path variables and body together: every field error at once, path variables first. */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
                                                                            HttpHeaders headers,
                                                                            HttpStatusCode status,
                                                                            WebRequest request) {
        return invalid(ValidationErrors.of(ex));
    }

    /** An unknown path is the ledger's 404, not Spring's "No static resource …". */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
                                                                    HttpStatusCode status, WebRequest request) {
        return entity(unknownPath(ex.getHttpMethod().name(), "/" + ex.getResourcePath()));
    }

    @Override
    protected ResponseEntity<Object> handleNoHandlerFoundException(NoHandlerFoundException ex, HttpHeaders headers,
                                                                   HttpStatusCode status, WebRequest request) {
        return entity(unknownPath(ex.getHttpMethod(), ex.getRequestURL()));
    }

    static ProblemDetail unknownPath(String method, String path) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", "the ledger has no endpoint " + method + " "
                + Instants.abbreviate(path) + "; docs/api.md and /v3/api-docs list every path");
    }

    /** 413: the body passed {@code ledger.security.max-body} (ADR 0027). */
    public static ProblemDetail bodyTooLarge(long maxBytes) {
        ProblemDetail problem = problem(HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large", "Content Too Large",
                "the request body is larger than " + maxBytes + " bytes; nothing was recorded");
        problem.setProperty("maxBytes", maxBytes);
        return problem;
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail problem && problem.getType().equals(URI.create("about:blank"))) {
            problem.setType(URI.create(TYPE_BASE + statusCode.value()));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    static List<InvalidInputException.FieldProblem> describe(HttpMessageNotReadableException ex) {
        List<InvalidInputException.FieldProblem> problems = new ArrayList<>();
        Throwable cause = ex.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            problems.add(new InvalidInputException.FieldProblem(unknown.getPropertyName(), "is not a known field"));
        } else if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            problems.add(new InvalidInputException.FieldProblem(path(mapping), "has the wrong type or form: "
                    + firstLine(mapping.getOriginalMessage())));
        } else if (cause instanceof JacksonException json) {
            problems.add(new InvalidInputException.FieldProblem("", "the body is not valid JSON: "
                    + firstLine(json.getOriginalMessage())));
        } else {
            problems.add(new InvalidInputException.FieldProblem("", "the body is missing or unreadable: it must be a "
                    + "JSON object"));
        }
        return problems;
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }

    private static ResponseEntity<Object> entity(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
