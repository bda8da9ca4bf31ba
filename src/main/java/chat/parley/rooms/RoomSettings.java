package chat.parley.rooms;

import chat.parley.auth.Session;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.common.Tx;
import chat.parley.events.Event;
import chat.parley.events.EventHub;
import chat.parley.messages.SystemMessages;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Changing a room: name, topic/description/announcement, type, read-only, default, join code,
 * custom fields, archiving and deletion. Permission checks follow Rocket.Chat's {@code
 * saveRoomSettings}: {@code edit-room} in the room, plus the specific ones it names.
 */
public final class RoomSettings {
  private final Transactor db;
  private final RoomStore rooms;
  private final SystemMessages systemMessages;
  private final EventHub events;
  private final Clock clock;

  public RoomSettings(Transactor db, RoomStore rooms, SystemMessages systemMessages,
      EventHub events, Clock clock) {
    this.db = db;
    this.rooms = rooms;
    this.systemMessages = systemMessages;
    this.events = events;
    this.clock = clock;
  }

  /** The text fields a room carries, and the system message each change writes. */
  public enum Text {
    TOPIC("room_changed_topic"),
    DESCRIPTION("room_changed_description"),
    ANNOUNCEMENT("room_changed_announcement");

    final String messageType;

    Text(String messageType) {
      this.messageType = messageType;
    }
  }

  public Room rename(Session session, Room room, String newName) {
    RoomNames.requireValid(newName);
    return change(session, room, "edit-room", (tx, current, now) -> {
      if (newName.equals(current.name())) {
        return current;
      }
      if (rooms.findByName(tx, newName).isPresent()) {
        throw new ParleyException.Conflict("error-duplicate-handle",
            "A room, team or user with name '" + newName + "' already exists [error-duplicate-handle]");
      }
      Room renamed = new Room(current.id(), current.type(), newName, newName, current.creator(),
          current.topic(), current.description(), current.announcement(), current.isDefault(),
          current.readOnly(), current.archived(), current.msgs(), current.usersCount(),
          current.lastMessageAt(), current.lastMessageId(), current.usernames(), current.uids(),
          current.createdAt(), now, current.joinCode(), current.customFields(), current.prid(),
          current.featured(), current.reactWhenReadOnly(), current.discussionCount());
      try {
        rooms.update(tx, renamed);
      } catch (RuntimeException e) {
        throw RoomNames.duplicate(newName);
      }
      systemMessages.renamed(tx, current.id(), newName, session.ref(), now);
      return renamed;
    });
  }

  /** Sets the topic, description (also "purpose") or announcement; null clears it. */
  public Room setText(Session session, Room room, Text field, String value) {
    String normalized = value == null || value.isEmpty() ? null : value;
    return change(session, room, "edit-room", (tx, current, now) -> {
      String old = switch (field) {
        case TOPIC -> current.topic();
        case DESCRIPTION -> current.description();
        case ANNOUNCEMENT -> current.announcement();
      };
      if (Objects.equals(old, normalized)) {
        return current;
      }
      Room changed = switch (field) {
        case TOPIC -> current.withProfile(normalized, current.description(), current.announcement());
        case DESCRIPTION -> current.withProfile(current.topic(), normalized, current.announcement());
        case ANNOUNCEMENT -> current.withProfile(current.topic(), current.description(), normalized);
      };
      rooms.update(tx, stamped(changed, now));
      systemMessages.roomChanged(tx, current.id(), field.messageType, normalized, session.ref(), now);
      return changed;
    });
  }

  /** Public channel to private group or back; needs {@code create-c}/{@code create-p} too. */
  public Room setType(Session session, Room room, RoomType type) {
    if (type == RoomType.DIRECT || room.isDirect()) {
      throw new ParleyException.Invalid("error-invalid-room-type", "Invalid room type [error-invalid-room-type]");
    }
    if (!session.can(type == RoomType.CHANNEL ? "create-c" : "create-p")) {
      throw new ParleyException.Invalid("error-action-not-allowed", type == RoomType.CHANNEL
          ? "Changing a private group to a public channel is not allowed [error-action-not-allowed]"
          : "Changing a public channel to a private room is not allowed [error-action-not-allowed]");
    }
    return change(session, room, "edit-room", (tx, current, now) -> {
      Room changed = new Room(current.id(), type, current.name(), current.fname(),
          current.creator(), current.topic(), current.description(), current.announcement(),
          current.isDefault(), current.readOnly(), current.archived(), current.msgs(),
          current.usersCount(), current.lastMessageAt(), current.lastMessageId(),
          current.usernames(), current.uids(), current.createdAt(), now, current.joinCode(),
          current.customFields(), current.prid(), current.featured(),
          current.reactWhenReadOnly(), current.discussionCount());
      rooms.update(tx, changed);
      systemMessages.roomChanged(tx, current.id(), "room_changed_privacy",
          type == RoomType.CHANNEL ? "Public" : "Private", session.ref(), now);
      return changed;
    });
  }

  public Room setReadOnly(Session session, Room room, boolean readOnly) {
    return change(session, room, "edit-room", (tx, current, now) -> {
      Room changed = current.withOptions(readOnly, current.customFields(), current.prid());
      rooms.update(tx, stamped(changed, now));
      systemMessages.readOnly(tx, current.id(), readOnly, session.ref(), now);
      return changed;
    });
  }

  /** Default channels are joined by every new user; admins only. */
  public Room setDefault(Session session, Room room, boolean isDefault) {
    if (!session.can("view-room-administration")) {
      throw new ParleyException.Invalid("error-action-not-allowed",
          "Viewing room administration is not allowed [error-action-not-allowed]");
    }
    return change(session, room, "edit-room", (tx, current, now) -> {
      Room changed = current.withDefault(isDefault);
      rooms.update(tx, stamped(changed, now));
      return changed;
    });
  }

