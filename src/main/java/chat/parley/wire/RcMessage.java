package chat.parley.wire;

import chat.parley.common.UserRef;
import chat.parley.messages.Message;
import chat.parley.messages.MessageDetails;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rocket.Chat's {@code IMessage}. */
public final class RcMessage {
  private RcMessage() {}

  public static Map<String, Object> of(Message m) {
    return of(m, null);
  }

  /**
   * The message as {@code viewerId} sees it: Rocket.Chat's {@code starred} lists only the
   * viewer ({@code [{_id}]}) when they starred it, never who else did.
   */
  public static Map<String, Object> of(Message m, String starredByViewerId) {
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
    MessageDetails d = m.details();
    if (d.tshow()) {
      doc.put("tshow", true);
    }
    if (d.tcount() > 0 || !d.replies().isEmpty()) {
      doc.put("tcount", d.tcount());
      doc.with("tlm", d.tlm());
      doc.put("replies", d.replies());
    }
    if (d.editedAt() != null) {
      doc.put("editedAt", d.editedAt());
      doc.put("editedBy", new Doc().with("_id", d.editedBy().id()).with("username", d.editedBy().username()));
    }
    if (d.pinned()) {
      doc.put("pinned", true);
      doc.with("pinnedAt", d.pinnedAt());
      if (d.pinnedBy() != null) {
        doc.put("pinnedBy", new Doc().with("_id", d.pinnedBy().id()).with("username", d.pinnedBy().username()));
      }
    }
    if (!d.reactions().isEmpty()) {
      Map<String, Object> reactions = new LinkedHashMap<>();
      d.reactions().forEach((emoji, usernames) -> reactions.put(emoji, Map.of("usernames", usernames)));
      doc.put("reactions", reactions);
    }
    if (starredByViewerId != null) {
      doc.put("starred", List.of(Map.of("_id", starredByViewerId)));
    }
    if (m.type() == null) {
      // Rocket.Chat's mention parser always sets these on user messages.
      doc.put("mentions", d.mentions().stream().map(RcMessage::mention).toList());
      doc.put("channels", d.channels().stream()
          .map(c -> Map.<String, Object>of("_id", c.id(), "name", c.name())).toList());
      doc.put("urls", List.of());
    }
    return doc;
  }

  private static Map<String, Object> mention(UserRef u) {
    Doc doc = new Doc().with("_id", u.id()).with("username", u.username()).with("name", u.name());
    if (!u.id().equals("all") && !u.id().equals("here")) {
      doc.put("type", "user");
    }
    return doc;
  }

  static Map<String, Object> user(UserRef u) {
    return new Doc().with("_id", u.id()).with("username", u.username()).with("name", u.name());
  }
}
