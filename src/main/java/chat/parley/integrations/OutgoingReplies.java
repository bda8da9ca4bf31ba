package chat.parley.integrations;

import chat.parley.auth.Session;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.integrations.OutgoingWebhooks.Trigger;
import chat.parley.messages.Message;
import chat.parley.messages.MessageService;
import chat.parley.messages.SendMessage;
import chat.parley.rooms.RoomType;
import chat.parley.users.User;
import chat.parley.users.UserStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Posts an outgoing webhook target's answer into Parley, as Rocket.Chat does. */
final class OutgoingReplies {
  private final Transactor db;
  private final UserStore users;
  private final MessageService messages;

  OutgoingReplies(Transactor db, UserStore users, MessageService messages) {
    this.db = db;
    this.users = users;
    this.messages = messages;
  }

  volatile chat.parley.permissions.Permissions permissions =
      chat.parley.permissions.Permissions.defaults();

  /**
   * Rocket.Chat's {@code sendMessage} + {@code processWebhookMessage}: the target's answer is
   * posted as the webhook's user (or the impersonated author) into the event's room, or into the
   * answer's {@code channel}, or the webhook's {@code targetRoom}.
   */
  List<Map<String, Object>> post(Integration integration, Trigger t,
      Map<String, Object> data, Map<String, Object> json, String messageId) {
    User user = null;
    if (integration.outgoing().impersonateUser() && data.get("user_name") instanceof String name) {
      user = db.read(tx -> users.findByUsername(tx, name)).filter(User::active).orElse(null);
    }
    if (user == null) {
      user = db.read(tx -> users.findById(tx, integration.postAs().id())).filter(User::active)
          .orElseThrow(() -> new ParleyException.Invalid("error-invalid-user", "Invalid user"));
    }
    String channel = text(json, "channel", "roomId");
    if (channel == null) {
      channel = integration.outgoing().targetRoom();
    }
    if (channel == null && t.room() != null) {
      channel = t.room().id();
    }
    if (channel == null) {
      throw new ParleyException.Invalid("error-invalid-channel", "No room to answer in");
    }
    Session as = new Session(user.id(), user.username(), user.name(), user.roles(), null, permissions);
    List<Map<String, Object>> attachments = attachments(json.get("attachments"));
    String body = text(json, "text", "msg");
    SendMessage cmd = new SendMessage(messageId, null, body == null ? "" : body,
        first(text(json, "username", "alias"), integration.alias()),
        first(text(json, "icon_emoji", "emoji"), integration.emoji()),
        first(text(json, "icon_url", "avatar"), integration.avatar()), attachments, null, false,
        attachments == null, text(json, "tmid", "tmid"), false);
    Message sent = messages.postAsIntegration(as, channel, cmd);
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("_id", sent.id());
    message.put("rid", sent.roomId());
    message.put("msg", sent.text());
    message.put("ts", OutgoingWebhooks.iso(sent.ts()));
    message.put("u", Map.of("_id", sent.author().id(), "username", sent.author().username()));
    boolean direct = t.room() != null && t.room().type() == RoomType.DIRECT
        && t.room().id().equals(sent.roomId());
    return List.of(Map.of("channel", (direct ? "@" : "#") + sent.roomId(), "message", message));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> attachments(Object value) {
    if (!(value instanceof List<?> list)) {
      return null;
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object item : list) {
      if (item instanceof Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) map);
        if (copy.containsKey("msg") && !copy.containsKey("text")) {
          copy.put("text", copy.remove("msg"));
        }
        out.add(copy);
      }
    }
    return out;
  }

  private static String text(Map<String, Object> json, String name, String alternative) {
    Object v = json.get(name) != null ? json.get(name) : json.get(alternative);
    return v instanceof String s && !s.isBlank() ? s : v instanceof Number n ? n.toString() : null;
  }

  private static String first(String a, String b) {
    return a != null && !a.isBlank() ? a : b;
  }

}
