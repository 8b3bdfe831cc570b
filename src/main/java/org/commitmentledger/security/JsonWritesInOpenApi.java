package org.commitmentledger.security;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Every write is JSON, bodyless ones too (ADR 0028): an operation without a documented body (the rebuild) gets an
 * optional empty JSON object, so that the OpenAPI document says so and Swagger UI sends {@code application/json}.
 */
@Component
class JsonWritesInOpenApi implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        for (PathItem path : openApi.getPaths().values()) {
            for (Operation write : new Operation[] {path.getPost(), path.getPut(), path.getPatch(), path.getDelete()}) {
                if (write != null && write.getRequestBody() == null) {
                    write.setRequestBody(new RequestBody().required(false)
                            .description("none needed: send {} as application/json")
                            .content(new Content().addMediaType("application/json",
                                    new MediaType().schema(new ObjectSchema()))));
                }
            }
        }
    }
}
