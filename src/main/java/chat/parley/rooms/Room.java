package chat.parley.rooms;

import chat.parley.common.UserRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A channel, private group or direct message. For direct messages {@code name} is null and
 * {@code usernames}/{@code uids} list the participants. Nullable: {@code creator}, {@code topic},
 * {@code description}, {@code announcement}, {@code lastMessageAt}, {@code lastMessageId} (system
 * messages count in {@code msgs} but never become the last message), {@code joinCode}, {@code
 * prid} (the parent of a discussion).
 */
public record Room(
    String id,
    RoomType type,
    String name,
    String fname,
    UserRef creator,
    String topic,
    String description,
    String announcement,
    boolean isDefault,
    boolean readOnly,
    boolean archived,
    long msgs,
    int usersCount,
    Instant lastMessageAt,
    String lastMessageId,
    List<String> usernames,
    List<String> uids,
    Instant createdAt,
    Instant updatedAt,
    String joinCode,
    Map<String, Object> customFields,
    String prid,
    boolean featured,
    boolean reactWhenReadOnly,
    int discussionCount) {

  public Room {
    usernames = List.copyOf(usernames);
    uids = List.copyOf(uids);
    customFields = customFields == null ? Map.of() : Map.copyOf(customFields);
  }

  /** A new, empty room with Rocket.Chat's defaults. */
  public static Room create(String id, RoomType type, String name, UserRef creator, Instant now) {
    return new Room(id, type, name, name, creator, null, null, null, false, false, false, 0, 0,
        null, null, List.of(), List.of(), now, now, null, Map.of(), null, false, false, 0);
  }

  public Room withMembers(List<String> newUsernames, List<String> newUids) {
    return new Room(id, type, name, fname, creator, topic, description, announcement, isDefault,
        readOnly, archived, msgs, usersCount, lastMessageAt, lastMessageId, newUsernames, newUids,
        createdAt, updatedAt, joinCode, customFields, prid, featured, reactWhenReadOnly,
        discussionCount);
  }

  public Room withDefault(boolean value) {
    return new Room(id, type, name, fname, creator, topic, description, announcement, value,
        readOnly, archived, msgs, usersCount, lastMessageAt, lastMessageId, usernames, uids,
        createdAt, updatedAt, joinCode, customFields, prid, featured, reactWhenReadOnly,
        discussionCount);
  }

  public Room withProfile(String newTopic, String newDescription, String newAnnouncement) {
    return new Room(id, type, name, fname, creator, newTopic, newDescription, newAnnouncement,
        isDefault, readOnly, archived, msgs, usersCount, lastMessageAt, lastMessageId, usernames,
        uids, createdAt, updatedAt, joinCode, customFields, prid, featured, reactWhenReadOnly,
        discussionCount);
  }

  public Room withOptions(boolean newReadOnly, Map<String, Object> newCustomFields, String newPrid) {
    return new Room(id, type, name, fname, creator, topic, description, announcement, isDefault,
        newReadOnly, archived, msgs, usersCount, lastMessageAt, lastMessageId, usernames, uids,
        createdAt, updatedAt, joinCode, newCustomFields, newPrid, featured, reactWhenReadOnly,
        discussionCount);
  }

  public boolean isDirect() {
    return type == RoomType.DIRECT;
  }
}
