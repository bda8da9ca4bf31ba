package chat.parley.users;

import chat.parley.auth.Session;
import chat.parley.common.Ids;
import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rocket.Chat's statistics: {@code statistics} answers the latest saved snapshot ({@code
 * refresh=true} counts and saves a new one), a daily job saves one more, and {@code
 * statistics.list} pages through them. All need {@code view-statistics}.
 */
public final class StatisticsService {
  private final Transactor db;
  private final AccountStore accounts;
  private final StatisticsStore store;
  private final Clock clock;
  private final String version;
  private final java.util.concurrent.atomic.AtomicReference<Instant> lastSaved =
      new java.util.concurrent.atomic.AtomicReference<>();

  public StatisticsService(Transactor db, AccountStore accounts, StatisticsStore store, Clock clock,
      String version) {
    this.db = db;
    this.accounts = accounts;
    this.store = store;
    this.clock = clock;
    this.version = version;
  }

  /** {@code statistics}: the latest snapshot, or a new one when asked or when none exists yet. */
  public Map<String, Object> latest(Session session, boolean refresh) {
    require(session);
    if (!refresh) {
      var last = db.read(store::latest);
      if (last.isPresent()) {
        return last.get();
      }
    }
    return save();
  }

  /** Counts now and saves the snapshot (the daily job and {@code refresh=true}). */
  public Map<String, Object> save() {
    Map<String, Object> counts = db.read(accounts::statistics);
    // Snapshots are ordered by time: two in the same millisecond still get distinct, rising times.
    Instant now = lastSaved.updateAndGet(last -> {
      Instant t = clock.instant();
      return last != null && !t.isAfter(last) ? last.plusMillis(1) : t;
    });
    Map<String, Object> snapshot = new LinkedHashMap<>();
    snapshot.put("_id", Ids.newId());
    snapshot.put("version", version);
    snapshot.putAll(counts);
    snapshot.put("instanceCount", 1);
    snapshot.put("createdAt", now);
    db.write(tx -> {
      store.insert(tx, (String) snapshot.get("_id"), now, snapshot);
      return null;
    });
    return snapshot;
  }

  /** {@code statistics.list}: saved snapshots, oldest first unless {@code newestFirst}. */
  public Page<Map<String, Object>> list(Session session, int offset, int count, boolean newestFirst) {
    require(session);
    return db.read(tx -> store.page(tx, offset, count, newestFirst));
  }

  private static void require(Session session) {
    if (!session.can("view-statistics")) {
      throw new ParleyException.Invalid("error-not-allowed", "Not allowed [error-not-allowed]");
    }
  }
}
