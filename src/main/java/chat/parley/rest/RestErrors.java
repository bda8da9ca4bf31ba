package chat.parley.rest;

import chat.parley.common.ParleyException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one writer of REST error bodies, in Rocket.Chat's shapes: {@code {"success":false,
 * "error": ..., "errorType": ...}} with the status Rocket.Chat uses for that kind of failure.
 */
final class RestErrors {
  static final String MUST_BE_LOGGED_IN = "You must be logged in to do this.";

  private RestErrors() {}

  record Reply(int status, Map<String, Object> body) {}

  static Reply of(ParleyException e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", false);
    if (e instanceof ParleyException.Unauthenticated) {
      // Rocket.Chat's login failures: error is the id, message the text.
      body.put("status", "error");
      body.put("error", e.errorType());
      body.put("message", e.getMessage());
      if (!e.details().isEmpty()) {
        body.put("details", e.details());
      }
      return new Reply(401, body);
    }
    if (e.getMessage() != null) {
      body.put("error", e.getMessage()); // Rocket.Chat's bare API.v1.failure() is {success: false}
    }
    if (e.errorType() != null) {
      body.put("errorType", e.errorType());
    }
    if (!e.details().isEmpty()) {
      body.put("details", e.details());
    }
    int status = switch (e) {
      case ParleyException.NotAllowed n -> 403;
      case ParleyException.Overloaded o -> 503;
      default -> 400;
    };
    return new Reply(status, body);
  }

  static Reply notLoggedIn() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", false);
    body.put("status", "error");
    body.put("message", MUST_BE_LOGGED_IN);
    body.put("error", MUST_BE_LOGGED_IN);
    return new Reply(401, body);
  }

  static Reply forbidden() {
    return new Reply(403, Map.of("success", false, "error", "unauthorized"));
  }

  static Reply plain(int status, String error) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", false);
    body.put("error", error);
    return new Reply(status, body);
  }

  /** Rocket.Chat's schema-validation failure for a body ({@code invalid-params}). */
  static ParleyException.Invalid invalidBody(String ajvMessage) {
    return new ParleyException.Invalid("invalid-params", ajvMessage);
  }

  /** Rocket.Chat's schema-validation failure for a query string ({@code error-invalid-params}). */
  static ParleyException.Invalid invalidQuery(String ajvMessage) {
    return new ParleyException.Invalid("error-invalid-params", ajvMessage);
  }
}
