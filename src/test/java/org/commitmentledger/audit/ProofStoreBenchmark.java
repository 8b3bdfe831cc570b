package org.commitmentledger.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Proofs at the store, without HTTP (docs/benchmarks.md): a tree of 10k, 100k and 1M leaves written into a
 * fresh H2 file as appends write it, then 5,000 random inclusion and consistency proofs from {@link TreeStore}, p50
 * and p99. Shows whether a proof's cost stays flat as the tree grows. Runs with the benchmarks ({@code -Pbench}),
 * never in the normal suite; about a minute.
 */
class ProofStoreBenchmark {

    @Test
    void measuresProofsAtTenThousandToAMillionLeaves() {
        for (long size : List.of(10_000L, 100_000L, 1_000_000L)) {
            SingleConnectionDataSource ds = new SingleConnectionDataSource("jdbc:h2:file:./target/bench/proofs-"
                    + size + "-" + System.nanoTime(), "sa", "", true);
            try {
                JdbcTemplate jdbc = new JdbcTemplate(ds);
                jdbc.execute("create table merkle_node (node_id bigint not null primary key, hash char(64) not null)");
                jdbc.execute("create table merkle_leaf (global_index bigint not null primary key, "
                        + "leaf_index bigint not null unique)");
                jdbc.execute("create table merkle_head (id integer not null primary key, tree_size bigint not null, "
                        + "last_sequence bigint not null)");
                jdbc.update("insert into merkle_head values (1, ?, ?)", size, size);
                long started = System.nanoTime();
                MerkleTree.Frontier frontier = new MerkleTree.Frontier(0, Map.of());
                List<Object[]> rows = new ArrayList<>();
                for (long i = 0; i < size; i++) {
                    frontier.append(MerkleTree.leafHash(("leaf " + i).getBytes(StandardCharsets.UTF_8)),
                            (id, hash) -> rows.add(new Object[] {id, MerkleTree.hex(hash)}));
                    if (rows.size() >= 10_000) {
                        jdbc.batchUpdate("insert into merkle_node values (?, ?)", rows);
                        rows.clear();
                    }
                }
                jdbc.batchUpdate("insert into merkle_node values (?, ?)", rows);
                long built = (System.nanoTime() - started) / 1_000_000;
                TreeStore store = new TreeStore(jdbc);
                Random random = new Random(15);
                Histogram inclusion = new Histogram(60_000_000L, 3);
                Histogram consistency = new Histogram(60_000_000L, 3);
                for (int i = -2000; i < 5000; i++) {
                    long t0 = System.nanoTime();
                    store.inclusion((long) (random.nextDouble() * size), size);
                    long t1 = System.nanoTime();
                    store.consistency(1 + (long) (random.nextDouble() * (size - 1)), size);
                    long t2 = System.nanoTime();
                    if (i >= 0) {
                        inclusion.recordValue((t1 - t0) / 1000);
                        consistency.recordValue((t2 - t1) / 1000);
                    }
                }
                System.out.printf("[bench] proofs at %d leaves (tree written in %d ms): inclusion p50 %.3f ms, "
                        + "p99 %.3f ms; consistency p50 %.3f ms, p99 %.3f ms%n", size, built,
                        inclusion.getValueAtPercentile(50) / 1000.0, inclusion.getValueAtPercentile(99) / 1000.0,
                        consistency.getValueAtPercentile(50) / 1000.0,
                        consistency.getValueAtPercentile(99) / 1000.0);
            } finally {
                ds.destroy();
            }
        }
    }
}
