package chat.parley.rest;

import chat.parley.common.ParleyException;
import chat.parley.messages.Message;
import chat.parley.messages.MessageService;
import chat.parley.messages.SendMessage;
import chat.parley.wire.RcMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code chat.sendMessage}, {@code chat.postMessage}, {@code chat.getMessage}. */
final class ChatRoutes {
  private static final Set<String> SEND_FIELDS = Set.of("message", "previewUrls");
  private static final Set<String> POST_FIELDS = Set.of("roomId", "channel", "text", "alias",
      "emoji", "avatar", "attachments", "customFields", "parseUrls", "tmid");

  private final MessageService messages;

  ChatRoutes(MessageService messages) {
    this.messages = messages;
  }

  void register(Api api) {
    api.post("chat.sendMessage", this::sendMessage);
    api.post("chat.postMessage", this::postMessage);
    api.get("chat.getMessage", this::getMessage);
  }

  private Map<String, Object> sendMessage(Request req) {
    ObjectNode body = req.body();
    req.allowOnly(body, SEND_FIELDS);
    JsonNode node = body.get("message");
    if (node == null || node.isNull()) {
      throw RestErrors.invalidBody("must have required property 'message'");
    }
    if (!(node instanceof ObjectNode message)) {
      throw RestErrors.invalidBody("'message' must be object");
    }
    if (message.hasNonNull("t")) {
      throw new ParleyException.Invalid("error-invalid-params",
          "Cannot send system messages using 'chat.sendMessage'");
    }
    if (message.hasNonNull("tmid")) {
      throw threadsNotYet();
    }
    String id = req.optionalString(message, "_id");
    if (id != null && id.isBlank()) {
      throw RestErrors.invalidBody("'_id' must NOT have fewer than 1 characters");
    }
    String rid = req.optionalString(message, "rid");
    if (rid == null || rid.isEmpty()) {
      throw new ParleyException.Invalid("error-invalid-params",
          "The 'rid' property on the message object is missing.");
    }
    SendMessage cmd = new SendMessage(id, rid, textOrEmpty(req.optionalString(message, "msg")),
        req.optionalString(message, "alias"), req.optionalString(message, "emoji"),
        req.optionalString(message, "avatar"), req.optionalObjectList(message, "attachments"),
        req.optionalObject(message, "customFields"), null, null);
    Message sent = messages.send(req.session(), cmd);
    return Map.of("message", RcMessage.of(sent));
  }

  private Map<String, Object> postMessage(Request req) {
    ObjectNode body = req.body();
    req.allowOnly(body, POST_FIELDS);
    if (body.hasNonNull("tmid")) {
      throw threadsNotYet();
    }
    List<String> targets = targets(req, body);
    List<Map<String, Object>> attachments = req.optionalObjectList(body, "attachments");
    Boolean parseUrls = req.optionalBoolean(body, "parseUrls");
    String text = textOrEmpty(req.optionalString(body, "text")).strip();
    SendMessage cmd = new SendMessage(null, null, text, blankToNull(req.optionalString(body, "alias")),
        blankToNull(req.optionalString(body, "emoji")), blankToNull(req.optionalString(body, "avatar")),
        attachments, req.optionalObject(body, "customFields"), false,
        parseUrls != null ? parseUrls : attachments == null);
    boolean byChannel = body.hasNonNull("channel");
    Message first = null;
    for (String target : targets) {
      Message sent = byChannel
          ? messages.post(req.session(), target, cmd)
          : messages.post(req.session(), null, withRoom(cmd, target));
      if (first == null) {
        first = sent;
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ts", first.ts().toEpochMilli());
    out.put("channel", targets.get(0));
    out.put("message", RcMessage.of(first));
    return out;
  }

  private static List<String> targets(Request req, ObjectNode body) {
    boolean hasRoom = body.hasNonNull("roomId");
    boolean hasChannel = body.hasNonNull("channel");
    if (hasRoom == hasChannel) {
      throw RestErrors.invalidBody(hasRoom
          ? "must match exactly one schema in oneOf"
          : "must have required property 'roomId'\n must have required property 'channel'\n"
              + " must match exactly one schema in oneOf");
    }
    JsonNode value = body.get(hasRoom ? "roomId" : "channel");
    List<String> targets = new ArrayList<>();
    if (value.isTextual()) {
      targets.add(value.asText());
    } else if (value.isArray()) {
      value.forEach(v -> {
        if (!v.isTextual()) {
          throw RestErrors.invalidBody("'" + (hasRoom ? "roomId" : "channel") + "' must be string");
        }
        if (!targets.contains(v.asText())) {
          targets.add(v.asText());
        }
      });
    } else {
      throw RestErrors.invalidBody("'" + (hasRoom ? "roomId" : "channel") + "' must be string");
    }
    if (targets.isEmpty() || targets.stream().anyMatch(String::isBlank)) {
      throw new ParleyException.Invalid("invalid-channel", "[invalid-channel]");
    }
    return targets;
  }

  private static SendMessage withRoom(SendMessage cmd, String roomId) {
    return new SendMessage(cmd.clientId(), roomId, cmd.text(), cmd.alias(), cmd.emoji(),
        cmd.avatar(), cmd.attachments(), cmd.customFields(), cmd.groupable(), cmd.parseUrls());
  }

  private Map<String, Object> getMessage(Request req) {
    String msgId = req.query("msgId");
    if (msgId == null) {
      throw RestErrors.invalidQuery("must have required property 'msgId'");
    }
    return Map.of("message", RcMessage.of(messages.get(req.session(), msgId)));
  }

  /** Thread replies arrive with issue #4; until then they are refused, never half-stored. */
  private static ParleyException threadsNotYet() {
    return new ParleyException.Invalid("error-not-allowed",
        "Thread replies (tmid) are not supported by this server yet");
  }

  private static String textOrEmpty(String text) {
    return text == null ? "" : text;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
