package chat.parley.users;

import chat.parley.common.Tx;
import java.time.Instant;
import java.util.List;

/**
 * Presence as each node sees it: per node and user, {@code online} or {@code away} while the
 * user has connections there. A user is online while any node says so. Nodes stamp themselves
 * while alive; the rows of a node that stopped stamping are dropped.
 */
public interface PresenceStore {
  /** Records this node's view of the user; null means no connection here any more. */
  void setNodeStatus(Tx tx, String nodeId, String userId, String status);

  /** The user's status on every node where they are connected. */
  List<String> nodeStatuses(Tx tx, String userId);

  void stampNode(Tx tx, String nodeId, Instant at);

  /** Nodes not stamped since {@code before} (or never), other than {@code self}. */
  List<String> nodesNotSeenSince(Tx tx, Instant before, String self);

  /** Forgets a node and its rows; returns the users those rows belonged to. */
  List<String> removeNode(Tx tx, String nodeId);

  /** Users whose stored status is not offline but who are connected nowhere. */
  List<String> onlineWithoutConnections(Tx tx, int limit);
}
