-- Projections live in generations (ADR 0020): the tables of generation N are named member_version_gN,
-- fund_version_gN, pledge_version_gN and pledge_figure_gN and are created by the application, which builds the first
-- generation from the event store at its first start. The tables of the tracking processor era go, with its token.
drop table member_version;
drop table fund_version;
drop table pledge_version;
drop table pledge_figure;
delete from token_entry where processor_name = 'projections';

-- One row. live_generation serves every read and takes every write; it is switched under the chain_head lock.
-- building_* describe a rebuild in progress; its heartbeat tells a live builder from one that died.
create table projection_state (
    id                  integer      not null primary key,
    live_generation     integer      not null,
    live_since          bigint       not null,
    building_generation integer,
    building_node       varchar(255),
    building_started    bigint,
    building_heartbeat  bigint,
    building_position   bigint,
    building_head       bigint,
    building_phase      varchar(32),
    last_build_millis   bigint,
    last_build_events   bigint,
    last_build_error    varchar(2000)
);
insert into projection_state (id, live_generation, live_since) values (1, 0, 0);