  public Room setJoinCode(Session session, Room room, String joinCode) {
    return change(session, room, "edit-room", (tx, current, now) -> {
      Room changed = new Room(current.id(), current.type(), current.name(), current.fname(),
          current.creator(), current.topic(), current.description(), current.announcement(),
          current.isDefault(), current.readOnly(), current.archived(), current.msgs(),
          current.usersCount(), current.lastMessageAt(), current.lastMessageId(),
          current.usernames(), current.uids(), current.createdAt(), now,
          joinCode == null || joinCode.isEmpty() ? null : joinCode, current.customFields(),
          current.prid(), current.featured(), current.reactWhenReadOnly(),
          current.discussionCount());
      rooms.update(tx, changed);
      return changed;
    });
  }

  public Room setCustomFields(Session session, Room room, Map<String, Object> customFields) {
    return change(session, room, "edit-room", (tx, current, now) -> {
      Room changed = current.withOptions(current.readOnly(), customFields, current.prid());
      rooms.update(tx, stamped(changed, now));
      return changed;
    });
  }

  /** Archives or unarchives; members' subscriptions follow ({@code archived}, {@code open}). */
  public Room setArchived(Session session, Room room, boolean archived) {
    if (room.isDirect()) {
      throw new ParleyException.Invalid("error-direct-message-room",
          "rooms type: d can not be archived [error-direct-message-room]");
    }
    String permission = archived ? "archive-room" : "unarchive-room";
    return db.write(tx -> {
      Room current = requireRoom(tx, room.id());
      if (!session.can(permission, roomRoles(tx, session, room.id()))) {
        throw new ParleyException.Invalid("error-not-authorized", "Not authorized [error-not-authorized]");
      }
      Instant now = clock.instant();
      Room changed = new Room(current.id(), current.type(), current.name(), current.fname(),
          current.creator(), current.topic(), current.description(), current.announcement(),
          current.isDefault(), current.readOnly(), archived, current.msgs(), current.usersCount(),
          current.lastMessageAt(), current.lastMessageId(), current.usernames(), current.uids(),
          current.createdAt(), now, current.joinCode(), current.customFields(), current.prid(),
          current.featured(), current.reactWhenReadOnly(), current.discussionCount());
      rooms.update(tx, changed);
      rooms.syncSubscriptions(tx, changed, now);
      rooms.setOpenForAll(tx, changed.id(), !archived, now);
      systemMessages.archived(tx, current.id(), archived, session.ref(), now);
      publish(tx, changed.id());
      if (archived) {
        tx.afterCommit(() -> events.publish(new Event.RoomArchived(changed, session.userId())));
      }
      return changed;
    });
  }

  /** Deletes the room with its history; needs {@code delete-c}/{@code delete-p}/{@code delete-d}. */
  public void delete(Session session, Room room) {
    String permission = switch (room.type()) {
      case CHANNEL -> "delete-c";
      case PRIVATE_GROUP -> "delete-p";
      case DIRECT -> "delete-d";
    };
    db.write(tx -> {
      requireRoom(tx, room.id());
      if (!session.can(permission, roomRoles(tx, session, room.id()))) {
        throw new ParleyException.Invalid("error-not-allowed", "Not allowed [error-not-allowed]");
      }
      List<String> members = rooms.members(tx, room.id(), null, 0, Integer.MAX_VALUE).items().stream()
          .map(s -> s.user().id()).toList();
      rooms.delete(tx, room.id(), clock.instant());
      tx.afterCommit(() -> {
        members.forEach(uid -> events.publish(new Event.SubscriptionRemoved(uid, room.id())));
        events.publish(new Event.RoomDeleted(room.id()));
      });
      return null;
    });
  }

  @FunctionalInterface
  private interface Change {
    Room apply(Tx tx, Room current, Instant now);
  }

  private Room change(Session session, Room room, String permission, Change change) {
    return db.write(tx -> {
      Room current = requireRoom(tx, room.id());
      if (!session.can(permission, roomRoles(tx, session, room.id()))) {
        throw new ParleyException.Invalid("error-action-not-allowed",
            "Editing room is not allowed [error-action-not-allowed]");
      }
      Instant now = clock.instant();
      Room changed = change.apply(tx, current, now);
      if (changed != current) {
        rooms.syncSubscriptions(tx, changed, now);
        publish(tx, changed.id());
      }
      return rooms.findById(tx, room.id()).orElseThrow();
    });
  }

  private void publish(Tx tx, String roomId) {
    rooms.findById(tx, roomId).ifPresent(r -> tx.afterCommit(() -> events.publish(new Event.RoomChanged(r))));
  }

  private List<String> roomRoles(Tx tx, Session session, String roomId) {
    return rooms.subscription(tx, roomId, session.userId()).map(Subscription::roles).orElse(List.of());
  }

  private Room requireRoom(Tx tx, String roomId) {
    return rooms.findById(tx, roomId).orElseThrow(() ->
        new ParleyException.Invalid("error-invalid-room", "Invalid room [error-invalid-room]"));
  }

  private static Room stamped(Room r, Instant now) {
    return new Room(r.id(), r.type(), r.name(), r.fname(), r.creator(), r.topic(), r.description(),
        r.announcement(), r.isDefault(), r.readOnly(), r.archived(), r.msgs(), r.usersCount(),
        r.lastMessageAt(), r.lastMessageId(), r.usernames(), r.uids(), r.createdAt(), now,
        r.joinCode(), r.customFields(), r.prid(), r.featured(), r.reactWhenReadOnly(),
        r.discussionCount());
  }
}
