package chat.parley.realtime;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every live DDP connection, indexed the way events are routed: by user, by stream key
 * ({@code stream-name|eventName}), and by room for {@code __my_messages__} subscribers.
 */
final class ConnectionRegistry {
  private final Set<DdpConnection> all = ConcurrentHashMap.newKeySet();
  private final Map<String, Set<DdpConnection>> byUser = new ConcurrentHashMap<>();
  private final Map<String, Set<DdpConnection>> byStream = new ConcurrentHashMap<>();
  private final Map<String, Set<DdpConnection>> myMessagesByRoom = new ConcurrentHashMap<>();

  void add(DdpConnection c) {
    all.add(c);
  }

  int size() {
    return all.size();
  }

  void loggedIn(DdpConnection c, String userId) {
    byUser.computeIfAbsent(userId, k -> ConcurrentHashMap.newKeySet()).add(c);
  }

  void subscribe(DdpConnection c, String stream, String eventName) {
    byStream.computeIfAbsent(key(stream, eventName), k -> ConcurrentHashMap.newKeySet()).add(c);
  }

  void unsubscribe(DdpConnection c, String stream, String eventName) {
    Set<DdpConnection> set = byStream.get(key(stream, eventName));
    if (set != null) {
      set.remove(c);
    }
  }

  void watchRoom(DdpConnection c, String roomId) {
    myMessagesByRoom.computeIfAbsent(roomId, k -> ConcurrentHashMap.newKeySet()).add(c);
  }

  void unwatchRoom(DdpConnection c, String roomId) {
    Set<DdpConnection> set = myMessagesByRoom.get(roomId);
    if (set != null) {
      set.remove(c);
    }
  }

  Collection<DdpConnection> subscribers(String stream, String eventName) {
    Set<DdpConnection> set = byStream.get(key(stream, eventName));
    return set == null ? List.of() : set;
  }

  Collection<DdpConnection> roomWatchers(String roomId) {
    Set<DdpConnection> set = myMessagesByRoom.get(roomId);
    return set == null ? List.of() : set;
  }

  Collection<DdpConnection> ofUser(String userId) {
    Set<DdpConnection> set = byUser.get(userId);
    return set == null ? List.of() : set;
  }

  Collection<DdpConnection> all() {
    return all;
  }

  void remove(DdpConnection c) {
    all.remove(c);
    String userId = c.userId();
    if (userId != null) {
      Set<DdpConnection> mine = byUser.get(userId);
      if (mine != null) {
        mine.remove(c);
      }
    }
    for (DdpConnection.Sub sub : c.subs.values()) {
      unsubscribe(c, sub.name(), sub.eventName());
    }
    for (String roomId : c.rooms) {
      unwatchRoom(c, roomId);
    }
  }

  private static String key(String stream, String eventName) {
    return stream + "|" + eventName;
  }
}
