package chat.parley.rest;

import chat.parley.common.ParleyException;
import chat.parley.messages.Message;
import chat.parley.messages.MessageService;
import chat.parley.rooms.SubscriptionService;
import chat.parley.wire.RcSubscription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code subscriptions.get}, {@code .getOne}, {@code .read}, {@code .unread}. */
final class SubscriptionRoutes {
  private final SubscriptionService subscriptions;
  private final MessageService messages;

  SubscriptionRoutes(SubscriptionService subscriptions, MessageService messages) {
    this.subscriptions = subscriptions;
    this.messages = messages;
  }

  void register(Api api) {
    api.get("subscriptions.get", this::get);
    api.get("subscriptions.getOne", this::getOne);
    api.post("subscriptions.read", this::read);
    api.post("subscriptions.unread", this::unread);
    // Rocket.Chat really serves this one as a GET.
    api.get("chat.ignoreUser", req -> {
      String rid = req.query("rid");
      String userId = req.query("userId");
      if (rid == null || userId == null) {
        throw RestErrors.invalidQuery("must have required property '" + (rid == null ? "rid" : "userId") + "'");
      }
      subscriptions.setIgnored(req.session(), rid, userId, !"false".equals(req.query("ignore")));
      return Map.of();
    });
  }

  private Map<String, Object> get(Request req) {
    Instant since = req.queryDate("updatedSince", "error-roomId-param-invalid");
    SubscriptionService.Sync sync = subscriptions.since(req.session(), since);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("update", sync.update().stream().map(RcSubscription::of).toList());
    out.put("remove", sync.remove().stream().map(RcSubscription::removed).toList());
    return out;
  }

  private Map<String, Object> getOne(Request req) {
    String roomId = req.query("roomId");
    if (roomId == null) {
      throw RestErrors.invalidQuery("must have required property 'roomId'");
    }
    Map<String, Object> out = new HashMap<>();
    out.put("subscription", subscriptions.one(req.session(), roomId).map(RcSubscription::of).orElse(null));
    return out;
  }

  private Map<String, Object> read(Request req) {
    ObjectNode body = req.body();
    String rid = req.optionalString(body, "rid");
    if (rid == null) {
      rid = req.optionalString(body, "roomId");
    }
    if (rid == null) {
      throw RestErrors.invalidBody("must have required property 'rid'");
    }
    subscriptions.markRead(req.session(), rid);
    return Map.of();
  }

  private Map<String, Object> unread(Request req) {
    ObjectNode body = req.body();
    String roomId = req.optionalString(body, "roomId");
    JsonNode first = body.get("firstUnreadMessage");
    if (roomId != null) {
      subscriptions.markUnread(req.session(), roomId, null);
      return Map.of();
    }
    if (first == null || !first.hasNonNull("_id")) {
      throw RestErrors.invalidBody("must have required property 'roomId'");
    }
    Message message;
    try {
      message = messages.get(req.session(), first.get("_id").asText());
    } catch (ParleyException e) {
      throw new ParleyException.Invalid("error-action-not-allowed", "Not allowed [error-action-not-allowed]");
    }
    if (message.author().id().equals(req.session().userId())) {
      throw new ParleyException.Invalid("error-action-not-allowed", "Not allowed [error-action-not-allowed]");
    }
    subscriptions.markUnread(req.session(), message.roomId(), message.ts());
    return Map.of();
  }
}
