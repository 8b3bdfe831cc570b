-- The Merkle tree over the events in feed order (RFC 9162, ADR 0021), written in the append transaction under the
-- chain_head lock. Leaf indices are dense and 0-based; global sequences may have gaps.
create table merkle_leaf (
    global_index bigint not null primary key,
    leaf_index   bigint not null,
    constraint uk_merkle_leaf_index unique (leaf_index)
);

-- Every complete subtree's hash, leaves included: node_id = level * 2^56 + index at that level (a subtree of 2^level
-- leaves starting at leaf index * 2^level). One key column, so a proof's O(log n) nodes are one IN query.
create table merkle_node (
    node_id bigint   not null primary key,
    hash    char(64) not null
);

-- How far the tree covers the events: its size and the global sequence of its last leaf.
create table merkle_head (
    id            integer not null primary key,
    tree_size     bigint  not null,
    last_sequence bigint  not null
);
insert into merkle_head (id, tree_size, last_sequence) values (1, 0, 0);

-- Signed checkpoints (C2SP tlog-checkpoint as a signed note, ADR 0022): one per tree size, kept for ever.
create table audit_checkpoint (
    tree_size bigint        not null primary key,
    root_hash char(64)      not null,
    signed_at varchar(32)   not null,
    note      varchar(4000) not null
);
