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
  /** Rocket.Chat's {@code DirectMesssage_maxUsers} default (the setting id is spelled so). */
  static final int MAX_DIRECT_MEMBERS = 8;

  private final Transactor db;
  private final RoomStore rooms;
  private final UserStore users;
  private final RoomMembership membership;
  private final EventHub events;
  private final Clock clock;
  private final java.util.Map<PostingFacts.Key, PostingFacts> postingFacts =
      new java.util.concurrent.ConcurrentHashMap<>();

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
    return requirePostable(session, readPostingFacts(tx, roomId, session.userId()));
  }

  /**
   * {@link #requirePostable(Tx, Session, String)} for the message-send hot path: the room,
   * membership and mute facts come from memory while {@link Transactor#accessVersion()} says
   * nothing they depend on has changed. The room's counters and last message may be stale;
   * callers use only its identity, type and flags.
   */
  public Room requirePostable(Session session, String roomId) {
    long version = db.accessVersion();
    if (version == Transactor.NO_ACCESS_VERSION) {
      return db.read(tx -> requirePostable(tx, session, roomId));
    }
    PostingFacts.Key key = new PostingFacts.Key(roomId, session.userId());
    PostingFacts facts = postingFacts.get(key);
    if (facts == null || facts.version() != version) {
      facts = db.read(tx -> readPostingFacts(tx, roomId, session.userId())).at(version);
      if (postingFacts.size() >= PostingFacts.MAX_CACHED) {
        postingFacts.clear();
      }
      postingFacts.put(key, facts);
    }
    return requirePostable(session, facts);
  }

  private PostingFacts readPostingFacts(Tx tx, String roomId, String userId) {
    Optional<Room> room = rooms.findById(tx, roomId);
    Optional<Subscription> mine = room.isEmpty() ? Optional.empty() : rooms.subscription(tx, roomId, userId);
    boolean muted = mine.isPresent() && rooms.isMuted(tx, roomId, userId);
    return new PostingFacts(room.orElse(null), mine.map(Subscription::roles).orElse(null), muted,
        Transactor.NO_ACCESS_VERSION);
  }

  private static Room requirePostable(Session session, PostingFacts facts) {
    Room room = facts.room();
    if (room == null) {
      throw new ParleyException.NotFound("error-invalid-room", "error-invalid-room");
    }
    if (facts.memberRoles() == null) {
      throw new ParleyException.Invalid("error-not-allowed", "error-not-allowed");
    }
    if (room.archived()) {
      throw new ParleyException.Invalid("error-room-archived",
          "You can't send messages because the room is archived.");
    }
    if (facts.muted()) {
      throw new ParleyException.Invalid("error-user-muted", "You_have_been_muted");
    }
    if (room.readOnly() && !session.can("post-readonly", facts.memberRoles())) {
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

  /** The 1:1 direct message with {@code other} (or with oneself), opened if needed. */
  public Room openDirect(Tx tx, Session session, User other, Instant now) {
    return openDirect(tx, session, List.of(other), now);
  }

  /** {@code im.create} in its own transaction. */
  public Room openDirect(Session session, List<User> others) {
    return db.write(tx -> openDirect(tx, session, others, clock.instant()));
  }

  /**
   * The direct message between the session's user and {@code others}, created with every
   * member's subscription when it does not exist. A 1:1 room's id is both user ids sorted and
   * joined, as Rocket.Chat builds it; a self or group DM gets a random id and is found by its
   * members. At most {@code DirectMesssage_maxUsers} (8) people, including the caller.
   */
  public Room openDirect(Tx tx, Session session, List<User> others, Instant now) {
    if (!session.can("create-d")) {
      throw new ParleyException.Invalid("error-not-allowed", "Not allowed [error-not-allowed]");
    }
    UserRef me = session.ref();
    List<UserRef> members = new ArrayList<>(List.of(me));
    for (User other : others) {
      if (members.stream().noneMatch(m -> m.id().equals(other.id()))) {
        members.add(other.ref());
      }
    }
    if (members.size() > MAX_DIRECT_MEMBERS) {
      throw new ParleyException.Invalid("error-direct-message-max-user-exceeded",
          "You cannot add more than " + MAX_DIRECT_MEMBERS
              + " users, including yourself to a direct message [error-direct-message-max-user-exceeded]");
    }
    List<String> uids = members.stream().map(UserRef::id).sorted().toList();
    Optional<Room> existing = members.size() == 2
        ? rooms.findById(tx, String.join("", uids))
        : rooms.roomsOfUser(tx, me.id(), null).stream()
            .filter(r -> r.type() == RoomType.DIRECT && r.uids().equals(uids))
            .findFirst();
    Room room;
    if (existing.isPresent()) {
      room = existing.get();
    } else {
      String roomId = members.size() == 2 ? String.join("", uids) : Ids.newId();
      List<String> usernames = members.stream()
          .sorted(Comparator.comparing(u -> u.name() != null ? u.name() : u.username()))
          .map(UserRef::username)
          .toList();
      room = Room.create(roomId, RoomType.DIRECT, null, null, now).withMembers(usernames, uids);
      rooms.insert(tx, room);
    }
    // Everyone is (re)subscribed: a member may have left or hidden it.
    for (UserRef member : members) {
      List<UserRef> counterparts = members.stream().filter(m -> !m.id().equals(member.id())).toList();
      if (counterparts.isEmpty()) {
        counterparts = List.of(member);
      }
      String name = String.join(", ", counterparts.stream().map(UserRef::username).toList());
      String fname = String.join(", ", counterparts.stream()
          .map(u -> u.name() != null ? u.name() : u.username()).toList());
      if (rooms.subscribe(tx, RoomMembership.subscription(room, member, name, fname, List.of(), now))) {
        rooms.subscription(tx, room.id(), member.id()).ifPresent(sub ->
            tx.afterCommit(() -> events.publish(new Event.SubscriptionChanged(sub, true))));
      }
    }
    rooms.setOpen(tx, room.id(), me.id(), true, now);
    Room opened = rooms.findById(tx, room.id()).orElseThrow();
    if (existing.isEmpty()) {
      tx.afterCommit(() -> events.publish(new Event.RoomChanged(opened)));
    }
    return opened;
  }

  private static ParleyException invalidChannel() {
    return new ParleyException.Invalid("invalid-channel", "[invalid-channel]");
  }
}
