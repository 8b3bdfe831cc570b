package org.commitmentledger.config;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets Tomcat send an answer whole. Spring MVC flushes what it writes (Jackson flushes the stream after every value,
 * and an answer from a {@code ResponseEntity} flushes the response's buffer), so Tomcat committed each JSON answer
 * before its end: headers and body in one chunked write, then a second write for the closing chunk, two system calls
 * and two TCP segments for a few hundred bytes. Ignoring those flushes, an answer that fits Tomcat's buffer goes out
 * in one write when the request ends, with its Content-Length; a larger one still goes out as the buffer fills. It runs
 * after every other filter, just ahead of Spring MVC: a filter that flushes on purpose (the body gate's 413, sent
 * before Tomcat would swallow the rest of a too large body) flushes its own response, not this one (ADR 0066).
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class WholeAnswers extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new Unflushed(response));
    }

    private static final class Unflushed extends HttpServletResponseWrapper {

        private ServletOutputStream stream;

        Unflushed(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void flushBuffer() {
            // sent when the request ends, as the stream's flushes below
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                stream = new FlushIgnoring(super.getOutputStream());
            }
            return stream;
        }
    }

    private static final class FlushIgnoring extends ServletOutputStream {

        private final ServletOutputStream out;

        FlushIgnoring(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() {
            // Tomcat writes what is buffered when the request ends, or as the buffer fills
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }
}
