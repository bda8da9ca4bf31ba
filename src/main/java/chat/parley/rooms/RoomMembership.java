package chat.parley.rooms;

import chat.parley.auth.Session;
import chat.parley.common.Ids;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.common.Tx;
import chat.parley.common.UserRef;
import chat.parley.events.Event;
import chat.parley.events.EventHub;
import chat.parley.messages.SystemMessages;
import chat.parley.users.User;
import chat.parley.users.UserStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who is in a room: creating rooms, joining, leaving, inviting, kicking, and room roles (owner,
 * moderator, leader). Each change is one transaction with the system message Rocket.Chat writes.
 */
public final class RoomMembership {
  public static final List<String> ROOM_ROLES = List.of("owner", "moderator", "leader");

  private final Transactor db;
  private final RoomStore rooms;
  private final UserStore users;
  private final SystemMessages systemMessages;
  private final EventHub events;
  private final Clock clock;

  public RoomMembership(Transactor db, RoomStore rooms, UserStore users,
      SystemMessages systemMessages, EventHub events, Clock clock) {
    this.db = db;
    this.rooms = rooms;
    this.users = users;
    this.systemMessages = systemMessages;
    this.events = events;
    this.clock = clock;
  }

  /** What {@code channels.create}/{@code groups.create} ask for. */
  public record NewRoom(RoomType type, String name, List<String> members, boolean readOnly,
      boolean excludeSelf, Map<String, Object> customFields) {}

  /**
   * {@code rooms.createDiscussion}: a room of the parent's kind, named {@code title}, whose
   * members are the caller and {@code invitees}; the parent gets a {@code discussion-created}
   * message. Needs {@code start-discussion} and membership of the parent.
   */
  public Room createDiscussion(Session session, Room parent, String title, List<User> invitees) {
    if (!session.can("start-discussion")) {
      throw new ParleyException.Invalid("error-action-not-allowed",
          "You are not allowed to create a discussion [error-action-not-allowed]");
    }
    if (parent.prid() != null) {
      throw new ParleyException.Invalid("error-nested-discussion",
          "Cannot create nested discussions [error-nested-discussion]");
    }
    Instant now = clock.instant();
    return db.write(tx -> {
      if (rooms.subscription(tx, parent.id(), session.userId()).isEmpty()) {
        throw new ParleyException.Invalid("error-not-allowed", "error-not-allowed");
      }
      RoomType type = parent.type() == RoomType.CHANNEL ? RoomType.CHANNEL : RoomType.PRIVATE_GROUP;
      String id = Ids.newId();
      Room room = new Room(id, type, id, title, session.ref(), parent.name(), null, null, false,
          false, false, 0, 0, null, null, List.of(), List.of(), now, now, null, Map.of(),
          parent.id(), false, false, 0);
      rooms.insert(tx, room);
      rooms.subscribe(tx, subscription(room, session.ref(), List.of("owner"), now));
      for (User invitee : invitees) {
        if (!invitee.id().equals(session.userId())) {
          rooms.subscribe(tx, subscription(room, invitee.ref(), List.of(), now));
        }
      }
      systemMessages.discussionCreated(tx, parent.id(), id, title, session.ref(), now);
      rooms.countDiscussion(tx, parent.id(), now);
      Room created = rooms.findById(tx, id).orElseThrow();
      tx.afterCommit(() -> {
        events.publish(new Event.RoomChanged(created));
        events.publish(new Event.RoomCreated(created, session.userId()));
      });
      return created;
    });
  }

