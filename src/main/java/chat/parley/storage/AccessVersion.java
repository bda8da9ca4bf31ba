package chat.parley.storage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The counter behind {@link chat.parley.common.Transactor#accessVersion()}: every write statement
 * that can change who may do what in a room bumps it, once when it runs (inside the writer's
 * transaction) and once after the commit, so a fact cached between the two is discarded too.
 *
 * <p>Fail-safe by construction: any statement through {@link Sql#update} that names {@code
 * rooms}, {@code subscriptions}, {@code room_mutes} or {@code users} counts, except the
 * statements a message send runs on every message, which only move counters and read marks and
 * are declared with {@link #counterOnly}. A new statement invalidates until someone proves it
 * need not.
 */
final class AccessVersion {
  private static final AtomicLong VERSION = new AtomicLong();
  private static final Pattern READ_ONLY = Pattern.compile("^\\s*SELECT\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern ACCESS_TABLES =
      Pattern.compile("\\b(?:rooms|subscriptions|room_mutes|users)\\b", Pattern.CASE_INSENSITIVE);
  private static final Map<String, Boolean> CLASSIFIED = new ConcurrentHashMap<>();
  private static final java.util.Set<String> COUNTER_ONLY = ConcurrentHashMap.newKeySet();

  private AccessVersion() {}

  static long current() {
    return VERSION.get();
  }

  static void bump() {
    VERSION.incrementAndGet();
  }

  /** Declares that {@code sql} only moves counters, read marks or timestamps. */
  static String counterOnly(String sql) {
    COUNTER_ONLY.add(sql);
    return sql;
  }

  static boolean affectsAccess(String sql) {
    Boolean known = CLASSIFIED.get(sql);
    if (known != null) {
      return known;
    }
    boolean affects = !COUNTER_ONLY.contains(sql) && !READ_ONLY.matcher(sql).find()
        && ACCESS_TABLES.matcher(sql).find();
    if (CLASSIFIED.size() < 4_096) {
      CLASSIFIED.put(sql, affects);
    }
    return affects;
  }
}
