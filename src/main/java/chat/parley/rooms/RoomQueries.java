package chat.parley.rooms;

import chat.parley.auth.Session;
import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.users.User;
import chat.parley.users.UserStore;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reading rooms: lookups with access checks, lists, members and counters. A private group or
 * direct message is invisible to non-members here, as everywhere.
 */
public final class RoomQueries {
  private final Transactor db;
  private final RoomStore rooms;
  private final UserStore users;

  public RoomQueries(Transactor db, RoomStore rooms, UserStore users) {
    this.db = db;
    this.rooms = rooms;
    this.users = users;
  }

  public Optional<Room> byId(String id) {
    return db.read(tx -> rooms.findById(tx, id));
  }

  public Optional<Room> byName(String name) {
    return db.read(tx -> rooms.findByName(tx, name));
  }

  public Optional<Subscription> subscription(Session session, String roomId) {
    return db.read(tx -> rooms.subscription(tx, roomId, session.userId()));
  }

  /** {@code userId}'s membership of the room, for checks made on someone else's behalf. */
  public Optional<Subscription> subscriptionOf(String roomId, String userId) {
    return db.read(tx -> rooms.subscription(tx, roomId, userId));
  }

  /**
   * Whether the session may see the room at all: members always; public channels for holders of
   * {@code view-c-room}; nobody else.
   */
  public boolean canAccess(Session session, Room room) {
    boolean member = subscription(session, room.id()).isPresent();
    return RoomService.canRead(session, room, member);
  }

  /** Public channels (or, without {@code view-c-room}, only joined ones), by name. */
  public Page<Room> listChannels(Session session, String nameFilter, int offset, int count) {
    return listChannels(session, nameFilter, offset, count, RoomSort.BY_NAME);
  }

  public Page<Room> listChannels(Session session, String nameFilter, int offset, int count,
      RoomSort sort) {
    String memberId = session.can("view-c-room") ? null : session.userId();
    return db.read(tx -> rooms.list(tx, new RoomQuery(EnumSet.of(RoomType.CHANNEL), nameFilter,
        memberId, false, offset, count).sorted(sort)));
  }

  /** Rooms of the given types that the session is in. */
  public Page<Room> listJoined(Session session, Set<RoomType> types, String nameFilter, int offset,
      int count) {
    return listJoined(session, types, nameFilter, offset, count, RoomSort.BY_NAME);
  }

  public Page<Room> listJoined(Session session, Set<RoomType> types, String nameFilter, int offset,
      int count, RoomSort sort) {
    return db.read(tx -> rooms.list(tx, new RoomQuery(types, nameFilter, session.userId(), false,
        offset, count).sorted(sort)));
  }

  /** Every room of these types, for administrators ({@code view-room-administration}). */
  public Page<Room> listAll(Session session, Set<RoomType> types, String nameFilter, int offset,
      int count) {
    return listAll(session, types, nameFilter, offset, count, RoomSort.BY_NAME);
  }

  public Page<Room> listAll(Session session, Set<RoomType> types, String nameFilter, int offset,
      int count, RoomSort sort) {
    if (!session.can("view-room-administration")) {
      throw ParleyException.NotAllowed.unauthorized();
    }
    return db.read(tx -> rooms.list(tx, new RoomQuery(types, nameFilter, null, false, offset, count)
        .sorted(sort)));
  }

  /** A member of a room with their account, for member lists. */
  public record Member(Subscription subscription, User user) {}

  public Page<Member> members(String roomId, String filter, int offset, int count) {
    return db.read(tx -> {
      Page<Subscription> page = rooms.members(tx, roomId, filter, offset, count);
      Map<String, User> byId = users.findByIds(tx,
          page.items().stream().map(s -> s.user().id()).toList()).stream()
          .collect(Collectors.toMap(User::id, Function.identity()));
      List<Member> members = page.items().stream()
          .filter(s -> byId.containsKey(s.user().id()))
          .map(s -> new Member(s, byId.get(s.user().id())))
          .toList();
      return new Page<>(members, offset, page.total());
    });
  }

  /** Members with owners first, then moderators, then the rest, each by username. */
  public Page<Member> membersByRole(String roomId, String filter, int offset, int count) {
    return db.read(tx -> {
      Page<Subscription> page = rooms.members(tx, roomId, filter, offset, count, true);
      Map<String, User> byId = users.findByIds(tx,
          page.items().stream().map(s -> s.user().id()).toList()).stream()
          .collect(Collectors.toMap(User::id, Function.identity()));
      return new Page<>(page.items().stream().filter(s -> byId.containsKey(s.user().id()))
          .map(s -> new Member(s, byId.get(s.user().id()))).toList(), offset, page.total());
    });
  }

  /** The discussions opened from a room. */
  public Page<Room> discussions(String parentId, int offset, int count) {
    return db.read(tx -> rooms.list(tx, new RoomQuery(EnumSet.of(RoomType.CHANNEL,
        RoomType.PRIVATE_GROUP), null, null, false, offset, count, parentId)));
  }

  public List<Subscription> withRole(String roomId, String role) {
    return db.read(tx -> rooms.membersWithRole(tx, roomId, role));
  }

  /** Members holding any room role, ordered by username ({@code channels.roles}). */
  public List<Subscription> roleHolders(String roomId) {
    return db.read(tx -> rooms.members(tx, roomId, null, 0, Integer.MAX_VALUE)).items().stream()
        .filter(s -> !s.roles().isEmpty())
        .toList();
  }

  /** {@code channels.counters}: read state of one member (the caller, or any user for admins). */
  public record Counters(boolean joined, Integer members, Integer unreads, Instant unreadsFrom,
      Long msgs, Instant latest, Integer userMentions) {}

  public Counters counters(Session session, Room room, String userId) {
    boolean admin = session.can("view-room-administration");
    if (userId != null && !userId.equals(session.userId()) && !admin) {
      throw ParleyException.NotAllowed.unauthorized();
    }
    String who = userId == null ? session.userId() : userId;
    return db.read(tx -> {
      Optional<Subscription> sub = rooms.subscription(tx, room.id(), who);
      boolean joined = sub.isPresent();
      Integer unreads = null;
      Instant unreadsFrom = null;
      Integer mentions = null;
      if (sub.isPresent() && sub.get().open()) {
        Instant from = sub.get().lastSeen() != null ? sub.get().lastSeen() : sub.get().createdAt();
        unreads = rooms.countUnread(tx, room.id(), who, from);
        unreadsFrom = from;
        mentions = sub.get().userMentions();
      }
      boolean full = joined || admin;
      return new Counters(joined, full ? room.usersCount() : null, unreads, unreadsFrom,
          full ? room.msgs() : null,
          full ? (room.lastMessageAt() != null ? room.lastMessageAt() : room.updatedAt()) : null,
          mentions);
    });
  }
}
