package chat.parley.realtime;

import chat.parley.common.ParleyException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Meteor's error shape in a {@code result} or {@code nosub} frame. */
final class DdpError {
  private DdpError() {}

  static Map<String, Object> of(Object error, String reason) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("isClientSafe", true);
    e.put("error", error);
    e.put("reason", reason);
    e.put("message", reason + " [" + error + "]");
    e.put("errorType", "Meteor.Error");
    return e;
  }

  /** Meteor's {@code too-many-requests}, with {@code details.timeToReset} in milliseconds. */
  static Map<String, Object> tooManyRequests(DdpRateLimiter.Verdict verdict) {
    Map<String, Object> e = of("too-many-requests", verdict.message());
    e.put("details", Map.of("timeToReset", verdict.timeToResetMillis()));
    e.put("message", verdict.message() + " [too-many-requests]");
    return e;
  }

  static Map<String, Object> of(ParleyException e) {
    String reason = e.getMessage().replaceAll("\\s*\\[[^\\]]+\\]$", "");
    Map<String, Object> out = of(e.errorType(), reason);
    if (reason.isEmpty()) {
      // Meteor.Error('code') without a reason: no reason, message "[code]".
      out.remove("reason");
      out.put("message", "[" + e.errorType() + "]");
    }
    if (!e.details().isEmpty()) {
      out.put("details", e.details());
    }
    return out;
  }
}
