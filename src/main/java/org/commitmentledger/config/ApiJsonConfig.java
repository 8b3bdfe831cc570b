package org.commitmentledger.config;

import java.io.IOException;
import java.math.BigDecimal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * The HTTP API's JSON: strict on input (unknown fields, wrong types and trailing garbage are 400), money accepted as a
 * JSON string or number and parsed straight to {@link BigDecimal}, never through a double (ADR 0004). Its read limits
 * match the request body limit: no document, string or name beyond what a ledger request can need (ADR 0027).
 */
@Configuration(proxyBeanMethods = false)
class ApiJsonConfig {

    /** Request bodies are flat objects of short values; nesting beyond this is an attack or a mistake. */
    static final int MAX_NESTING = 16;
    /** The longest number a body may carry as a JSON number (an amount as a string has the same bound). */
    static final int MAX_NUMBER_LENGTH = 100;
    static final int MAX_NAME_LENGTH = 256;

    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictApiJson(
            @Value("${ledger.security.max-body:64KB}") DataSize maxBody) {
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxDocumentLength(maxBody.toBytes())
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, maxBody.toBytes()))
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxNameLength(MAX_NAME_LENGTH)
                .maxNestingDepth(MAX_NESTING)
                .build();
        SimpleModule money = new SimpleModule("api-money");
        money.addDeserializer(BigDecimal.class, new ExactDecimalDeserializer());
        return builder -> builder
                .featuresToEnable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY,
                        JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .featuresToDisable(DeserializationFeature.ACCEPT_FLOAT_AS_INT,
                        DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .modulesToInstall(modules -> modules.add(money))
                .postConfigurer(mapper -> {
                    mapper.getFactory().setStreamReadConstraints(limits);
                    mapper.coercionConfigFor(LogicalType.Textual)
                            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
                    mapper.coercionConfigFor(LogicalType.Integer)
                            .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
                    mapper.coercionConfigFor(LogicalType.Enum)
                            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
                    mapper.coercionConfigFor(LogicalType.POJO)
                            .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
                });
    }

    /** A JSON number or a numeric string, read as an exact decimal; anything else is refused. */
    static final class ExactDecimalDeserializer extends StdDeserializer<BigDecimal> {

        ExactDecimalDeserializer() {
            super(BigDecimal.class);
        }

        @Override
        public BigDecimal deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                return parser.getDecimalValue();
            }
            if (token == JsonToken.VALUE_STRING) {
                String text = parser.getText().trim();
                if (text.length() > 100 || !text.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,9})?")) {
                    return (BigDecimal) context.handleWeirdStringValue(BigDecimal.class, text,
                            "not a decimal number");
                }
                return new BigDecimal(text);
            }
            return (BigDecimal) context.handleUnexpectedToken(BigDecimal.class, parser);
        }
    }
}
