package org.commitmentledger.environment;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test class runs against a real PostgreSQL, {@link PostgresDatabase#get()}: the server at
 * {@code LEDGER_POSTGRES_URL}, or an embedded one. Without either it is skipped, or fails under {@code CI=true}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("postgres")
@ExtendWith(PostgresRequirement.class)
public @interface RequiresPostgres {
}
