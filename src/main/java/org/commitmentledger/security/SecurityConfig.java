package org.commitmentledger.security;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import org.commitmentledger.problem.ProblemHandling;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * HTTP Basic on every endpoint; which role may use which endpoint is decided here, before the body is read, so the
 * contract's order (401, 403 role, 400, 403 delegate, 404, 409, 422) holds (ADR 0008). Then, still before any body is
 * read, JSON-only writes and the body limit (ADR 0027, 0028); failed logins are throttled (ADR 0026).
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfig {

    static final String REALM = "commitment-ledger";
    /** The auditor's page loads its script and styles from files; nothing inline, no other origin (ADR 0028). */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
            + "form-action 'none'";

    /** Refuses a start in the wrong mode before any bean opens the database (ADR 0025). */
    @Bean
    static StartupChecks startupChecks(Environment environment) {
        return new StartupChecks(environment);
    }

    @Bean
    LedgerUsers ledgerUsers(SecurityProperties properties, JdbcTemplate jdbc) {
        return new LedgerUsers(properties, jdbc);
    }

    @Bean
    AuthenticationManager authenticationManager(LedgerUsers users, SecurityProperties properties) {
        AuthenticationProvider check = new PasswordCheck(users);
        if (properties.getLoginThrottle().isEnabled()) {
            check = new LoginThrottle(check, properties.getLoginThrottle());
        }
        // the cache sits above the throttle: a correct login verified recently is never throttled
        return new ProviderManager(new CachingAuthenticationProvider(check, properties.getCredentialCache()));
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, AuthenticationManager authenticationManager, ObjectMapper json,
                            SecurityProperties properties, MeterRegistry meters) throws Exception {
        Counter throttledLogins = Counter.builder("ledger.logins.throttled")
                .description("Logins answered 429 before their password was checked").register(meters);
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> {
            if (e instanceof LoginThrottledException throttled) {
                throttledLogins.increment();
                response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(throttled.retryAfterSeconds()));
                write(json, response, ProblemHandling.problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-failed-logins",
                        "Too Many Requests", throttled.getMessage() + "; the password was not checked. Retry after "
                                + throttled.retryAfterSeconds() + " s"));
                return;
            }
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            write(json, response, ProblemHandling.problem(HttpStatus.UNAUTHORIZED, "unauthenticated",
                    "Unauthenticated", "HTTP Basic authentication with a known user and password is required"));
        };
        AccessDeniedHandler denied = (request, response, e) -> write(json, response,
                ProblemHandling.problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                        "your role may not use " + request.getMethod() + " " + request.getRequestURI() + ": "
                                + EndpointRules.describe(request.getMethod(), request.getRequestURI())));
        return http
                // stateless Basic: no session and no cookie for a CSRF token to protect; cross-site writes are
                // stopped by JSON-only writes instead (RequestBodyGate, ADR 0028), and no origin is granted CORS
                .csrf(csrf -> csrf.disable())
                .cors(cors -> cors.disable())
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        // sent on requests that arrived over TLS only (Spring Security's default matcher)
                        .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true)
                                .maxAgeInSeconds(31_536_000)))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authenticationManager(authenticationManager)
                .httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint(unauthenticated))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/error").permitAll()
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole("ADMIN")
                        .requestMatchers(HttpMethod.PUT, "/api/members/*").hasRole("SECRETARIAT")
                        .requestMatchers(HttpMethod.POST, "/api/funds", "/api/funds/*/amendments",
                                "/api/funds/*/decisions").hasRole("SECRETARIAT")
                        .requestMatchers(HttpMethod.POST, "/api/funds/*/objections",
                                "/api/funds/*/objections/*/withdrawal", "/api/funds/*/opt-outs", "/api/pledges",
                                "/api/pledges/*/revisions", "/api/pledges/*/withdrawal",
                                "/api/pledges/*/disbursements").hasAnyRole("SECRETARIAT", "DELEGATE")
                        .requestMatchers("/api/admin/**").hasRole("ADMIN")
                        // proofs, checkpoints, the signing key and record-time diffs are for those who audit (ADR 0022)
                        .requestMatchers(HttpMethod.GET, "/api/audit/proof/**", "/api/audit/checkpoint",
                                "/api/audit/checkpoints", "/api/audit/public-key", "/api/funds/*/changes")
                        .hasAnyRole("AUDITOR", "ADMIN")
                        .requestMatchers(HttpMethod.GET, "/**").authenticated()
                        .requestMatchers(HttpMethod.HEAD, "/**").authenticated()
                        .requestMatchers(HttpMethod.OPTIONS, "/**").authenticated()
                        // any other write (unknown path or method): only writers get to learn it is 404/405
                        .anyRequest().hasAnyRole("SECRETARIAT", "DELEGATE", "ADMIN"))
                .addFilterAfter(new RequestBodyGate(properties.getMaxBody().toBytes(), json), AuthorizationFilter.class)
                .build();
    }

    private static void write(ObjectMapper json, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
