package chat.parley.wire;

import chat.parley.files.CustomEmoji;
import chat.parley.files.CustomEmojiStore;
import java.util.Map;

/** Rocket.Chat's {@code IEmojiCustom}, and a removal as {@code emoji-custom.list} reports it. */
public final class RcEmojiCustom {
  private RcEmojiCustom() {}

  public static Map<String, Object> of(CustomEmoji e) {
    return new Doc().with("_id", e.id()).with("name", e.name()).with("aliases", e.aliases())
        .with("extension", e.extension()).with("etag", e.etag()).with("_updatedAt", e.updatedAt());
  }

  public static Map<String, Object> removed(CustomEmojiStore.Removed r) {
    return new Doc().with("_id", r.id()).with("_deletedAt", r.at());
  }
}
