package chat.parley.integrations;

import chat.parley.messages.Message;
import chat.parley.rooms.Room;
import chat.parley.users.User;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body an outgoing webhook posts, field for field Rocket.Chat's {@code mapEventArgsToData}
 * (same names, same order, absent rather than null); instants are ISO-8601 text with millis, as
 * {@code JSON.stringify} writes a Date.
 */
final class OutgoingPayload {
  private OutgoingPayload() {}

  static Map<String, Object> of(Integration integration, OutgoingWebhooks.Trigger t, String word,
      String siteUrl) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("token", integration.token());
    data.put("bot", false);
    if (word != null) {
      data.put("trigger_word", word);
    }
    Room room = t.room();
    Message m = t.message();
    switch (t.event()) {
      case "sendMessage" -> {
        data.put("channel_id", room.id());
        putIfPresent(data, "channel_name", room.name());
        data.put("message_id", m.id());
        data.put("timestamp", OutgoingWebhooks.iso(m.ts()));
        data.put("user_id", m.author().id());
        data.put("user_name", m.author().username());
        data.put("text", m.text());
        data.put("siteUrl", siteUrl);
        putIfPresent(data, "alias", m.alias());
        if (m.bot()) {
          data.put("bot", true);
        }
        if (m.details().editedAt() != null) {
          data.put("isEdited", true);
        }
        putIfPresent(data, "tmid", m.threadId());
      }
      case "fileUploaded" -> {
        data.put("channel_id", room.id());
        putIfPresent(data, "channel_name", room.name());
        data.put("message_id", m.id());
        data.put("timestamp", OutgoingWebhooks.iso(m.ts()));
        data.put("user_id", m.author().id());
        data.put("user_name", m.author().username());
        data.put("text", m.text());
        data.put("user", user(t.user()));
        data.put("room", room(room));
        data.put("message", message(m));
        putIfPresent(data, "alias", m.alias());
        if (m.bot()) {
          data.put("bot", true);
        }
      }
      case "roomCreated" -> {
        data.put("channel_id", room.id());
        putIfPresent(data, "channel_name", room.name());
        data.put("timestamp", OutgoingWebhooks.iso(room.createdAt()));
        data.put("user_id", t.owner().id());
        data.put("user_name", t.owner().username());
        data.put("owner", user(t.owner()));
        data.put("room", room(room));
      }
      case "roomArchived", "roomJoined", "roomLeft" -> {
        data.put("timestamp", OutgoingWebhooks.iso(java.time.Instant.now()));
        data.put("channel_id", room.id());
        putIfPresent(data, "channel_name", room.name());
        data.put("user_id", t.user().id());
        data.put("user_name", t.user().username());
        data.put("user", user(t.user()));
        data.put("room", room(room));
        if ("bot".equals(t.user().type())) {
          data.put("bot", true);
        }
      }
      case "userCreated" -> {
        data.put("timestamp", OutgoingWebhooks.iso(t.user().createdAt()));
        data.put("user_id", t.user().id());
        data.put("user_name", t.user().username());
        data.put("user", user(t.user()));
        if ("bot".equals(t.user().type())) {
          data.put("bot", true);
        }
      }
      default -> { }
    }
    return data;
  }

  private static void putIfPresent(Map<String, Object> data, String key, Object value) {
    if (value != null) {
      data.put(key, value);
    }
  }

  /** A user as Rocket.Chat sends it to webhooks: the account without its {@code services}. */
  static Map<String, Object> user(User u) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("_id", u.id());
    doc.put("username", u.username());
    putIfPresent(doc, "name", u.name());
    putIfPresent(doc, "type", u.type());
    doc.put("roles", u.roles());
    doc.put("active", u.active());
    putIfPresent(doc, "createdAt", OutgoingWebhooks.iso(u.createdAt()));
    return doc;
  }

  /** A message as Rocket.Chat stores it: {@code msg}, {@code u}, and a file's {@code file}/{@code files}. */
  static Map<String, Object> message(Message m) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("_id", m.id());
    doc.put("rid", m.roomId());
    doc.put("msg", m.text());
    doc.put("ts", OutgoingWebhooks.iso(m.ts()));
    Map<String, Object> u = new LinkedHashMap<>();
    u.put("_id", m.author().id());
    u.put("username", m.author().username());
    putIfPresent(u, "name", m.author().name());
    doc.put("u", u);
    putIfPresent(doc, "t", m.type());
    putIfPresent(doc, "tmid", m.threadId());
    putIfPresent(doc, "alias", m.alias());
    putIfPresent(doc, "emoji", m.emoji());
    putIfPresent(doc, "avatar", m.avatar());
    putIfPresent(doc, "attachments", m.attachments());
    putIfPresent(doc, "customFields", m.customFields());
    putIfPresent(doc, "groupable", m.groupable());
    putIfPresent(doc, "parseUrls", m.parseUrls());
    if (m.bot()) {
      doc.put("bot", true);
    }
    doc.putAll(m.systemFields());
    putIfPresent(doc, "_updatedAt", OutgoingWebhooks.iso(m.updatedAt()));
    return doc;
  }

  static Map<String, Object> room(Room r) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("_id", r.id());
    doc.put("t", r.type().code());
    putIfPresent(doc, "name", r.name());
    putIfPresent(doc, "fname", r.fname());
    if (r.creator() != null) {
      doc.put("u", Map.of("_id", r.creator().id(), "username", r.creator().username()));
    }
    doc.put("ts", OutgoingWebhooks.iso(r.createdAt()));
    doc.put("ro", r.readOnly());
    doc.put("archived", r.archived());
    doc.put("default", r.isDefault());
    doc.put("msgs", r.msgs());
    doc.put("usersCount", r.usersCount());
    if (r.type() == chat.parley.rooms.RoomType.DIRECT) {
      doc.put("usernames", r.usernames());
      doc.put("uids", r.uids());
    }
    putIfPresent(doc, "_updatedAt", OutgoingWebhooks.iso(r.updatedAt()));
    return doc;
  }
}