  /**
   * Creates a channel or private group owned by the caller (unless {@code excludeSelf}), with the
   * named members subscribed. Needs {@code create-c} or {@code create-p}.
   */
  public Room create(Session session, NewRoom spec) {
    String permission = spec.type() == RoomType.CHANNEL ? "create-c" : "create-p";
    if (!session.can(permission)) {
      throw ParleyException.NotAllowed.unauthorized();
    }
    RoomNames.requireValid(spec.name());
    Instant now = clock.instant();
    return db.write(tx -> {
      if (rooms.findByName(tx, spec.name()).isPresent()) {
        throw RoomNames.duplicate(spec.name());
      }
      List<User> members = new ArrayList<>();
      for (String username : spec.members()) {
        User user = users.findByUsername(tx, username.trim()).orElseThrow(() ->
            new ParleyException.Invalid("error-invalid-user", "Invalid user [error-invalid-user]"));
        if (!user.id().equals(session.userId()) && members.stream().noneMatch(m -> m.id().equals(user.id()))) {
          members.add(user);
        }
      }
      Room room = Room.create(Ids.newId(), spec.type(), spec.name(), session.ref(), now)
          .withOptions(spec.readOnly(), spec.customFields(), null);
      try {
        rooms.insert(tx, room);
      } catch (RoomStore.DuplicateRoom e) {
        throw RoomNames.duplicate(spec.name());
      }
      if (!spec.excludeSelf()) {
        rooms.subscribe(tx, subscription(room, session.ref(), List.of("owner"), now));
        publishSubscription(tx, room.id(), session.userId(), true);
      }
      for (User member : members) {
        rooms.subscribe(tx, subscription(room, member.ref(), List.of(), now));
        publishSubscription(tx, room.id(), member.id(), true);
      }
      Room created = rooms.findById(tx, room.id()).orElseThrow();
      tx.afterCommit(() -> {
        events.publish(new Event.RoomChanged(created));
        events.publish(new Event.RoomCreated(created, session.userId()));
      });
      return created;
    });
  }

  /** {@code channels.join}: public channels only; a join code is needed unless exempt. */
  public Room join(Session session, Room room, String joinCode) {
    if (room.type() != RoomType.CHANNEL || !session.can("view-c-room")) {
      throw new ParleyException.Invalid("error-not-allowed", "Not allowed [error-not-allowed]");
    }
    if (room.joinCode() != null && !room.joinCode().isEmpty()
        && !room.joinCode().equals(joinCode) && !session.can("join-without-join-code")) {
      throw joinCode == null || joinCode.isEmpty()
          ? new ParleyException.Invalid("error-code-required", "Code required [error-code-required]")
          : new ParleyException.Invalid("error-code-invalid", "Invalid code [error-code-invalid]");
    }
    return db.write(tx -> {
      Room current = requireRoom(tx, room.id());
      if (current.archived()) {
        throw archived(current);
      }
      addMember(tx, current, session.ref(), null, clock.instant());
      return requireRoom(tx, room.id());
    });
  }

  /**
   * Adds a user to a room inside the caller's transaction: {@code uj} when they joined
   * themselves, {@code au} when {@code actor} added them. Returns false if already a member.
   */
  public boolean addMember(Tx tx, Room room, UserRef user, UserRef actor, Instant at) {
    boolean added = rooms.subscribe(tx, subscription(room, user, List.of(), at));
    if (added) {
      if (actor == null || actor.id().equals(user.id())) {
        systemMessages.userJoined(tx, room.id(), user, at);
      } else {
        systemMessages.userAdded(tx, room.id(), user, actor, at);
      }
      publishSubscription(tx, room.id(), user.id(), true);
      tx.afterCommit(() -> events.publish(new Event.UserJoinedRoom(room.id(), user.id())));
    }
    return added;
  }

  /** {@code channels.invite}: adds users; needs a room or global "add user" permission. */
  public Room invite(Session session, Room room, List<User> invitees) {
    return db.write(tx -> {
      Room current = requireRoom(tx, room.id());
      if (current.archived()) {
        throw archived(current);
      }
      requireCanAdd(tx, session, current);
      Instant now = clock.instant();
      for (User invitee : invitees) {
        if (!invitee.active()) {
          throw new ParleyException.Invalid("error-user-not-active", "User is not active");
        }
        addMember(tx, current, invitee.ref(), session.ref(), now);
      }
      return requireRoom(tx, room.id());
    });
  }

