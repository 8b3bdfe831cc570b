package org.commitmentledger.read;

import org.commitmentledger.kernel.Input;
import org.commitmentledger.kernel.Instants;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses a query parameter the endpoint does not read (400, naming it and the accepted ones): a misspelled
 * {@code asof} or an {@code effectiveAt} on a read that takes {@code asOf} only would otherwise be ignored, and the
 * answer would silently be about another point in time (ADR 0033). What an endpoint accepts is derived from its
 * handler method, its {@code @RequestParam}s plus {@link AcceptsParameters}, so every new endpoint complies without
 * a list to keep. Only the ledger's own controllers are checked: springdoc, actuator and static resources read
 * parameters of their own.
 */
@Component
class QueryParameters implements HandlerInterceptor {

    private static final String OWN_PACKAGE = "org.commitmentledger.";
    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    private final Map<HandlerMethod, Set<String>> accepted = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getDispatcherType() != DispatcherType.REQUEST || !(handler instanceof HandlerMethod method)
                || !method.getBeanType().getName().startsWith(OWN_PACKAGE) || request.getQueryString() == null) {
            return true;
        }
        Set<String> known = accepted.computeIfAbsent(method, QueryParameters::acceptedBy);
        if (known.contains("*")) {
            return true;
        }
        Set<String> unknown = new LinkedHashSet<>();
        for (String pair : request.getQueryString().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (!known.contains(name)) {
                unknown.add(name);
            }
        }
        if (unknown.isEmpty()) {
            return true;
        }
        String accepts = known.isEmpty() ? "it takes no query parameters"
                : "it accepts only " + String.join(", ", new TreeSet<>(known));
        Input input = Input.check();
        unknown.forEach(name -> input.problem(Instants.abbreviate(name), "is not a query parameter of this endpoint "
                + "(names are case-sensitive); " + accepts));
        input.done();
        return true;
    }

    private static Set<String> acceptedBy(HandlerMethod method) {
        Set<String> names = new TreeSet<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param == null) {
                continue;
            }
            String explicit = StringUtils.hasText(param.name()) ? param.name() : param.value();
            if (Map.class.isAssignableFrom(parameter.getParameterType()) && !StringUtils.hasText(explicit)) {
                names.add("*"); // a handler that takes them all judges them itself
                continue;
            }
            parameter.initParameterNameDiscovery(NAMES);
            String name = StringUtils.hasText(explicit) ? explicit : parameter.getParameterName();
            if (name != null) {
                names.add(name);
            }
        }
        AcceptsParameters extra = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(),
                AcceptsParameters.class);
        if (extra != null) {
            names.addAll(Set.of(extra.value()));
        }
        return Set.copyOf(names);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
