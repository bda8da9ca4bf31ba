package chat.parley.integrations;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import java.util.Optional;

/** Integrations by id. */
public interface IntegrationStore {
  void insert(Tx tx, Integration integration);

  void update(Tx tx, Integration integration);

  boolean delete(Tx tx, String id);

  Optional<Integration> find(Tx tx, String id);

  /** All integrations, or only those created by {@code createdById} when it is set. */
  Page<Integration> list(Tx tx, String createdById, int offset, int count);
}
