package chat.parley.settings;

import chat.parley.common.Tx;
import java.time.Instant;
import java.util.Map;

/** Stored setting values by Rocket.Chat setting id; values are kept as text. */
public interface SettingStore {
  Map<String, String> all(Tx tx);

  void put(Tx tx, String id, String value, Instant at);
}
