package org.commitmentledger.problem;

import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (the servlet container, filters) reach {@code /error}; they are shaped as the same
 * problem+json as every other refusal.
 */
@RestController
class ProblemErrorController implements ErrorController {

    private static final Map<Integer, String> TYPES = Map.of(400, "invalid-input", 401, "unauthenticated",
            403, "forbidden", 404, "not-found", 405, "method-not-allowed", 413, "body-too-large",
            415, "unsupported-media-type");

    @RequestMapping(value = "/error", produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE,
            MediaType.APPLICATION_JSON_VALUE, MediaType.ALL_VALUE})
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        HttpStatus httpStatus = HttpStatus.resolve(status);
        if (httpStatus == null || httpStatus.is5xxServerError()) {
            // the container's own 5xx (e.g. an exception escaping a filter) is answered as "try again"
            httpStatus = HttpStatus.SERVICE_UNAVAILABLE;
        }
        String detail = switch (httpStatus.value()) {
            case 400 -> "the request is malformed";
            case 401 -> "authentication is required (HTTP Basic)";
            case 403 -> "your role may not use this endpoint";
            case 404 -> ProblemHandling.unknownPath(request.getMethod(),
                    String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI))).getDetail();
            default -> httpStatus.getReasonPhrase();
        };
        ProblemDetail problem = ProblemHandling.problem(httpStatus,
                TYPES.getOrDefault(httpStatus.value(), String.valueOf(httpStatus.value())),
                httpStatus.getReasonPhrase(), detail);
        return ResponseEntity.status(httpStatus).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
