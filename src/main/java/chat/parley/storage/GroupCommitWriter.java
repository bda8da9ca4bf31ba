package chat.parley.storage;

import chat.parley.common.ParleyException;
import chat.parley.common.Tx;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer: one thread, one connection, many callers. It takes every write job waiting
 * in its bounded queue, runs each inside its own savepoint, and commits them all at once, so one
 * fsync acknowledges a whole batch (group commit). A job that throws is rolled back to its
 * savepoint alone; the others still commit. Callers block (cheaply, on virtual threads) until
 * their job is durable.
 */
final class GroupCommitWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final int QUEUE_CAPACITY = 16_384;
  private static final int MAX_BATCH = 1_024;

  private final Supplier<Connection> connectionFactory;
  private final Dialect dialect;
  private final BatchHook hook;
  private final BlockingQueue<Job<?>> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final Thread thread;
  private volatile boolean running = true;
  private Connection connection;
  /** Bounded: statement texts are a fixed set, but some are built per call (IN lists). */
  private final java.util.Map<String, java.sql.PreparedStatement> statements =
      new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, java.sql.PreparedStatement> eldest) {
          if (size() > 512) {
            try {
              eldest.getValue().close();
            } catch (SQLException ignored) {
              // Evicted statement; nothing to do.
            }
            return true;
          }
          return false;
        }
      };

  /** Work done once per batch: after its jobs, before its commit; and after the commit. */
  interface BatchHook {
    BatchHook NOTHING = new BatchHook() {};

    /** Inside the batch's transaction: a failure fails the batch. */
    default void beforeCommit(Connection conn) throws SQLException {}

    /** The batch is durable; must not throw. */
    default void afterCommit() {}
  }

  GroupCommitWriter(Supplier<Connection> connectionFactory, Dialect dialect) {
    this(connectionFactory, dialect, BatchHook.NOTHING);
  }

  GroupCommitWriter(Supplier<Connection> connectionFactory, Dialect dialect, BatchHook hook) {
    this.connectionFactory = connectionFactory;
    this.dialect = dialect;
    this.hook = hook;
    this.connection = openConnection();
    this.thread = Thread.ofPlatform().name("parley-writer").daemon(true).start(this::loop);
  }

  <T> T submit(Function<Tx, T> work) {
    if (!running) {
      throw new ParleyException.Overloaded("The server is shutting down");
    }
    Job<T> job = new Job<>(work);
    try {
      if (!queue.offer(job, 5, TimeUnit.SECONDS)) {
        throw new ParleyException.Overloaded("The server is too busy, try again");
      }
      return job.result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("Interrupted while waiting for a write", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new StorageException("Write failed", e.getCause());
    }
  }

  private void loop() {
    List<Job<?>> batch = new ArrayList<>(MAX_BATCH);
    while (running || !queue.isEmpty()) {
      try {
        Job<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        runBatch(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException | Error e) {
        log.error("Writer loop failed; failing its batch", e);
        batch.forEach(job -> job.result.completeExceptionally(e));
      } finally {
        batch.clear();
      }
    }
  }

  private void runBatch(List<Job<?>> batch) {
    Connection conn = healthyConnection();
    List<Outcome> outcomes = new ArrayList<>(batch.size());
    SendTally tally = new SendTally();
    try {
      for (Job<?> job : batch) {
        outcomes.add(runInSavepoint(conn, job, tally));
      }
      tally.writeAll(new JdbcTx(conn, dialect, statements, tally));
      hook.beforeCommit(conn);
      conn.commit();
      if (outcomes.stream().anyMatch(Outcome::changedAccess)) {
        AccessVersion.bump();
      }
    } catch (SQLException | RuntimeException e) {
      log.error("Committing a batch of {} writes failed", batch.size(), e);
      rollbackQuietly(conn);
      StorageException failure = new StorageException("Commit failed", e);
      batch.forEach(job -> job.result.completeExceptionally(failure));
      return;
    }
    hook.afterCommit();
    for (int i = 0; i < batch.size(); i++) {
      outcomes.get(i).deliver();
    }
  }

  /**
   * Runs one job in its own savepoint. Its tallied sends join the batch only if it succeeds; if it
   * fails after it made the tally write earlier jobs' sends, the rollback undid those writes and
   * they are written again here, outside the savepoint (a failure there fails the batch).
   */
  private Outcome runInSavepoint(Connection conn, Job<?> job, SendTally tally) {
    JdbcTx tx = new JdbcTx(conn, dialect, statements, tally);
    boolean savepointSet = false;
    try {
      execute(conn, SAVEPOINT);
      savepointSet = true;
      Object value = job.work.apply(tx);
      execute(conn, RELEASE);
      tally.jobSucceeded(tx);
      return new Outcome(job, value, null, tx.afterCommitActions(), tx.changedAccess);
    } catch (SQLException | RuntimeException e) {
      if (savepointSet) {
        try {
          execute(conn, ROLLBACK_TO);
          execute(conn, RELEASE);
        } catch (SQLException rollbackFailure) {
          e.addSuppressed(rollbackFailure);
          throw new StorageException("Rolling back a failed write failed", rollbackFailure);
        }
      }
      tally.jobFailed(new JdbcTx(conn, dialect, statements, tally));
      return new Outcome(job, null, e, List.of(), tx.changedAccess);
    }
  }

  /**
   * Each job's savepoint, by one name: it is released or rolled back before the next job sets
   * it. The statements are prepared once; the driver's {@code setSavepoint()} names every
   * savepoint anew, so SQLite parsed two new statements per job (≈7% of the writer's CPU).
   */
  private static final String SAVEPOINT = "SAVEPOINT parley_job";
  private static final String RELEASE = "RELEASE SAVEPOINT parley_job";
  private static final String ROLLBACK_TO = "ROLLBACK TO SAVEPOINT parley_job";

  private void execute(Connection conn, String sql) throws SQLException {
    java.sql.PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = conn.prepareStatement(sql);
      statements.put(sql, statement);
    }
    statement.execute();
  }

  private Connection healthyConnection() {
    try {
      if (connection == null || connection.isClosed()) {
        statements.clear();
        connection = openConnection();
      }
    } catch (SQLException e) {
      statements.clear();
      connection = openConnection();
    }
    return connection;
  }

  private Connection openConnection() {
    Connection conn = connectionFactory.get();
    try {
      conn.setAutoCommit(false);
    } catch (SQLException e) {
      throw new StorageException("Cannot open the writer connection", e);
    }
    return conn;
  }

  private static void rollbackQuietly(Connection conn) {
    try {
      conn.rollback();
    } catch (SQLException ignored) {
      // The commit failure is what the callers are told about.
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      connection.close();
    } catch (SQLException e) {
      log.warn("Closing the writer connection failed", e);
    }
  }

  private record Job<T>(Function<Tx, T> work, CompletableFuture<T> result) {
    Job(Function<Tx, T> work) {
      this(work, new CompletableFuture<>());
    }
  }

  private record Outcome(Job<?> job, Object value, Exception failure, List<Runnable> afterCommit,
      boolean changedAccess) {
    @SuppressWarnings("unchecked")
    void deliver() {
      if (failure != null) {
        job.result.completeExceptionally(
            failure instanceof SQLException sql ? new StorageException("Write failed", sql) : failure);
        return;
      }
      for (Runnable action : afterCommit) {
        try {
          action.run();
        } catch (RuntimeException e) {
          log.error("An after-commit action failed", e);
        }
      }
      ((CompletableFuture<Object>) job.result).complete(value);
    }
  }
}
