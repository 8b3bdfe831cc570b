-- H2 keeps a sequence's next values in memory and records its position in the schema, with a commit of its own, each
-- time the values it reserved run out: with H2's default of 32, one event in 32 paid a second commit, a sixth of the
-- writer's commit time under load (docs/benchmarks.md). A crash loses at most the reserved values, which leaves a
-- gap in the global index such as a refused command already leaves. H2's values stay in order across sessions;
-- PostgreSQL's cache is per session and would not, so its sequence is left as it is.
alter sequence domain_event_entry_seq cache 1024;
