package org.commitmentledger.idempotency;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.commitmentledger.problem.ProblemHandling;
import org.commitmentledger.problem.ServiceUnavailableException;
import org.commitmentledger.write.StoredCommits;
import org.commitmentledger.write.WriteAnswers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on POST: the first request with a key runs and its answer is stored; a retry with the same
 * body gets that answer again and records nothing; another body is 422; a retry while the first runs is 409. It runs
 * after Spring Security, so 401 and 403 (role) come first and keys belong to the authenticated user (ADR 0010). A
 * request with another body is passed on, marked: the 422 is decided last, by the write path (ADR 0031).
 */
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    /** Set on answers that were replayed from the store rather than produced now. */
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final int MAX_KEY_LENGTH = 200;
    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyFilter.class);
    private static final String CONCURRENT_WRITE = ProblemHandling.TYPE_BASE + "concurrent-write";

    private final IdempotencyStore store;
    private final ObjectMapper json;
    private final StoredCommits storedCommits;

    IdempotencyFilter(IdempotencyStore store, ObjectMapper json, StoredCommits storedCommits) {
        this.store = store;
        this.json = json;
        this.storedCommits = storedCommits;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<String> keys = Collections.list(request.getHeaders(HEADER));
        String key = keys.get(0);
        if (keys.size() > 1 || !wellFormed(key)) {
            ProblemDetail problem = ProblemHandling.problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input",
                    "the Idempotency-Key header must be given once, as 1 to " + MAX_KEY_LENGTH
                            + " printable ASCII characters");
            problem.setProperty("errors", List.of(Map.of("field", HEADER,
                    "message", "must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters, given once")));
            write(response, problem);
            return;
        }
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
            // every POST needs a role, so Spring Security answered already; nothing to scope a key to
            chain.doFilter(request, response);
            return;
        }
        String user = auth.getName();
        CachedBodyRequest cached = new CachedBodyRequest(request, request.getInputStream().readAllBytes());
        String hash = RequestFingerprint.of(request.getMethod(), request.getRequestURI(), cached.body());
        IdempotencyStore.Decision decision = store.begin(user, key, hash);
        if (decision instanceof IdempotencyStore.Proceed proceed) {
            run(cached, response, chain, user, key, proceed.claim());
        } else if (decision instanceof IdempotencyStore.Replay replay) {
            // the first request's batch may be visible and not yet stored: its own client is not answered before
            // the store, and neither is a retry (ADR 0067)
            try {
                storedCommits.awaitStored();
            } catch (ServiceUnavailableException e) {
                response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()));
                write(response, ProblemHandling.unavailableProblem(e));
                return;
            }
            replay(response, replay);
        } else if (decision instanceof IdempotencyStore.InFlight) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            write(response, ProblemHandling.problem(HttpStatus.CONFLICT, "idempotency-key-in-flight",
                    "Request in flight", "a request with this Idempotency-Key is still in flight; retry it later "
                            + "to get its answer"));
        } else {
            // judged like any request; the write path refuses it with 422 where it would act (ADR 0031)
            cached.setAttribute(WriteAnswers.REUSED_ATTRIBUTE, user);
            chain.doFilter(cached, response);
        }
    }

    private void run(CachedBodyRequest request, HttpServletResponse response, FilterChain chain, String user,
                     String key, String claim) throws IOException, ServletException {
        ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
        request.setAttribute(WriteAnswers.CLAIM_ATTRIBUTE, new IdempotencyStore.Claim(user, key, claim));
        try {
            chain.doFilter(request, answer);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            forget(user, key, claim);
            throw e;
        }
        byte[] body = answer.getContentAsByteArray();
        if (request.getAttribute(WriteAnswers.RECORDED_ATTRIBUTE) != null) {
            // stored with the write, in its transaction
            answer.copyBodyToResponse();
            return;
        }
        try {
            if (worthRepeating(answer.getStatus(), answer.getContentType(), body)) {
                store.complete(user, key, claim, answer.getStatus(), answer.getContentType(),
                        answer.getHeader(HttpHeaders.LOCATION), body);
            } else {
                store.abandon(user, key, claim);
            }
        } catch (DataAccessException e) {
            // the request ran; its answer must still reach the client. The row stays IN_FLIGHT until it times out.
            LOG.error("could not store the answer to an Idempotency-Key of {}", user, e);
        }
        answer.copyBodyToResponse();
    }

    private void forget(String user, String key, String claim) {
        try {
            store.abandon(user, key, claim);
        } catch (DataAccessException e) {
            LOG.error("could not release an Idempotency-Key of {} after a failed request", user, e);
        }
    }

    /**
     * Every answer is repeated, error or not, except those that say "nothing was done, try again": a 5xx, a lost
     * concurrency race, or an error whose body the servlet container writes itself (none is stored here).
     */
    private boolean worthRepeating(int status, String contentType, byte[] body) {
        if (status >= 500) {
            return false;
        }
        if (status >= 400 && body.length == 0) {
            return false;
        }
        if (status == HttpStatus.CONFLICT.value() && contentType != null
                && contentType.startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE)) {
            try {
                return !CONCURRENT_WRITE.equals(json.readTree(body).path("type").asText());
            } catch (IOException e) {
                return true;
            }
        }
        return true;
    }

    private static void replay(HttpServletResponse response, IdempotencyStore.Replay replay) throws IOException {
        response.setStatus(replay.status());
        if (replay.contentType() != null) {
            response.setContentType(replay.contentType());
        }
        if (replay.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, replay.location());
        }
        response.setHeader(REPLAYED_HEADER, "true");
        byte[] body = replay.body() == null ? new byte[0] : replay.body();
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static boolean wellFormed(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return false;
        }
        return key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    }

    private void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
