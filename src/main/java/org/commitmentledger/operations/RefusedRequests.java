package org.commitmentledger.operations;

import java.io.IOException;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts the requests answered with an error, by status ({@code ledger.requests.refused}). It sits in front of every
 * other filter, security's included, so that 401, 403, 413, 415 and 429 are counted as well as the application's.
 */
final class RefusedRequests extends OncePerRequestFilter {

    private final MeterRegistry meters;

    RefusedRequests(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean thrown = true;
        try {
            chain.doFilter(request, response);
            thrown = false;
        } finally {
            int status = thrown ? 500 : response.getStatus();
            if (status >= 400) {
                meters.counter("ledger.requests.refused", "status", String.valueOf(status)).increment();
            }
        }
    }
}
