package chat.parley.users;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Saved {@code statistics} snapshots (Rocket.Chat's {@code rocketchat_statistics}). */
public interface StatisticsStore {
  /** {@code body} holds numbers, strings, booleans, {@link Instant}s, lists and maps. */
  void insert(Tx tx, String id, Instant createdAt, Map<String, Object> body);

  Optional<Map<String, Object>> latest(Tx tx);

  /** A page of snapshots by time, oldest first unless {@code newestFirst}. */
  Page<Map<String, Object>> page(Tx tx, int offset, int count, boolean newestFirst);
}
