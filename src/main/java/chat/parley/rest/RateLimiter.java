package chat.parley.rest;

import chat.parley.settings.Settings;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rocket.Chat's REST rate limiter ({@code API_Enable_Rate_Limiter*}): at most {@code
 * Limit_Calls_Default} calls per {@code Limit_Time_Default} ms for each client and route, in fixed
 * windows. A client is its IP address plus, when logged in, its user id (Rocket.Chat uses the IP
 * alone; see docs/compat.md). Settings are read on every call, so changes apply at once. Memory is
 * bounded: past {@link #MAX_KEYS} windows, expired ones are dropped, and if that is not enough
 * all are (a flood of distinct clients resets counting rather than exhausting the heap).
 */
final class RateLimiter {
  static final int MAX_KEYS = 100_000;

  private final Settings settings;
  private final Clock clock;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  RateLimiter(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** The outcome of one call: whether it may run, and the values of the X-RateLimit headers. */
  record Decision(boolean allowed, int limit, int remaining, long resetAtMillis, long now) {
    long secondsToReset() {
      return Math.max(1, (resetAtMillis - now + 999) / 1000);
    }
  }

  private record Window(long startMillis, int calls) {}

  boolean enabled() {
    return settings.bool("API_Enable_Rate_Limiter");
  }

  /** Counts one call of {@code route} by this client. */
  Decision check(String clientIp, String userId, String route) {
    int limit = Math.max(1, settings.integer("API_Enable_Rate_Limiter_Limit_Calls_Default"));
    long interval = Math.max(1, settings.integer("API_Enable_Rate_Limiter_Limit_Time_Default"));
    long now = clock.millis();
    if (windows.size() >= MAX_KEYS) {
      windows.values().removeIf(w -> w.startMillis() + interval <= now);
      if (windows.size() >= MAX_KEYS) {
        windows.clear();
      }
    }
    String key = clientIp + '|' + (userId == null ? "" : userId) + '|' + route;
    Window w = windows.compute(key, (k, old) -> old == null || old.startMillis() + interval <= now
        ? new Window(now, 1)
        : new Window(old.startMillis(), old.calls() + 1));
    return new Decision(w.calls() <= limit, limit, Math.max(0, limit - w.calls()),
        w.startMillis() + interval, now);
  }
}
