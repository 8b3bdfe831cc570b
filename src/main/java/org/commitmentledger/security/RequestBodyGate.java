package org.commitmentledger.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.commitmentledger.problem.BodyTooLargeException;
import org.commitmentledger.problem.ProblemHandling;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Before anything reads a request body: a state-changing request must declare {@code application/json} in UTF-8,
 * bodyless ones included (a browser sends a cross-site form as form-encoded or text/plain, never as JSON without a
 * CORS preflight the ledger does not grant), else 415 (ADR 0028); and a body may not exceed
 * {@code ledger.security.max-body}, refused from its Content-Length or, for a chunked body, as soon as the bytes read
 * pass the limit, else 413 (ADR 0027). It runs last in Spring Security's chain, so 401 and 403 (role) come first, and
 * before the idempotency filter, which reads the body.
 */
class RequestBodyGate extends OncePerRequestFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final long maxBytes;
    private final ObjectMapper json;

    RequestBodyGate(long maxBytes, ObjectMapper json) {
        this.maxBytes = maxBytes;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!SAFE.contains(request.getMethod()) && !jsonInUtf8(request.getContentType())) {
            write(response, ProblemHandling.problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "Unsupported Media Type", "a " + request.getMethod() + " must be sent as Content-Type: "
                            + "application/json (UTF-8), also without a body (an empty JSON object {} is fine); got "
                            + (request.getContentType() == null ? "none" : shown(request.getContentType()))));
            return;
        }
        if (!SAFE.contains(request.getMethod()) && !acceptsJson(request.getHeader(HttpHeaders.ACCEPT))) {
            // a write answers JSON only; refused before it acts, or it would record and then fail to answer
            write(response, ProblemHandling.problem(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not Acceptable",
                    "a " + request.getMethod() + " answers application/json (errors application/problem+json) only; "
                            + "got Accept: " + shown(request.getHeader(HttpHeaders.ACCEPT)) + ". Nothing was recorded"));
            return;
        }
        if (request.getContentLengthLong() > maxBytes) {
            tooLarge(response);
            return;
        }
        Limited limited = new Limited(request, maxBytes);
        try {
            chain.doFilter(limited, response);
        } catch (BodyTooLargeException e) {
            if (response.isCommitted()) {
                throw e;
            }
            response.reset();
            tooLarge(response);
            return;
        }
        if (limited.overflowed() && !response.isCommitted()) {
            // the 413 goes out now: Tomcat would otherwise first try to swallow the rest of the body
            response.flushBuffer();
        }
    }

    static boolean jsonInUtf8(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            String charset = type.getParameter("charset");
            return "application".equals(type.getType()) && "json".equals(type.getSubtype())
                    && (charset == null || unquote(charset).toUpperCase(Locale.ROOT).equals("UTF-8"));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** Whether an Accept header (absent: anything) lets a write answer JSON. */
    static boolean acceptsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream().anyMatch(type -> type.getQualityValue() > 0
                    && (type.isCompatibleWith(MediaType.APPLICATION_JSON)
                    || type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    private static String shown(String contentType) {
        String printable = contentType.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 100 ? printable.substring(0, 100) + "…" : printable;
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
        write(response, ProblemHandling.bodyTooLarge(maxBytes));
    }

    private void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
        response.flushBuffer();
    }

    /** The request with a body stream that fails once more than the limit has been read. */
    private static final class Limited extends HttpServletRequestWrapper {

        private final long maxBytes;
        private Counting stream;

        Limited(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), maxBytes);
            }
            return stream;
        }

        boolean overflowed() {
            return stream != null && stream.read > maxBytes;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            Charset charset = StandardCharsets.UTF_8;
            try {
                if (getCharacterEncoding() != null) {
                    charset = Charset.forName(getCharacterEncoding());
                }
            } catch (IllegalArgumentException unknown) {
                // only a safe method can get here with another charset (writes are UTF-8 JSON), and nothing reads it
            }
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class Counting extends ServletInputStream {

        private final ServletInputStream in;
        private final long maxBytes;
        private long read;

        Counting(ServletInputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            // never ask for more than one byte past the limit: that byte is enough to know
            int n = in.read(buffer, offset, (int) Math.min(length, Math.max(1, maxBytes + 1 - read)));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > maxBytes) {
                throw new BodyTooLargeException(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
