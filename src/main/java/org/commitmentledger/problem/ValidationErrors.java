package org.commitmentledger.problem;

import org.commitmentledger.kernel.InvalidInputException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.springframework.core.MethodParameter;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

/**
 * Bean Validation's findings on a request as the problem's {@code errors}, in an order that does not depend on the
 * validator's unordered set: the method's parameters in declaration order (path variables before the body), and a
 * body's fields in the order its record declares them (ADR 0051).
 */
final class ValidationErrors {

    private ValidationErrors() {
    }

    /** A body validated on its own: {@code @Valid} on a method with no constrained parameter. */
    static InvalidInputException of(MethodArgumentNotValidException e) {
        return new InvalidInputException(inDeclarationOrder(e.getBindingResult(), e.getBindingResult().getTarget()));
    }

    /** Constrained parameters, and the {@code @Valid} body among them, validated together before the method runs. */
    static InvalidInputException of(HandlerMethodValidationException e) {
        List<InvalidInputException.FieldProblem> problems = new ArrayList<>();
        e.getParameterValidationResults().stream()
                .sorted(Comparator.comparingInt(result -> result.getMethodParameter().getParameterIndex()))
                .forEach(result -> problems.addAll(problems(result)));
        return new InvalidInputException(problems);
    }

    private static List<InvalidInputException.FieldProblem> problems(ParameterValidationResult result) {
        if (result instanceof ParameterErrors errors) {
            return inDeclarationOrder(errors, errors.getArgument());
        }
        String name = name(result.getMethodParameter());
        return result.getResolvableErrors().stream()
                .map(error -> new InvalidInputException.FieldProblem(name, error.getDefaultMessage())).toList();
    }

    private static String name(MethodParameter parameter) {
        PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
        if (path != null && !path.name().isEmpty()) {
            return path.name();
        }
        return parameter.getParameterName();
    }

    private static List<InvalidInputException.FieldProblem> inDeclarationOrder(Errors errors, Object body) {
        List<String> declared = declared(body);
        List<InvalidInputException.FieldProblem> problems = new ArrayList<>();
        errors.getFieldErrors().stream()
                .sorted(Comparator.comparingInt((FieldError error) -> position(declared, error.getField()))
                        .thenComparing(FieldError::getField)
                        .thenComparing(error -> String.valueOf(error.getDefaultMessage())))
                .forEach(error -> problems.add(new InvalidInputException.FieldProblem(error.getField(),
                        error.getDefaultMessage())));
        errors.getGlobalErrors().forEach(error -> problems.add(new InvalidInputException.FieldProblem("",
                error.getDefaultMessage())));
        return problems;
    }

    private static List<String> declared(Object target) {
        if (target == null || !target.getClass().isRecord()) {
            return List.of();
        }
        return Arrays.stream(target.getClass().getRecordComponents()).map(RecordComponent::getName).toList();
    }

    /** Where a field (or a path into it, "terms.start") is declared; unknown ones last. */
    private static int position(List<String> declared, String field) {
        int end = field.length();
        for (int i = 0; i < field.length(); i++) {
            if (field.charAt(i) == '.' || field.charAt(i) == '[') {
                end = i;
                break;
            }
        }
        int index = declared.indexOf(field.substring(0, end));
        return index < 0 ? declared.size() : index;
    }
}
