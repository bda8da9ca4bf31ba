package chat.parley.wire;

import chat.parley.rooms.Removal;
import chat.parley.rooms.Subscription;
import java.util.Map;

/** Rocket.Chat's {@code ISubscription}, as {@code subscriptions.get} publishes it. */
public final class RcSubscription {
  private RcSubscription() {}

  public static Map<String, Object> of(Subscription s) {
    Doc doc = new Doc()
        .with("_id", s.id())
        .with("rid", s.roomId())
        .with("u", RcMessage.user(s.user()))
        .with("name", s.name())
        .with("fname", s.fname())
        .with("t", s.type().code())
        .with("ts", s.createdAt())
        .with("ls", s.lastSeen())
        .with("lr", s.lastRead())
        .with("open", s.open())
        .with("alert", s.alert())
        .with("unread", s.unread())
        .with("userMentions", s.userMentions())
        .with("groupMentions", s.groupMentions())
        .with("f", s.favorite())
        .with("_updatedAt", s.updatedAt())
        .with("prid", s.prid());
    if (!s.roles().isEmpty()) {
      doc.put("roles", s.roles());
    }
    if (!s.ignored().isEmpty()) {
      doc.put("ignored", s.ignored());
    }
    if (s.archived()) {
      doc.put("archived", true);
    }
    return doc;
  }

  /** An entry of {@code subscriptions.get}'s {@code remove}: {@code {_id, _deletedAt}}. */
  public static Map<String, Object> removed(Removal r) {
    return new Doc().with("_id", r.subscriptionId()).with("_deletedAt", r.removedAt());
  }

  /** An entry of {@code rooms.get}'s {@code remove}: the room id and when it went. */
  public static Map<String, Object> removedRoom(Removal r) {
    return new Doc().with("_id", r.roomId()).with("_deletedAt", r.removedAt());
  }
}
