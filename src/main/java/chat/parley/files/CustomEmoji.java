package chat.parley.files;

import java.time.Instant;
import java.util.List;

/** A custom emoji ({@code IEmojiCustom}): {@code :name:} or any alias shows the image. */
public record CustomEmoji(String id, String name, List<String> aliases, String extension,
    String storeKey, String type, String etag, Instant updatedAt) {
  public CustomEmoji {
    aliases = List.copyOf(aliases);
  }
}
