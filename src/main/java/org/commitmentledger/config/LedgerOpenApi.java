package org.commitmentledger.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;

/**
 * What the OpenAPI document says about itself: the ledger's name, the version of the build that serves it (so a
 * client can tell which contract it read), and that every {@code /api} operation needs HTTP Basic, which Swagger UI
 * then asks for. Only {@code /api/**} is documented ({@code springdoc.paths-to-match}); {@code /error} and the
 * actuator are plumbing, described in docs/api.md and docs/operations.md.
 */
@Component
class LedgerOpenApi implements OpenApiCustomizer {

    static final String BASIC = "basicAuth";

    private final String version;

    LedgerOpenApi(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        // without build-info (a run from an IDE that skipped Maven's build) the document still says what it is not
        this.version = properties != null ? properties.getVersion() : "unknown (no build-info)";
    }

    @Override
    public void customise(OpenAPI openApi) {
        openApi.info(new Info()
                .title("Commitment ledger")
                .version(version)
                .description("The ledger of multi-nation funding commitments: every fact an immutable, hash-chained "
                        + "event, every read answerable as the ledger knew it at asOf about the world at effectiveAt. "
                        + "The contract, with every rule, is docs/api.md; money is a string with exactly two "
                        + "decimals, instants are UTC with three fraction digits, every error is "
                        + "application/problem+json."));
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("basic").description("A ledger user and its password; roles AUDITOR, SECRETARIAT, DELEGATE, "
                        + "ADMIN (docs/api.md)"));
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.readOperations().forEach(operation -> operation.setSecurity(
                        java.util.List.of(new SecurityRequirement().addList(BASIC))));
            }
        });
    }
}
