package org.commitmentledger.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.commitmentledger.problem.ServiceUnavailableException;
import org.junit.jupiter.api.Test;

class StoredCommitsTests {

    @Test
    void aReaderGoesOnAtOnceWhenNoCommitIsUnderWay() throws Exception {
        StoredCommits commits = on("H2", Duration.ofSeconds(5));
        commits.stored(commits.committing());

        assertThat(CompletableFuture.runAsync(commits::awaitStored)).succeedsWithin(Duration.ofSeconds(1));
    }

    @Test
    void aReaderWaitsForTheCommitUnderWayUntilItIsStored() throws Exception {
        StoredCommits commits = on("H2", Duration.ofSeconds(30));
        long ticket = commits.committing();

        CompletableFuture<Void> read = CompletableFuture.runAsync(commits::awaitStored);
        TimeUnit.MILLISECONDS.sleep(300);
        assertThat(read).as("answered before the commit it may have seen was stored").isNotDone();

        commits.stored(ticket);
        assertThat(read).succeedsWithin(Duration.ofSeconds(5));
    }

    @Test
    void aReaderDoesNotWaitForACommitBegunAfterIt() throws Exception {
        StoredCommits commits = on("H2", Duration.ofSeconds(30));
        long first = commits.committing();
        CompletableFuture<Void> read = CompletableFuture.runAsync(commits::awaitStored);
        TimeUnit.MILLISECONDS.sleep(100);
        long second = commits.committing();

        commits.stored(first);
        assertThat(read).succeedsWithin(Duration.ofSeconds(5));
        commits.stored(second);
    }

    @Test
    void aStoreThatOutlastsTheWritesPatienceIsAnsweredAsUnavailable() throws Exception {
        StoredCommits commits = on("H2", Duration.ofMillis(200));
        commits.committing();

        assertThatThrownBy(commits::awaitStored).isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("storing a commit");
    }

    @Test
    void onPostgresqlACommitIsVisibleOnlyOnceDurableSoNothingWaits() throws Exception {
        StoredCommits commits = on("PostgreSQL", Duration.ofMillis(200));
        commits.committing();

        assertThat(commits.counted()).isFalse();
        assertThat(CompletableFuture.runAsync(commits::awaitStored)).succeedsWithin(Duration.ofSeconds(1));
    }

    private static StoredCommits on(String product, Duration patience) throws Exception {
        return new StoredCommits(dataSourceOf(product), new WriteProperties(64, 4096, patience, null));
    }

    /** A data source whose connections only say which database they reach. */
    private static DataSource dataSourceOf(String product) {
        DatabaseMetaData metaData = proxy(DatabaseMetaData.class, product);
        Connection connection = (Connection) Proxy.newProxyInstance(StoredCommitsTests.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (self, method, args) -> switch (method.getName()) {
                    case "getMetaData" -> metaData;
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (DataSource) Proxy.newProxyInstance(StoredCommitsTests.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (self, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return connection;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static <T> T proxy(Class<T> type, String product) {
        return type.cast(Proxy.newProxyInstance(StoredCommitsTests.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> {
                    if (method.getName().equals("getDatabaseProductName")) {
                        return product;
                    }
                    throw new UnsupportedOperationException(method.getName());
                }));
    }
}
