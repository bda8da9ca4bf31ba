package chat.parley.wire;

import chat.parley.rooms.Room;
import chat.parley.rooms.RoomType;
import java.util.Map;

/** Rocket.Chat's {@code IRoom}, with the fields {@code rooms.get} publishes. */
public final class RcRoom {
  private RcRoom() {}

  /**
   * Rocket.Chat's {@code channels.counters} / {@code groups.counters} / {@code im.counters}
   * answer; {@code null} members, unreads, msgs and the like stay null (shown to non-members).
   */
  public static Map<String, Object> counters(chat.parley.rooms.RoomQueries.Counters c) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("joined", c.joined());
    out.put("members", c.members());
    out.put("unreads", c.unreads());
    out.put("unreadsFrom", c.unreadsFrom());
    out.put("msgs", c.msgs());
    out.put("latest", c.latest());
    out.put("userMentions", c.userMentions());
    return out;
  }

  public static Map<String, Object> of(Room r) {
    return of(r, null);
  }

  /** The room with its {@code lastMessage} embedded, as {@code rooms.get} sends it. */
  public static Map<String, Object> of(Room r, chat.parley.messages.Message lastMessage) {
    Doc doc = new Doc()
        .with("_id", r.id())
        .with("t", r.type().code())
        .with("name", r.name())
        .with("fname", r.fname());
    if (r.creator() != null) {
      doc.put("u", new Doc().with("_id", r.creator().id()).with("username", r.creator().username()));
    }
    doc.with("topic", r.topic())
        .with("description", r.description())
        .with("announcement", r.announcement())
        .with("msgs", r.msgs())
        .with("usersCount", r.usersCount())
        .with("ts", r.createdAt())
        .with("lm", r.lastMessageAt())
        .with("_updatedAt", r.updatedAt())
        .with("lastMessage", lastMessage == null ? null : RcMessage.of(lastMessage));
    if (r.type() == RoomType.DIRECT) {
      doc.put("usernames", r.usernames());
      doc.put("uids", r.uids());
    } else {
      doc.put("default", r.isDefault());
      doc.put("ro", r.readOnly());
      doc.put("sysMes", true);
      doc.put("archived", r.archived());
      doc.put("customFields", r.customFields());
      if (r.joinCode() != null) {
        doc.put("joinCodeRequired", true);
      }
      if (r.featured()) {
        doc.put("featured", true);
      }
      if (r.reactWhenReadOnly()) {
        doc.put("reactWhenReadOnly", true);
      }
      doc.with("prid", r.prid());
    }
    return doc;
  }
}
