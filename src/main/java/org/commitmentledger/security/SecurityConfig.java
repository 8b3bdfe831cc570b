package org.commitmentledger.security;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.commitmentledger.support.ProblemHandling;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * HTTP Basic on every endpoint; which role may use which endpoint is decided here, before the body is read, so the
 * contract's order (401, 403 role, 400, 403 delegate, 404, 409, 422) holds (ADR 0008).
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfig {

    static final String REALM = "commitment-ledger";

    @Bean
    LedgerUsers ledgerUsers(SecurityProperties properties, JdbcTemplate jdbc) {
        return new LedgerUsers(properties, jdbc);
    }

    @Bean
    AuthenticationManager authenticationManager(LedgerUsers users, SecurityProperties properties) {
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(users);
        dao.setPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
        return new ProviderManager(new CachingAuthenticationProvider(dao, properties.getCredentialCache()));
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, AuthenticationManager authenticationManager, ObjectMapper json)
            throws Exception {
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            write(json, response, ProblemHandling.problem(HttpStatus.UNAUTHORIZED, "unauthenticated",
                    "Unauthenticated", "HTTP Basic authentication with a known user and password is required"));
        };
        AccessDeniedHandler denied = (request, response, e) -> write(json, response,
                ProblemHandling.problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                        "your role may not use " + request.getMethod() + " " + request.getRequestURI() + ": "
                                + EndpointRules.describe(request.getMethod(), request.getRequestURI())));
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authenticationManager(authenticationManager)
                .httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint(unauthenticated))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/error", "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(HttpMethod.PUT, "/api/members/*").hasRole("SECRETARIAT")
                        .requestMatchers(HttpMethod.POST, "/api/funds", "/api/funds/*/amendments",
                                "/api/funds/*/decisions").hasRole("SECRETARIAT")
                        .requestMatchers(HttpMethod.POST, "/api/funds/*/objections",
                                "/api/funds/*/objections/*/withdrawal", "/api/funds/*/opt-outs", "/api/pledges",
                                "/api/pledges/*/revisions", "/api/pledges/*/withdrawal",
                                "/api/pledges/*/disbursements").hasAnyRole("SECRETARIAT", "DELEGATE")
                        .requestMatchers("/api/admin/**").hasRole("ADMIN")
                        // proofs, checkpoints and the signing key are for those who audit (ADR 0022)
                        .requestMatchers(HttpMethod.GET, "/api/audit/proof/**", "/api/audit/checkpoint",
                                "/api/audit/checkpoints", "/api/audit/public-key").hasAnyRole("AUDITOR", "ADMIN")
                        .requestMatchers(HttpMethod.GET, "/**").authenticated()
                        .requestMatchers(HttpMethod.HEAD, "/**").authenticated()
                        .requestMatchers(HttpMethod.OPTIONS, "/**").authenticated()
                        // any other write (unknown path or method): only writers get to learn it is 404/405
                        .anyRequest().hasAnyRole("SECRETARIAT", "DELEGATE", "ADMIN"))
                .build();
    }

    private static void write(ObjectMapper json, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
