package chat.parley.rooms;

import chat.parley.auth.Session;
import chat.parley.common.Ids;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.common.Tx;
import chat.parley.common.UserRef;
import chat.parley.events.Event;
import chat.parley.events.EventHub;
import chat.parley.users.User;
import chat.parley.users.UserStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Rooms as a user sees them: which rooms they are in, which they may read or post to, and the
 * rooms that come into being on their own (the default {@code #general}, direct messages).
 */
public final class RoomService {
  public static final String GENERAL_ID = "GENERAL";

  private final Transactor db;
  private final RoomStore rooms;
  private final UserStore users;
  private final RoomMembership membership;
  private final EventHub events;
  private final Clock clock;

  public RoomService(Transactor db, RoomStore rooms, UserStore users,
      RoomMembership membership, EventHub events, Clock clock) {
    this.db = db;
    this.rooms = rooms;
    this.users = users;
    this.membership = membership;
    this.events = events;
    this.clock = clock;
  }

  /** Creates {@code #general} ({@code _id: GENERAL}, default) on a fresh database. */
  public void ensureGeneralChannel() {
    db.write(tx -> {
      if (rooms.findById(tx, GENERAL_ID).isEmpty() && rooms.findByName(tx, "general").isEmpty()) {
        Instant now = clock.instant();
        rooms.insert(tx, Room.create(GENERAL_ID, RoomType.CHANNEL, "general", null, now)
            .withDefault(true));
      }
      return null;
    });
  }

  /** The rooms the user is in, those changed after {@code since} when it is given. */
  public List<Room> roomsOf(Session session, Instant since) {
    return db.read(tx -> rooms.roomsOfUser(tx, session.userId(), since));
  }

  /**
   * Joins a new user to every default channel, inside the caller's transaction, with the
   * {@code uj} system message Rocket.Chat writes.
   */
  public void joinDefaultChannels(Tx tx, User user, Instant at) {
    for (Room room : rooms.defaultRooms(tx)) {
      if (room.type() == RoomType.CHANNEL || room.type() == RoomType.PRIVATE_GROUP) {
        membership.addMember(tx, room, user.ref(), null, at);
      }
    }
  }

  /** A room the session may read: public channels for anyone allowed, others for members. */
  public Room requireReadable(Session session, Room room) {
    boolean member = db.read(tx -> rooms.subscription(tx, room.id(), session.userId())).isPresent();
    if (!canRead(session, room, member)) {
      throw ParleyException.NotAllowed.unauthorized();
    }
    return room;
  }

  static boolean canRead(Session session, Room room, boolean member) {
    return switch (room.type()) {
      case CHANNEL -> member || session.can("view-c-room");
      case PRIVATE_GROUP, DIRECT -> member;
    };
  }

  public Optional<Room> findById(String roomId) {
    return db.read(tx -> rooms.findById(tx, roomId));
  }

  public Optional<Room> findByName(String name) {
    return db.read(tx -> rooms.findByName(tx, name));
  }

  /**
   * Checks that the session may post in the room: a member, room not archived, and not
   * read-only unless the user holds {@code post-readonly}. Call inside the sending transaction.
   */
  public Room requirePostable(Tx tx, Session session, String roomId) {
    Room room = rooms.findById(tx, roomId)
        .orElseThrow(() -> new ParleyException.NotFound("error-invalid-room", "error-invalid-room"));
    if (rooms.subscription(tx, roomId, session.userId()).isEmpty()) {
      throw new ParleyException.Invalid("error-not-allowed", "error-not-allowed");
    }
    if (room.archived()) {
      throw new ParleyException.Invalid("error-room-archived",
          "You can't send messages because the room is archived.");
    }
    if (room.readOnly() && !session.can("post-readonly")) {
      throw new ParleyException.Invalid("error-room-readonly",
          "You can't send messages because the room is readonly.");
    }
    return room;
  }

  /**
   * Finds the room {@code chat.postMessage} names: {@code #name} (joining a public channel),
   * {@code @username} (opening the direct message), or a bare room id or name, then a user id.
   */
  public Room resolvePostTarget(Tx tx, Session session, String channel) {
    Instant now = clock.instant();
    if (channel.startsWith("@")) {
      User other = findUser(tx, channel.substring(1)).orElseThrow(RoomService::invalidChannel);
      return openDirect(tx, session, other, now);
    }
    String nameOrId = channel.startsWith("#") ? channel.substring(1) : channel;
    Optional<Room> room = rooms.findById(tx, nameOrId).or(() -> rooms.findByName(tx, nameOrId));
    if (room.isPresent()) {
      Room found = room.get();
      if (found.type() == RoomType.CHANNEL
          && rooms.subscription(tx, found.id(), session.userId()).isEmpty()
          && session.can("view-c-room")) {
        membership.addMember(tx, found, session.ref(), null, now);
      }
      return found;
    }
    if (!channel.startsWith("#")) {
      Optional<User> other = users.findById(tx, nameOrId);
      if (other.isPresent()) {
        return openDirect(tx, session, other.get(), now);
      }
    }
    throw invalidChannel();
  }

  private Optional<User> findUser(Tx tx, String idOrUsername) {
    return users.findById(tx, idOrUsername).or(() -> users.findByUsername(tx, idOrUsername));
  }

  /**
   * The 1:1 direct message between the session's user and {@code other}, created with both
   * subscriptions when it does not exist. Its id is both user ids sorted and joined, as
   * Rocket.Chat builds it.
   */
  public Room openDirect(Tx tx, Session session, User other, Instant now) {
    if (!session.can("create-d")) {
      throw ParleyException.NotAllowed.unauthorized();
    }
    UserRef me = session.ref();
    List<UserRef> members = new ArrayList<>(List.of(me));
    if (!other.id().equals(me.id())) {
      members.add(other.ref());
    }
    List<String> uids = members.stream().map(UserRef::id).sorted().toList();
    String roomId = members.size() == 2 ? String.join("", uids) : Ids.newId();
    Optional<Room> existing = members.size() == 2
        ? rooms.findById(tx, roomId)
        : rooms.roomsOfUser(tx, me.id(), null).stream()
            .filter(r -> r.type() == RoomType.DIRECT && r.uids().equals(List.of(me.id())))
            .findFirst();
    if (existing.isPresent()) {
      Room room = existing.get();
      // A member may have closed or left it; make sure both are subscribed again.
      for (UserRef member : members) {
        subscribeToDirect(tx, room, member, members, now);
      }
      return rooms.findById(tx, room.id()).orElseThrow();
    }
    List<String> usernames = members.stream()
        .sorted(Comparator.comparing(u -> u.name() != null ? u.name() : u.username()))
        .map(UserRef::username)
        .toList();
    Room room = Room.create(roomId, RoomType.DIRECT, null, null, now).withMembers(usernames, uids);
    rooms.insert(tx, room);
    for (UserRef member : members) {
      subscribeToDirect(tx, room, member, members, now);
    }
    Room created = rooms.findById(tx, roomId).orElseThrow();
    tx.afterCommit(() -> events.publish(new Event.RoomChanged(created)));
    return created;
  }

  private void subscribeToDirect(Tx tx, Room room, UserRef member, List<UserRef> members,
      Instant now) {
    UserRef counterpart = members.stream().filter(m -> !m.id().equals(member.id())).findFirst()
        .orElse(member);
    rooms.subscribe(tx, RoomMembership.subscription(room, member, counterpart.username(),
        counterpart.name() != null ? counterpart.name() : counterpart.username(), List.of(), now));
  }

  private static ParleyException invalidChannel() {
    return new ParleyException.Invalid("invalid-channel", "[invalid-channel]");
  }
}
