package chat.parley.integrations;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import java.util.Optional;

/** Delivery attempts of outgoing webhooks, newest first. */
public interface HistoryStore {
  /** Stores one attempt and drops the integration's oldest beyond {@code keep}. */
  void insert(Tx tx, HistoryEntry entry, int keep);

  Page<HistoryEntry> page(Tx tx, String integrationId, int offset, int count);

  Optional<HistoryEntry> find(Tx tx, String integrationId, String historyId);

  void deleteAll(Tx tx, String integrationId);
}
