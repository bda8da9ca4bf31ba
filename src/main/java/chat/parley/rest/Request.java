package chat.parley.rest;

import chat.parley.auth.Session;
import chat.parley.common.ParleyException;
import chat.parley.wire.RcJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One REST request as the routes see it: the caller's session (when the route needs one), the
 * body as a JSON object whatever it was sent as (JSON, form-urlencoded), and typed query params.
 */
final class Request {
  private final Context ctx;
  private final Session session;
  private ObjectNode body;

  Request(Context ctx, Session session) {
    this.ctx = ctx;
    this.session = session;
  }

  Context ctx() {
    return ctx;
  }

  /** The caller; only routes registered as authenticated may ask. */
  Session session() {
    if (session == null) {
      throw new IllegalStateException("This route was not registered as authenticated");
    }
    return session;
  }

  /** The caller if the request carried a valid login, on routes open to anyone. */
  Session optionalSession() {
    return session;
  }

  /** The body: JSON, or form-urlencoded turned into a flat object, or {} when empty. */
  ObjectNode body() {
    if (body == null) {
      body = parseBody();
    }
    return body;
  }

  private ObjectNode parseBody() {
    String contentType = String.valueOf(ctx.contentType()).toLowerCase();
    if (contentType.startsWith("application/x-www-form-urlencoded")
        || contentType.startsWith("multipart/form-data")) {
      ObjectNode node = RcJson.rest().createObjectNode();
      ctx.formParamMap().forEach((key, values) -> {
        if (!values.isEmpty()) {
          node.put(key, values.get(0));
        }
      });
      return node;
    }
    byte[] raw = rawBody();
    int first = 0;
    while (first < raw.length && Character.isWhitespace(raw[first])) {
      first++;
    }
    if (first == raw.length) {
      return RcJson.rest().createObjectNode();
    }
    boolean json = contentType.contains("json") || raw[first] == '{';
    if (!json) {
      throw RestErrors.invalidBody(
          "Unsupported Content-Type: send application/json or application/x-www-form-urlencoded");
    }
    try {
      // Parsed from the bytes as sent (Jackson detects UTF-8), without a String copy first.
      JsonNode node = RcJson.rest().readTree(raw);
      if (!(node instanceof ObjectNode object)) {
        throw RestErrors.invalidBody("must be object");
      }
      return object;
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw RestErrors.invalidBody("The request body is not valid JSON (line "
          + (at == null ? 0 : at.getLineNr()) + ", column " + (at == null ? 0 : at.getColumnNr())
          + ")");
    } catch (java.io.IOException e) {
      // Only JsonProcessingException can come from a byte array; kept for the signature.
      throw RestErrors.invalidBody("The request body is not valid JSON");
    }
  }

  /**
   * The body's bytes. With a Content-Length within the limit they are read straight into one
   * array of that size (Javalin's reader grows a buffer byte range by byte range: ≈2% of the
   * server's CPU per message in the write benchmark); otherwise (chunked, too large) Javalin
   * reads it and answers 413 past the limit.
   */
  private byte[] rawBody() {
    long length = ctx.req().getContentLengthLong();
    if (length < 0 || length > RestServer.MAX_REQUEST_BYTES) {
      return ctx.bodyAsBytes();
    }
    try {
      return ctx.req().getInputStream().readNBytes((int) length);
    } catch (java.io.IOException e) {
      throw RestErrors.invalidBody("The request body could not be read");
    }
  }

  /** Refuses body keys the endpoint does not know, as Rocket.Chat's schemas do. */
  void allowOnly(ObjectNode node, Set<String> allowed) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw RestErrors.invalidBody("must NOT have additional properties '" + name + "'");
      }
    }
  }

  /** A required string body property. */
  String requiredString(ObjectNode node, String name) {
    String value = optionalString(node, name);
    if (value == null) {
      throw RestErrors.invalidBody("must have required property '" + name + "'");
    }
    return value;
  }

  /** An optional string body property; a non-string value is refused. */
  String optionalString(ObjectNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw RestErrors.invalidBody("'" + name + "' must be string");
    }
    return value.asText();
  }

  /** An optional boolean body property; accepts {@code true}/{@code "true"}. */
  Boolean optionalBoolean(ObjectNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    if (value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
      return Boolean.parseBoolean(value.asText());
    }
    throw RestErrors.invalidBody("'" + name + "' must be boolean");
  }

  @SuppressWarnings("unchecked")
  List<Map<String, Object>> optionalObjectList(ObjectNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      throw RestErrors.invalidBody("'" + name + "' must be array");
    }
    for (JsonNode item : value) {
      if (!item.isObject()) {
        throw RestErrors.invalidBody("'" + name + "' items must be object");
      }
    }
    return RcJson.rest().convertValue(value, List.class);
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> optionalObject(ObjectNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      throw RestErrors.invalidBody("'" + name + "' must be object");
    }
    return RcJson.rest().convertValue(value, Map.class);
  }

  /**
   * A room or user parameter where Rocket.Chat reads it: the query string of a GET, the body of
   * anything else; blank counts as absent.
   */
  String param(String name) {
    if (ctx.method().name().equals("GET")) {
      return query(name);
    }
    JsonNode value = body().get(name);
    return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
  }

  String query(String name) {
    String value = ctx.queryParam(name);
    return value == null || value.isEmpty() ? null : value;
  }

  Integer queryInt(String name) {
    String value = query(name);
    if (value == null) {
      return null;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw RestErrors.invalidQuery("'" + name + "' must be a number");
    }
  }

  Instant queryDate(String name, String errorType) {
    String value = query(name);
    if (value == null) {
      return null;
    }
    try {
      return RcJson.parseDate(value);
    } catch (DateTimeParseException e) {
      throw new ParleyException.Invalid(errorType,
          "The \"" + name + "\" query parameter must be a valid date. [" + errorType + "]");
    }
  }

  boolean queryFlag(String name) {
    return "true".equals(query(name));
  }
}
