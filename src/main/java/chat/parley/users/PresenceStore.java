package chat.parley.users;

import chat.parley.common.Tx;
import java.time.Instant;
import java.util.List;

/**
 * The live realtime connections of every node, for presence: a user is online while any of
 * their connections, on any node, says so. Nodes stamp themselves while alive; the connections
 * of a node that stopped stamping are dropped.
 */
public interface PresenceStore {
  void addConnection(Tx tx, String connectionId, String nodeId, String userId, String status);

  void removeConnection(Tx tx, String connectionId);

  void setConnectionStatus(Tx tx, String connectionId, String status);

  /** The statuses of the user's connections, on every node. */
  List<String> connectionStatuses(Tx tx, String userId);

  void stampNode(Tx tx, String nodeId, Instant at);

  /** Nodes not stamped since {@code before}, other than {@code self}. */
  List<String> nodesNotSeenSince(Tx tx, Instant before, String self);

  /** Forgets a node and its connections; returns the users those connections belonged to. */
  List<String> removeNode(Tx tx, String nodeId);

  /** Users whose stored status is not offline but who have no connection anywhere. */
  List<String> onlineWithoutConnections(Tx tx, int limit);
}
