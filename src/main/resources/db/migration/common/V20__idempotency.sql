-- Answers to POSTs sent with an Idempotency-Key (ADR 0010). One row per (user, key): IN_FLIGHT while the first
-- request runs, DONE with the stored answer afterwards. Rows are purged 48 hours after created_at.
create table idempotent_request (
    user_name     varchar(200)  not null,
    request_key   varchar(200)  not null,
    request_hash  varchar(64)   not null,
    state         varchar(9)    not null,
    claim         varchar(36)   not null,
    status        integer,
    content_type  varchar(255),
    location      varchar(2048),
    response_body bytea,
    created_at    timestamp with time zone not null,
    constraint pk_idempotent_request primary key (user_name, request_key),
    constraint ck_idempotent_request_state check (state in ('IN_FLIGHT', 'DONE'))
);
create index ix_idempotent_request_created_at on idempotent_request (created_at);