  /** {@code channels.addAll}: every active user joins; admins only. */
  public Room addAll(Session session, Room room, List<User> everyone) {
    if (!session.can("add-all-to-room")) {
      throw ParleyException.NotAllowed.unauthorized();
    }
    return db.write(tx -> {
      Instant now = clock.instant();
      for (User user : everyone) {
        if (user.active()) {
          addMember(tx, room, user.ref(), session.ref(), now);
        }
      }
      return requireRoom(tx, room.id());
    });
  }

  private void requireCanAdd(Tx tx, Session session, Room room) {
    List<String> myRoles = rooms.subscription(tx, room.id(), session.userId())
        .map(Subscription::roles).orElse(null);
    boolean canAsMember = myRoles != null && session.can("add-user-to-joined-room", myRoles);
    String anyRoom = room.type() == RoomType.CHANNEL ? "add-user-to-any-c-room" : "add-user-to-any-p-room";
    if (!canAsMember && !session.can(anyRoom)) {
      throw ParleyException.NotAllowed.unauthorized();
    }
  }

  /** {@code channels.kick}: needs {@code remove-user} in the room; never the last owner. */
  public Room kick(Session session, Room room, User target) {
    return db.write(tx -> {
      Room current = requireRoom(tx, room.id());
      List<String> myRoles = rooms.subscription(tx, room.id(), session.userId())
          .map(Subscription::roles).orElse(List.of());
      if (!session.can("remove-user", myRoles)) {
        throw ParleyException.NotAllowed.unauthorized();
      }
      Subscription theirs = rooms.subscription(tx, room.id(), target.id()).orElseThrow(() ->
          new ParleyException.Invalid("error-user-not-in-room", "User is not in this room"));
      requireNotLastOwner(tx, room.id(), theirs, "error-you-are-last-owner",
          "You are the last owner. Please set new owner before leaving the room."
              + " [error-you-are-last-owner]");
      Instant now = clock.instant();
      rooms.unsubscribe(tx, room.id(), target.id(), now);
      systemMessages.userRemoved(tx, room.id(), target.ref(), session.ref(), now);
      tx.afterCommit(() -> {
        events.publish(new Event.SubscriptionRemoved(target.id(), room.id()));
        events.publish(new Event.UserLeftRoom(room.id(), target.id()));
      });
      return requireRoom(tx, current.id());
    });
  }

  /** {@code channels.leave}/{@code rooms.leave}: the last owner must hand over first. */
  public void leave(Session session, Room room) {
    String permission = room.type() == RoomType.PRIVATE_GROUP ? "leave-p" : "leave-c";
    if (room.type() != RoomType.DIRECT && !session.can(permission)) {
      throw new ParleyException.Invalid("error-not-allowed", "Not allowed [error-not-allowed]");
    }
    db.write(tx -> {
      Subscription mine = rooms.subscription(tx, room.id(), session.userId()).orElseThrow(() ->
          new ParleyException.Invalid("error-user-not-in-room",
              "You are not in this room [error-user-not-in-room]"));
      requireNotLastOwner(tx, room.id(), mine, "error-you-are-last-owner",
          "You are the last owner. Please set new owner before leaving the room."
              + " [error-you-are-last-owner]");
      Instant now = clock.instant();
      rooms.unsubscribe(tx, room.id(), session.userId(), now);
      tx.afterCommit(() -> {
        events.publish(new Event.SubscriptionRemoved(session.userId(), room.id()));
        events.publish(new Event.UserLeftRoom(room.id(), session.userId()));
      });
      if (room.type() != RoomType.DIRECT) {
        systemMessages.userLeft(tx, room.id(), session.ref(), now);
      }
      return null;
    });
  }

  private void requireNotLastOwner(Tx tx, String roomId, Subscription subscription,
      String errorType, String message) {
    if (subscription.hasRole("owner") && rooms.membersWithRole(tx, roomId, "owner").size() == 1) {
      throw new ParleyException.Invalid(errorType, message);
    }
  }

