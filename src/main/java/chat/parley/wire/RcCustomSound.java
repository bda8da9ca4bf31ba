package chat.parley.wire;

import chat.parley.files.CustomSound;
import java.util.Map;

/** Rocket.Chat's {@code ICustomSound}. */
public final class RcCustomSound {
  private RcCustomSound() {}

  public static Map<String, Object> of(CustomSound s) {
    return new Doc().with("_id", s.id()).with("name", s.name()).with("extension", s.extension())
        .with("_updatedAt", s.updatedAt());
  }
}
