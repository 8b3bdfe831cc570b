package org.commitmentledger.environment;

/** Guards the classes annotated {@link RequiresPostgres}. */
final class PostgresRequirement extends MachineRequirement {

    @Override
    String tag() {
        return "postgres";
    }

    @Override
    Availability availability() {
        return PostgresDatabase.probe();
    }
}
