package org.commitmentledger.read.csv;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.commitmentledger.problem.ProblemHandling;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Turns a read's JSON answer into its CSV form once content negotiation chose {@link CsvListConverter}: the answer, a
 * map or a record, is read as the JSON tree the application's ObjectMapper makes of it, so both give the same CSV; its
 * list (the first of {@link #LISTS} it holds) becomes the rows, nested objects become dotted columns
 * ({@code setBy.sequence}, {@code actor.user}), arrays stay JSON text, and the point in time read goes into the
 * {@code Ledger-*} headers. One mechanism for every controller, so a new list read is CSV-ready without code of its
 * own; an answer that holds no list cannot be CSV and is 406.
 */
@ControllerAdvice
class CsvLists implements ResponseBodyAdvice<Object> {

    /**
     * The names under which reads put their lists, in the order one is picked: {@code changes} holds {@code fund},
     * {@code pledges} and {@code events}, and its CSV form is its pledges.
     */
    static final List<String> LISTS = List.of("members", "funds", "rows", "rounds", "terms", "points", "pledges",
            "events", "checkpoints");

    private final ObjectMapper json;

    CsvLists(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return CsvListConverter.class.isAssignableFrom(converterType);
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType selectedContentType,
                                  Class<? extends HttpMessageConverter<?>> selectedConverterType,
                                  ServerHttpRequest request, ServerHttpResponse response) {
        if (!(body instanceof Map<?, ?>) && (body == null || !body.getClass().isRecord())) {
            throw notAcceptable();
        }
        // a map and a record answer alike, read as the JSON the client would otherwise get
        JsonNode answer = json.valueToTree(body);
        JsonNode list = LISTS.stream().filter(answer::has).map(answer::get).filter(JsonNode::isArray)
                .findFirst().orElseThrow(CsvLists::notAcceptable);
        header(response, "Ledger-As-Of", answer.has("asOf") ? answer.get("asOf") : answer.get("to"));
        header(response, "Ledger-Effective-At", answer.get("effectiveAt"));
        header(response, "Ledger-Last-Sequence", answer.get("lastSequence"));
        return table(list);
    }

    private static void header(ServerHttpResponse response, String name, JsonNode value) {
        if (value != null && !value.isNull()) {
            response.getHeaders().set(name, value.asText());
        }
    }

    private static RuntimeException notAcceptable() {
        return new NotAcceptable();
    }

    /** Rows of a JSON array: each element flattened; columns are the union, in the order first seen. */
    static CsvTable table(JsonNode list) {
        Set<String> columns = new LinkedHashSet<>();
        List<Map<String, String>> rows = new ArrayList<>();
        for (JsonNode element : list) {
            Map<String, String> row = new LinkedHashMap<>();
            if (element.isObject()) {
                flatten("", element, row);
            } else {
                row.put("value", text(element));
            }
            columns.addAll(row.keySet());
            rows.add(row);
        }
        return new CsvTable(List.copyOf(columns), rows);
    }

    private static void flatten(String prefix, JsonNode object, Map<String, String> row) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = prefix + field.getKey();
            if (field.getValue().isObject() && !field.getValue().isEmpty()) {
                flatten(name + ".", field.getValue(), row);
            } else {
                row.put(name, text(field.getValue()));
            }
        }
    }

    /** A cell: strings as they are (money keeps its exact decimal string), null empty, arrays as JSON text. */
    private static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isContainerNode()) {
            return value.toString();
        }
        return value.asText();
    }

    /** 406: the answer has no list; Spring's problem handling answers it as problem+json. */
    static final class NotAcceptable extends ErrorResponseException {
        NotAcceptable() {
            super(HttpStatus.NOT_ACCEPTABLE, ProblemHandling.problem(HttpStatus.NOT_ACCEPTABLE, "not-acceptable",
                    "Not Acceptable", "this answer holds no list, so it has no CSV form: ask for application/json"),
                    null);
        }
    }
}
