package org.commitmentledger.read;

import org.commitmentledger.write.StoredCommits;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Holds a read's answer, once it is made and before any of it is sent, until the commits it may have seen are in the
 * database's file (ADR 0067). A write's own answer needs no wait (the writer answers after its commit returned), nor
 * does a problem, which hands out none of the ledger's contents.
 */
@ControllerAdvice
class AnsweredOnceStored implements ResponseBodyAdvice<Object> {

    private final StoredCommits storedCommits;

    AnsweredOnceStored(StoredCommits storedCommits) {
        this.storedCommits = storedCommits;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType selectedContentType,
                                  Class<? extends HttpMessageConverter<?>> selectedConverterType,
                                  ServerHttpRequest request, ServerHttpResponse response) {
        HttpMethod method = request.getMethod();
        if ((HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) && !(body instanceof ProblemDetail)) {
            storedCommits.awaitStored();
        }
        return body;
    }
}
