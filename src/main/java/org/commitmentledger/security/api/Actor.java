package org.commitmentledger.security.api;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** Who recorded an event: kept in every event's metadata under {@code actor} and shown in feeds (ADR 0008). */
public record Actor(String user,
                    @Schema(description = "The user's role when it recorded the event; NONE where no user was signed in",
                            allowableValues = {"AUDITOR", "SECRETARIAT", "DELEGATE", "ADMIN", "NONE"}) String role) {

    public static final String METADATA_KEY = "actor";
    public static final Actor ANONYMOUS = new Actor("anonymous", "NONE");

    public Map<String, String> asMetadata() {
        Map<String, String> value = new LinkedHashMap<>();
        value.put("user", user);
        value.put("role", role);
        return value;
    }
}
