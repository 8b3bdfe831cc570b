package org.commitmentledger.read;

import org.commitmentledger.kernel.InvalidInputException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;

/** What {@link QueryParameters} derives from a handler method, without HTTP: the cases no endpoint has yet. */
class QueryParametersTests {

    private final QueryParameters parameters = new QueryParameters();

    /** Handler methods of the shapes a new endpoint may have. */
    static class Handlers {
        void declared(@RequestParam(required = false) String from, @RequestParam("to") String until) {
        }

        @AcceptsParameters("cursor")
        void readsOneItself(@RequestParam(required = false) String limit) {
        }

        void takesThemAll(@RequestParam Map<String, String> all) {
        }
    }

    private boolean check(String method, String query) throws Exception {
        HandlerMethod handler = new HandlerMethod(new Handlers(), Handlers.class.getDeclaredMethod(method,
                parameterTypes(method)));
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/anything");
        request.setQueryString(query);
        return parameters.preHandle(request, new MockHttpServletResponse(), handler);
    }

    private static Class<?>[] parameterTypes(String method) {
        return switch (method) {
            case "declared" -> new Class<?>[] {String.class, String.class};
            case "readsOneItself" -> new Class<?>[] {String.class};
            default -> new Class<?>[] {Map.class};
        };
    }

    @Test
    void acceptsTheParametersAHandlerDeclaresByNameOrByValue() throws Exception {
        assertThat(check("declared", "from=1&to=2")).isTrue();
        assertThatThrownBy(() -> check("declared", "from=1&until=2"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0).field()).isEqualTo("until");
                    assertThat(e.problems().get(0).message()).contains("accepts only from, to");
                });
    }

    @Test
    void acceptsWhatAHandlerSaysItReadsItself() throws Exception {
        assertThat(check("readsOneItself", "cursor=abc&limit=5")).isTrue();
        assertThatThrownBy(() -> check("readsOneItself", "Cursor=abc")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void leavesAHandlerThatTakesEveryParameterToJudgeThem() throws Exception {
        assertThat(check("takesThemAll", "anything=1&else=2")).isTrue();
    }

    @Test
    void namesEveryUnknownParameterOnceDecoded() {
        assertThatThrownBy(() -> check("declared", "as%20of=1&x=1&x=2"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
                        .extracting(InvalidInputException.FieldProblem::field).containsExactly("as of", "x"));
    }
}
