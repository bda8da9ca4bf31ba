package chat.parley.invites;

import chat.parley.common.Tx;
import java.util.List;
import java.util.Optional;

/** Invite links by token. */
public interface InviteStore {
  void insert(Tx tx, Invite invite);

  Optional<Invite> find(Tx tx, String id);

  /** An unexpired invite of this user for this room with the same limits, to reuse. */
  Optional<Invite> findReusable(Tx tx, String roomId, String userId, int days, int maxUses,
      java.time.Instant now);

  List<Invite> all(Tx tx);

  boolean delete(Tx tx, String id);

  void countUse(Tx tx, String id, java.time.Instant at);
}
