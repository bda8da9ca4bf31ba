package chat.parley.files;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Custom emoji metadata; the images are in the {@link BlobStore}. */
public interface CustomEmojiStore {
  void insert(Tx tx, CustomEmoji emoji);

  void update(Tx tx, CustomEmoji emoji);

  Optional<CustomEmoji> find(Tx tx, String id);

  Optional<CustomEmoji> findByName(Tx tx, String name);

  /** Emoji (other than {@code exceptId}) whose name or an alias is one of {@code names}. */
  List<CustomEmoji> usingAny(Tx tx, List<String> names, String exceptId);

  /** Whether a name or alias is a custom emoji. */
  boolean exists(Tx tx, String nameOrAlias);

  /** Changed after {@code since} (all when null), by name. */
  List<CustomEmoji> changedSince(Tx tx, Instant since);

  Page<CustomEmoji> page(Tx tx, String nameContains, int offset, int count);

  /** Deletes and records the removal at {@code at}. */
  void delete(Tx tx, String id, Instant at);

  /** Ids removed after {@code since}. */
  List<Removed> removedSince(Tx tx, Instant since);

  record Removed(String id, Instant at) {}
}
