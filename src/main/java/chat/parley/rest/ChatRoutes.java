package chat.parley.rest;

import chat.parley.auth.Session;
import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.messages.Message;
import chat.parley.messages.MessageActions;
import chat.parley.messages.MessageReads;
import chat.parley.messages.MessageService;
import chat.parley.messages.MessageStore;
import chat.parley.messages.SendMessage;
import chat.parley.settings.Settings;
import chat.parley.wire.RcJson;
import chat.parley.wire.RcMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code chat.*} family: sending, threads, edits, deletes, reactions, pins, stars, search. */
final class ChatRoutes {
  private static final Set<String> SEND_FIELDS = Set.of("message", "previewUrls");
  private static final Set<String> POST_FIELDS = Set.of("roomId", "channel", "text", "alias",
      "emoji", "avatar", "attachments", "customFields", "parseUrls", "tmid", "tshow");

  private final MessageService messages;
  private final MessageActions actions;
  private final MessageReads reads;
  private final Paging paging;

  ChatRoutes(MessageService messages, MessageActions actions, MessageReads reads, Settings settings) {
    this.messages = messages;
    this.actions = actions;
    this.reads = reads;
    this.paging = new Paging(settings);
  }

  void register(Api api) {
    api.post("chat.sendMessage", this::sendMessage);
    api.post("chat.postMessage", this::postMessage);
    api.get("chat.getMessage", this::getMessage);
    api.post("chat.update", this::update);
    api.post("chat.delete", this::delete);
    api.post("chat.react", this::react);
    api.post("chat.pinMessage", req -> Map.of("message",
        RcMessage.of(actions.pin(req.session(), requiredBody(req, "messageId")))));
    api.post("chat.unPinMessage", req -> {
      actions.unpin(req.session(), requiredBody(req, "messageId"));
      return Map.of();
    });
    api.post("chat.starMessage", req -> {
      actions.star(req.session(), requiredBody(req, "messageId"), true);
      return Map.of();
    });
    api.post("chat.unStarMessage", req -> {
      actions.star(req.session(), requiredBody(req, "messageId"), false);
      return Map.of();
    });
    api.post("chat.followMessage", req -> {
      actions.follow(req.session(), requiredBody(req, "mid"), true);
      return Map.of();
    });
    api.post("chat.unfollowMessage", req -> {
      actions.follow(req.session(), requiredBody(req, "mid"), false);
      return Map.of();
    });
    api.get("chat.getPinnedMessages", req -> filtered(req, MessageStore.Filter.PINNED, "messages"));
    api.get("chat.getStarredMessages", req -> filtered(req, MessageStore.Filter.STARRED_BY_USER, "messages"));
    api.get("chat.getMentionedMessages", req -> filtered(req, MessageStore.Filter.MENTIONING_USER, "messages"));
    api.get("channels.getAllUserMentionsByChannel",
        req -> filtered(req, MessageStore.Filter.MENTIONING_USER, "mentions"));
    api.get("chat.getThreadMessages", this::threadMessages);
    api.get("chat.getThreadsList", this::threadsList);
    api.get("chat.syncThreadMessages", this::syncThreadMessages);
    api.get("chat.syncThreadsList", this::syncThreadsList);
    api.get("chat.syncMessages", this::syncMessages);
    api.get("chat.getDeletedMessages", this::deletedMessages);
    api.get("chat.search", this::search);
    api.get("chat.getDiscussions", req -> filtered(req, MessageStore.Filter.DISCUSSIONS, "messages"));
  }

