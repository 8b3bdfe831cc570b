-- Payloads, metadata and tokens as varbinary stored inline in their rows instead of H2 BLOBs (ADR 0015): every
-- event is a small JSON document, and H2's LOB store cost a separate map lookup per value on append, on aggregate
-- loading and on every replay. The values are copied unchanged; nothing else changes.
alter table domain_event_entry alter column payload set data type varbinary;
alter table domain_event_entry alter column meta_data set data type varbinary;
alter table snapshot_event_entry alter column payload set data type varbinary;
alter table snapshot_event_entry alter column meta_data set data type varbinary;
alter table token_entry alter column token set data type varbinary;
