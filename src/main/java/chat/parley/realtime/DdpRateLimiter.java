package chat.parley.realtime;

import chat.parley.auth.Session;
import chat.parley.settings.Settings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Meteor's DDPRateLimiter with Rocket.Chat's rules ({@code app/lib/server/startup/rateLimiter.ts},
 * Meteor accounts' default login rule, {@code RateLimiter.limitMethod} calls):
 *
 * <ul>
 *   <li>{@code DDP_Rate_Limit_IP_*} per client address (loopback exempt), {@code _User_*} per
 *       user, {@code _Connection_*} per connection, over every method call and subscription;
 *   <li>{@code _User_By_Method_*} and {@code _Connection_By_Method_*} per method or publication,
 *       for names without a rule of their own; {@code stream-*} names get four times the calls in
 *       four times the window;
 *   <li>{@code sendMessage} 5 per second and {@code createDirectMessage} 10 per minute per user
 *       without {@code send-many-messages}; {@code login} (and the other account methods) 5 per
 *       10 seconds per connection before login.
 * </ul>
 *
 * Like Meteor's, each rule counts in fixed windows: when a rule's window ends all its counters
 * are dropped, so memory holds at most one window of keys. The rules read the settings on every
 * check, so changing a limit takes effect at once.
 */
final class DdpRateLimiter {
  /** What one call or subscription is: Meteor's rate limiter input. */
  record Input(String type, String name, String userId, String connectionId, String clientAddress,
      Session session) {}

  /** Allowed, or refused until {@code timeToResetMillis} has passed. */
  record Verdict(boolean allowed, long timeToResetMillis) {
    String message() {
      return "Error, too many requests. Please slow down. You must wait "
          + (long) Math.ceil(timeToResetMillis / 1000.0) + " seconds before trying again.";
    }
  }

  private static final Set<String> ACCOUNT_METHODS =
      Set.of("login", "createUser", "resetPassword", "forgotPassword");
  /** Names that have rules of their own, so the by-method rules skip them (as Rocket.Chat's). */
  private static final Set<String> OWN_RULES = Set.of("sendMessage", "createDirectMessage");

  private final Settings settings;
  private final LongSupplier clock;
  private final List<Rule> rules;

  DdpRateLimiter(Settings settings, LongSupplier clock) {
    this.settings = settings;
    this.clock = clock;
    this.rules = List.of(
        settingRule("IP", 1, in -> in.clientAddress() != null && !isLoopback(in.clientAddress())
            ? in.clientAddress() : null),
        settingRule("User", 1, in -> in.userId()),
        settingRule("Connection", 1, in -> in.connectionId()),
        settingRule("User_By_Method", 1, in -> in.userId() != null && byMethod(in, false)
            ? in.type() + "|" + in.name() + "|" + in.userId() : null),
        settingRule("User_By_Method", 4, in -> in.userId() != null && byMethod(in, true)
            ? in.type() + "|" + in.name() + "|" + in.userId() : null),
        settingRule("Connection_By_Method", 1, in -> byMethod(in, false)
            ? in.type() + "|" + in.name() + "|" + in.connectionId() : null),
        settingRule("Connection_By_Method", 4, in -> byMethod(in, true)
            ? in.type() + "|" + in.name() + "|" + in.connectionId() : null),
        new Rule(() -> 5, () -> 1_000, in -> method(in, "sendMessage") && manyMessagesLimited(in)
            ? in.userId() : null),
        new Rule(() -> 10, () -> 60_000, in -> method(in, "createDirectMessage")
            && manyMessagesLimited(in) ? in.userId() : null),
        new Rule(() -> 5, () -> 10_000, in -> in.type().equals("method") && in.userId() == null
            && ACCOUNT_METHODS.contains(in.name()) ? in.connectionId() : null));
  }

  /** Counts the call against every rule it matches and says whether it may run. */
  Verdict check(Input input) {
    long now = clock.getAsLong();
    boolean allowed = true;
    long timeToReset = 0;
    for (Rule rule : rules) {
      String key = rule.key.apply(input);
      if (key == null) {
        continue;
      }
      long limit = rule.calls.getAsLong();
      long window = rule.window.getAsLong();
      if (limit <= 0 || window <= 0) {
        continue;
      }
      long[] outcome = rule.count(key, now, window);
      if (outcome[0] > limit) {
        allowed = false;
        timeToReset = Math.max(timeToReset, outcome[1]);
      }
    }
    return new Verdict(allowed, timeToReset);
  }

  private Rule settingRule(String name, int factor, java.util.function.Function<Input, String> key) {
    String prefix = "DDP_Rate_Limit_" + name + "_";
    return new Rule(
        () -> settings.bool(prefix + "Enabled") ? (long) settings.integer(prefix + "Requests_Allowed") * factor : 0,
        () -> (long) settings.integer(prefix + "Interval_Time") * factor,
        key);
  }

  private static boolean byMethod(Input in, boolean stream) {
    return in.name() != null && !in.name().isEmpty() && !OWN_RULES.contains(in.name())
        && in.name().startsWith("stream-") == stream;
  }

  private static boolean method(Input in, String name) {
    return in.type().equals("method") && name.equals(in.name()) && in.userId() != null;
  }

  private static boolean manyMessagesLimited(Input in) {
    Session s = in.session();
    return s == null || !s.can("send-many-messages");
  }

  private static boolean isLoopback(String address) {
    return address.equals("127.0.0.1") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1");
  }

  /** One rule: its limit and window (read live), its key, and this window's counters. */
  private static final class Rule {
    final LongSupplier calls;
    final LongSupplier window;
    final java.util.function.Function<Input, String> key;
    private final Map<String, Long> counters = new ConcurrentHashMap<>();
    private long lastReset;

    Rule(LongSupplier calls, LongSupplier window, java.util.function.Function<Input, String> key) {
      this.calls = calls;
      this.window = window;
      this.key = key;
    }

    /** Returns {count in this window, millis until the window ends}. */
    synchronized long[] count(String k, long now, long windowMillis) {
      if (now - lastReset >= windowMillis) {
        counters.clear();
        lastReset = now;
      }
      long n = counters.merge(k, 1L, Long::sum);
      return new long[] {n, windowMillis - (now - lastReset)};
    }
  }
}
