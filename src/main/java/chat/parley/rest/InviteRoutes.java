package chat.parley.rest;

import chat.parley.invites.Invite;
import chat.parley.invites.InviteService;
import chat.parley.rooms.Room;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Invite links: {@code findOrCreateInvite}, {@code listInvites}, {@code removeInvite}, use. */
final class InviteRoutes {
  private final InviteService invites;
  private final String siteUrl;

  InviteRoutes(InviteService invites, String siteUrl) {
    this.invites = invites;
    this.siteUrl = siteUrl.replaceAll("/+$", "");
  }

  void register(Api api) {
    api.post("findOrCreateInvite", this::findOrCreate);
    api.getRaw("listInvites", req -> invites.list(req.session()).stream().map(this::doc).toList());
    api.delete("removeInvite/{id}", req -> {
      invites.remove(req.session(), req.ctx().pathParam("id"));
      return true;
    });
    api.publicPost("validateInviteToken", req -> {
      String token = token(req.body());
      return Map.of("valid", token != null && invites.isValid(token));
    });
    api.post("useInviteToken", req -> {
      Room room = invites.use(req.session(), token(req.body()));
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("rid", room.id());
      r.put("prid", room.prid());
      r.put("fname", room.fname());
      r.put("name", room.name());
      r.put("t", room.type().code());
      return Map.of("room", r);
    });
  }

  private Map<String, Object> findOrCreate(Request req) {
    ObjectNode body = req.body();
    String rid = req.optionalString(body, "rid");
    if (rid == null || rid.isBlank()) {
      throw new chat.parley.common.ParleyException.Invalid("error-the-field-is-required",
          "The field rid is required [error-the-field-is-required]");
    }
    Invite invite = invites.findOrCreate(req.session(), rid, integer(body, "days"),
        integer(body, "maxUses"));
    return doc(invite);
  }

  private static int integer(ObjectNode body, String name) {
    JsonNode node = body.get(name);
    if (node == null || node.isNull()) {
      throw RestErrors.invalidBody("must have required property '" + name + "'");
    }
    if (node.canConvertToInt()) {
      return node.asInt();
    }
    try {
      return Integer.parseInt(node.asText().trim());
    } catch (NumberFormatException e) {
      throw RestErrors.invalidBody("'" + name + "' must be integer");
    }
  }

  private static String token(ObjectNode body) {
    JsonNode node = body.get("token");
    return node != null && node.isTextual() ? node.asText() : null;
  }

  private Map<String, Object> doc(Invite i) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("_id", i.id());
    doc.put("days", i.days());
    doc.put("maxUses", i.maxUses());
    doc.put("rid", i.roomId());
    doc.put("userId", i.userId());
    doc.put("createdAt", i.createdAt());
    doc.put("expires", i.expiresAt());
    doc.put("uses", i.uses());
    doc.put("_updatedAt", i.updatedAt());
    doc.put("url", siteUrl + "/invite/" + i.id());
    return doc;
  }
}