  // --- sending ---------------------------------------------------------------------------------

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
    String id = req.optionalString(message, "_id");
    if (id != null && id.isBlank()) {
      throw RestErrors.invalidBody("'_id' must NOT have fewer than 1 characters");
    }
    String rid = req.optionalString(message, "rid");
    String tmid = req.optionalString(message, "tmid");
    boolean tshow = Boolean.TRUE.equals(req.optionalBoolean(message, "tshow"));
    if (tshow && tmid == null) {
      throw new ParleyException.Invalid("invalid-params", "tshow provided but missing tmid [invalid-params]");
    }
    if ((rid == null || rid.isEmpty()) && tmid == null) {
      throw new ParleyException.Invalid("error-invalid-params",
          "The 'rid' property on the message object is missing.");
    }
    SendMessage cmd = new SendMessage(id, rid == null || rid.isEmpty() ? null : rid,
        textOrEmpty(req.optionalString(message, "msg")), req.optionalString(message, "alias"),
        req.optionalString(message, "emoji"), req.optionalString(message, "avatar"),
        req.optionalObjectList(message, "attachments"), req.optionalObject(message, "customFields"),
        null, null, tmid, tshow);
    Message sent = messages.send(req.session(), cmd);
    return Map.of("message", RcMessage.of(sent));
  }

  private Map<String, Object> postMessage(Request req) {
    ObjectNode body = req.body();
    req.allowOnly(body, POST_FIELDS);
    List<String> targets = targets(req, body);
    List<Map<String, Object>> attachments = req.optionalObjectList(body, "attachments");
    Boolean parseUrls = req.optionalBoolean(body, "parseUrls");
    String text = textOrEmpty(req.optionalString(body, "text")).strip();
    String tmid = req.optionalString(body, "tmid");
    SendMessage cmd = new SendMessage(null, null, text, blankToNull(req.optionalString(body, "alias")),
        blankToNull(req.optionalString(body, "emoji")), blankToNull(req.optionalString(body, "avatar")),
        attachments, req.optionalObject(body, "customFields"), false,
        parseUrls != null ? parseUrls : attachments == null, tmid,
        Boolean.TRUE.equals(req.optionalBoolean(body, "tshow")));
    boolean byChannel = body.hasNonNull("channel");
    Message first = null;
    for (String target : targets) {
      Message sent = byChannel
          ? messages.post(req.session(), target, cmd)
          : messages.post(req.session(), null, cmd.inRoom(target));
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

  private Map<String, Object> getMessage(Request req) {
    String msgId = req.query("msgId");
    if (msgId == null) {
      throw RestErrors.invalidQuery("must have required property 'msgId'");
    }
    Message m = messages.get(req.session(), msgId);
    return Map.of("message", view(req.session(), List.of(m)).get(0));
  }

  // --- changing messages -----------------------------------------------------------------------

  private Map<String, Object> update(Request req) {
    ObjectNode body = req.body();
    String roomId = req.requiredString(body, "roomId");
    String msgId = req.requiredString(body, "msgId");
    String text = req.requiredString(body, "text");
    return Map.of("message", RcMessage.of(actions.edit(req.session(), roomId, msgId, text)));
  }

  private Map<String, Object> delete(Request req) {
    ObjectNode body = req.body();
    String roomId = req.requiredString(body, "roomId");
    String msgId = req.requiredString(body, "msgId");
    Message deleted = actions.delete(req.session(), roomId, msgId);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("_id", deleted.id());
    out.put("ts", String.valueOf(System.currentTimeMillis()));
    out.put("message", Map.of("_id", deleted.id(), "rid", deleted.roomId(),
        "u", Map.of("_id", deleted.author().id(), "username", deleted.author().username())));
    return out;
  }

  private Map<String, Object> react(Request req) {
    ObjectNode body = req.body();
    String messageId = req.requiredString(body, "messageId");
    String emoji = req.optionalString(body, "emoji");
    if (emoji == null) {
      emoji = req.optionalString(body, "reaction");
    }
    if (emoji == null || emoji.isBlank()) {
      throw RestErrors.invalidBody("must have required property 'emoji'");
    }
    actions.react(req.session(), messageId, emoji, req.optionalBoolean(body, "shouldReact"));
    return Map.of();
  }

  // --- reading -----------------------------------------------------------------------------------

  /** Wire documents for a page, with the viewer's stars filled in by one query. */
  private List<Map<String, Object>> view(Session session, List<Message> page) {
    Set<String> starred = messages.starredBy(session, page.stream().map(Message::id).toList());
    return page.stream()
        .map(m -> RcMessage.of(m, starred.contains(m.id()) ? session.userId() : null))
        .toList();
  }

  private Map<String, Object> filtered(Request req, MessageStore.Filter filter, String key) {
    String roomId = requiredQuery(req, "roomId");
    Paging.Window w = paging.of(req);
    Page<Message> page = reads.filtered(req.session(), roomId, filter, w.offset(), w.count());
    return Paging.page(key, view(req.session(), page.items()), w.offset(), page.total());
  }

  private Map<String, Object> threadMessages(Request req) {
    String tmid = requiredQuery(req, "tmid");
    Paging.Window w = paging.of(req);
    Page<Message> page = reads.threadMessages(req.session(), tmid, w.offset(), w.count());
    return Paging.page("messages", view(req.session(), page.items()), w.offset(), page.total());
  }

  private Map<String, Object> threadsList(Request req) {
    String rid = requiredQuery(req, "rid");
    String type = req.query("type") == null ? "all" : req.query("type");
    MessageStore.ThreadFilter filter = switch (type) {
      case "all" -> MessageStore.ThreadFilter.ALL;
      case "following" -> MessageStore.ThreadFilter.FOLLOWING;
      case "unread" -> MessageStore.ThreadFilter.UNREAD;
      default -> throw RestErrors.invalidQuery("'type' must be equal to one of the allowed values");
    };
    Paging.Window w = paging.of(req);
    Page<Message> page = reads.threads(req.session(), rid, filter, req.query("text"), w.offset(), w.count());
    return Paging.page("threads", view(req.session(), page.items()), w.offset(), page.total());
  }

  private Map<String, Object> syncThreadMessages(Request req) {
    String tmid = requiredQuery(req, "tmid");
    Instant since = requiredDate(req, "updatedSince");
    MessageReads.Sync sync = reads.threadSince(req.session(), tmid, since);
    return Map.of("messages", Map.of("update", view(req.session(), sync.updated()),
        "remove", sync.deleted().stream().map(d -> Map.of("_id", d.messageId(), "_deletedAt",
            RcJson.isoMillis(d.deletedAt()))).toList()));
  }

  private Map<String, Object> syncThreadsList(Request req) {
    String rid = requiredQuery(req, "rid");
    Instant since = requiredDate(req, "updatedSince");
    MessageReads.Sync sync = reads.threadsSince(req.session(), rid, since);
    return Map.of("threads", Map.of("update", view(req.session(), sync.updated()), "remove", List.of()));
  }

  private Map<String, Object> syncMessages(Request req) {
    String roomId = requiredQuery(req, "roomId");
    Instant since = requiredDate(req, "lastUpdate");
    MessageReads.Sync sync = reads.roomSince(req.session(), roomId, since);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("updated", view(req.session(), sync.updated()));
    result.put("deleted", sync.deleted().stream().map(d -> Map.of("_id", d.messageId(),
        "_deletedAt", RcJson.isoMillis(d.deletedAt()))).toList());
    return Map.of("result", result);
  }

  private Map<String, Object> deletedMessages(Request req) {
    String roomId = requiredQuery(req, "roomId");
    Instant since = requiredDate(req, "since");
    Paging.Window w = paging.of(req);
    Page<MessageStore.Deletion> page = reads.deleted(req.session(), roomId, since, w.offset(), w.count());
    return Paging.page("messages", page.items().stream().map(d -> Map.of("_id", d.messageId())).toList(),
        w.offset(), page.total());
  }

  private Map<String, Object> search(Request req) {
    String roomId = requiredQuery(req, "roomId");
    String text = requiredQuery(req, "searchText");
    Paging.Window w = paging.of(req);
    return Map.of("messages", view(req.session(), reads.search(req.session(), roomId, text, w.offset(), w.count())));
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static String requiredQuery(Request req, String name) {
    String value = req.query(name);
    if (value == null) {
      throw RestErrors.invalidQuery("must have required property '" + name + "'");
    }
    return value;
  }

  private static Instant requiredDate(Request req, String name) {
    Instant at = req.queryDate(name, "error-" + name + "-param-invalid");
    if (at == null) {
      throw RestErrors.invalidQuery("must have required property '" + name + "'");
    }
    return at;
  }

  private static String requiredBody(Request req, String name) {
    return req.requiredString(req.body(), name);
  }

  private static String textOrEmpty(String text) {
    return text == null ? "" : text;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
