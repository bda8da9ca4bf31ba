package chat.parley.wire;

import chat.parley.common.UserRef;
import chat.parley.messages.Message;
import java.util.List;
import java.util.Map;

/** Rocket.Chat's {@code IMessage}. */
public final class RcMessage {
  private RcMessage() {}

  public static Map<String, Object> of(Message m) {
    Doc doc = new Doc()
        .with("_id", m.id())
        .with("rid", m.roomId())
        .with("msg", m.text())
        .with("ts", m.ts())
        .with("u", user(m.author()))
        .with("_updatedAt", m.updatedAt())
        .with("t", m.type())
        .with("tmid", m.threadId())
        .with("alias", m.alias())
        .with("emoji", m.emoji())
        .with("avatar", m.avatar())
        .with("attachments", m.attachments())
        .with("customFields", m.customFields())
        .with("groupable", m.groupable())
        .with("parseUrls", m.parseUrls());
    m.systemFields().forEach(doc::putIfAbsent);
    if (m.bot()) {
      doc.put("bot", Map.of("i", m.author().id()));
    }
    if (m.type() == null) {
      // Rocket.Chat's mention parser always sets these on user messages (issue #4 fills them).
      doc.put("mentions", List.of());
      doc.put("channels", List.of());
      doc.put("urls", List.of());
    }
    return doc;
  }

  static Map<String, Object> user(UserRef u) {
    return new Doc().with("_id", u.id()).with("username", u.username()).with("name", u.name());
  }
}
