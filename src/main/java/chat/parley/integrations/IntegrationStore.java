package chat.parley.integrations;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Integrations by id. */
public interface IntegrationStore {
  void insert(Tx tx, Integration integration);

  void update(Tx tx, Integration integration);

  boolean delete(Tx tx, String id);

  Optional<Integration> find(Tx tx, String id);

  /** The outgoing webhook that calls {@code url} (Rocket.Chat's {@code target_url} lookup). */
  Optional<Integration> findOutgoingByUrl(Tx tx, String url);

  /** Every outgoing webhook, enabled or not (the dispatcher's cache). */
  List<Integration> outgoing(Tx tx);

  /**
   * Integrations of {@code allTypes}, plus those of {@code ownTypes} created by {@code ownerId},
   * oldest first.
   */
  Page<Integration> list(Tx tx, Set<String> allTypes, Set<String> ownTypes, String ownerId,
      int offset, int count);

  /**
   * As {@link #list}, unpaged, narrowed to the integrations whose channel list holds one of
   * {@code channels} exactly.
   */
  List<Integration> withChannels(Tx tx, Set<String> allTypes, Set<String> ownTypes,
      String ownerId, Set<String> channels);
}
