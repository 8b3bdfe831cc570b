-- Which fund and member each pledge belongs to; written in the transaction of the pledge's first event.
create table pledge_directory (
    pledge_id varchar(64) not null primary key,
    fund_id   varchar(64) not null,
    member    varchar(3)  not null
);
create index ix_pledge_directory_fund on pledge_directory (fund_id);

-- The hash chain (ADR 0007): one row per event, written under the chain_head lock in the append transaction.
create table event_chain (
    global_index bigint   not null primary key,
    hash         char(64) not null
);

create table chain_head (
    id            integer  not null primary key,
    last_sequence bigint   not null,
    head          char(64) not null
);
insert into chain_head (id, last_sequence, head)
values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
