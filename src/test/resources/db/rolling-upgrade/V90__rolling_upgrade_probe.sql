-- Test-only: the "harmless new migration" of version N+1 in the rolling-upgrade test. It adds a table nothing in
-- version N reads, as an additive schema change must.
create table rolling_upgrade_probe (
    id integer primary key,
    note varchar(200) not null
);
insert into rolling_upgrade_probe (id, note) values (1, 'added by version N+1 while version N served');