  /**
   * {@code channels.addOwner} and friends: grants or revokes a room role. Needs {@code set-owner},
   * {@code set-moderator} or {@code set-leader} in the room; the last owner cannot be removed.
   */
  public void setRole(Session session, Room room, User target, String role, boolean add) {
    if (!ROOM_ROLES.contains(role)) {
      throw new IllegalArgumentException("not a room role: " + role);
    }
    db.write(tx -> {
      List<String> myRoles = rooms.subscription(tx, room.id(), session.userId())
          .map(Subscription::roles).orElse(List.of());
      if (!session.can("set-" + role, myRoles)) {
        throw ParleyException.NotAllowed.unauthorized();
      }
      Subscription theirs = rooms.subscription(tx, room.id(), target.id()).orElseThrow(() ->
          new ParleyException.Invalid("error-user-not-in-room", "User is not in this room"));
      if (add == theirs.hasRole(role)) {
        throw add
            ? new ParleyException.Invalid("error-user-already-" + role,
                "User is already " + article(role) + " " + role)
            : new ParleyException.Invalid("error-user-not-" + role,
                "User is not " + article(role) + " " + role);
      }
      if (!add && role.equals("owner")) {
        requireNotLastOwner(tx, room.id(), theirs, "error-remove-last-owner",
            "This is the last owner. Please set a new owner before removing this one.");
      }
      List<String> roles = new ArrayList<>(theirs.roles());
      if (add) {
        roles.add(role);
      } else {
        roles.remove(role);
      }
      Instant now = clock.instant();
      rooms.setSubscriptionRoles(tx, room.id(), target.id(), roles, now);
      systemMessages.roleChanged(tx, room.id(), target.ref(), role, add, session.ref(), now);
      publishSubscription(tx, room.id(), target.id());
      return null;
    });
  }

  /** {@code /mute}, {@code /unmute}: needs {@code mute-user} in the room; writes {@code user-muted}. */
  public void setMuted(Session session, Room room, User target, boolean muted) {
    db.write(tx -> {
      List<String> myRoles = rooms.subscription(tx, room.id(), session.userId())
          .map(Subscription::roles).orElse(List.of());
      if (!session.can("mute-user", myRoles)) {
        throw ParleyException.NotAllowed.unauthorized();
      }
      if (rooms.subscription(tx, room.id(), target.id()).isEmpty()) {
        throw new ParleyException.Invalid("error-user-not-in-room", "User is not in this room");
      }
      if (rooms.setMuted(tx, room.id(), target.id(), muted)) {
        systemMessages.roomChanged(tx, room.id(), muted ? "user-muted" : "user-unmuted",
            target.username(), session.ref(), clock.instant());
      }
      return null;
    });
  }

  private static String article(String role) {
    return role.equals("owner") ? "an" : "a";
  }

  private void publishSubscription(Tx tx, String roomId, String userId) {
    publishSubscription(tx, roomId, userId, false);
  }

  private void publishSubscription(Tx tx, String roomId, String userId, boolean inserted) {
    Optional<Subscription> sub = rooms.subscription(tx, roomId, userId);
    sub.ifPresent(s -> tx.afterCommit(() ->
        events.publish(new Event.SubscriptionChanged(s, inserted))));
  }

  private Room requireRoom(Tx tx, String roomId) {
    return rooms.findById(tx, roomId).orElseThrow(() ->
        new ParleyException.Invalid("error-invalid-room", "Invalid room [error-invalid-room]"));
  }

  static ParleyException archived(Room room) {
    return new ParleyException.Invalid("error-room-archived",
        "The channel, " + room.name() + ", is archived [error-room-archived]");
  }

  static Subscription subscription(Room room, UserRef user, List<String> roles, Instant at) {
    return subscription(room, user, room.name(), room.fname(), roles, at);
  }

  /** A new member's subscription; direct messages name it after the other participant. */
  static Subscription subscription(Room room, UserRef user, String name, String fname,
      List<String> roles, Instant at) {
    return new Subscription(Ids.newId(), room.id(), user, room.type(), name, fname, true, false, 0,
        0, 0, false, roles, at, at, at, null, room.archived(), room.prid(), List.of());
  }
}
