package org.commitmentledger.problem;

import org.commitmentledger.kernel.InvalidInputException;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.commitmentledger.kernel.validation.CurrencyCode;
import org.commitmentledger.kernel.validation.EurRate;
import org.commitmentledger.kernel.validation.FundId;
import org.commitmentledger.kernel.validation.MoneyAmount;
import org.commitmentledger.kernel.validation.Text;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;
import org.springframework.web.bind.MethodArgumentNotValidException;

/** The 400's errors list a body's fields in the order the body declares them, whatever order the validator found. */
class ValidationErrorsTests {

    private static final LocalValidatorFactoryBean VALIDATOR = new LocalValidatorFactoryBean();

    static {
        VALIDATOR.afterPropertiesSet();
    }

    @AfterAll
    static void close() {
        VALIDATOR.close();
    }

    @EurRate
    record Body(@FundId String fundId, @Text String name, @MoneyAmount BigDecimal amount, @CurrencyCode String currency,
                BigDecimal eurRate, @Text String reason) implements EurRate.Priced {
    }

    void handle(Body body) {
    }

    @Test
    void namesFieldAndClassLevelProblemsInDeclarationOrder() throws Exception {
        Body body = new Body("X", " ", new BigDecimal("-1"), "USD", null, null);
        BeanPropertyBindingResult result = new BeanPropertyBindingResult(body, "body");
        VALIDATOR.validate(body, result);
        MethodParameter parameter = new MethodParameter(getClass().getDeclaredMethod("handle", Body.class), 0);

        InvalidInputException invalid = ValidationErrors.of(new MethodArgumentNotValidException(parameter, result));

        assertThat(invalid.problems()).containsExactly(
                new InvalidInputException.FieldProblem("fundId", "must match [a-z0-9-]{3,64}"),
                new InvalidInputException.FieldProblem("name", "is required"),
                new InvalidInputException.FieldProblem("amount", "must be positive"),
                new InvalidInputException.FieldProblem("eurRate", "is required for USD (EUR per one USD)"),
                new InvalidInputException.FieldProblem("reason", "is required"));
        assertThat(invalid.getMessage()).isEqualTo("fundId: must match [a-z0-9-]{3,64}; name: is required; "
                + "amount: must be positive; eurRate: is required for USD (EUR per one USD); reason: is required");
    }
}
