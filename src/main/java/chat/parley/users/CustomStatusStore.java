package chat.parley.users;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import java.util.Optional;

/** Custom user statuses; names are unique. */
public interface CustomStatusStore {
  /** Statuses whose name contains {@code name} (may be null), by name. */
  Page<CustomStatus> list(Tx tx, String name, String id, int offset, int count);

  Optional<CustomStatus> byId(Tx tx, String id);

  Optional<CustomStatus> byName(Tx tx, String name);

  void upsert(Tx tx, CustomStatus status);

  boolean delete(Tx tx, String id);
}
