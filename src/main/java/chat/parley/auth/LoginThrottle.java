package chat.parley.auth;

import chat.parley.common.ParleyException;
import chat.parley.settings.Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rocket.Chat's failed-login protection: after {@code ..._Attempts_Until_Block_by_User} failures
 * for one account (or {@code ..._By_Ip} from one address) within the unblock time, further logins
 * are refused until that time has passed since the last failure. Kept per node, in memory,
 * bounded.
 */
final class LoginThrottle {
  private static final int MAX_KEYS = 100_000;
  private final Settings settings;
  private final Clock clock;
  private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

  LoginThrottle(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  void checkAllowed(String account, String ip) {
    if (!settings.bool("Block_Multiple_Failed_Logins_Enabled")) {
      return;
    }
    if (settings.bool("Block_Multiple_Failed_Logins_By_User") && account != null
        && blocked(userKey(account), "Block_Multiple_Failed_Logins_Attempts_Until_Block_by_User",
            "Block_Multiple_Failed_Logins_Time_To_Unblock_By_User_In_Minutes")) {
      throw new ParleyException.Unauthenticated("error-login-blocked-for-user",
          "Login has been temporarily blocked For User");
    }
    if (settings.bool("Block_Multiple_Failed_Logins_By_Ip") && ip != null
        && blocked("ip:" + ip, "Block_Multiple_Failed_Logins_Attempts_Until_Block_By_Ip",
            "Block_Multiple_Failed_Logins_Time_To_Unblock_By_Ip_In_Minutes")) {
      throw new ParleyException.Unauthenticated("error-login-blocked-for-ip",
          "Login has been temporarily blocked For IP");
    }
  }

  void failed(String account, String ip) {
    if (failures.size() > MAX_KEYS) {
      failures.clear();
    }
    long now = clock.millis();
    if (account != null) {
      record(userKey(account), now);
    }
    if (ip != null) {
      record("ip:" + ip, now);
    }
  }

  void succeeded(String account) {
    if (account != null) {
      failures.remove(userKey(account));
    }
  }

  private void record(String key, long now) {
    Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (times) {
      times.addLast(now);
      while (times.size() > 1_000) {
        times.removeFirst();
      }
    }
  }

  private boolean blocked(String key, String attemptsSetting, String minutesSetting) {
    Deque<Long> times = failures.get(key);
    if (times == null) {
      return false;
    }
    long window = Duration.ofMinutes(Math.max(0, settings.integer(minutesSetting))).toMillis();
    long now = clock.millis();
    synchronized (times) {
      while (!times.isEmpty() && now - times.peekFirst() > window) {
        times.removeFirst();
      }
      return times.size() >= Math.max(1, settings.integer(attemptsSetting));
    }
  }

  private static String userKey(String account) {
    return "user:" + account.toLowerCase(Locale.ROOT);
  }
}
