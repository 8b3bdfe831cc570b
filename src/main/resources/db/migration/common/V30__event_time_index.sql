-- Every read resolves its asOf to a global sequence (StoredEvents.lastSequence: the newest event with
-- time_stamp <= asOf). Without an index that was a scan of the whole event store per read (docs/benchmarks.md).
create index ix_domain_event_entry_time on domain_event_entry (time_stamp, global_index);
