package chat.parley.files;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Upload metadata; the bytes are in the {@link BlobStore}. */
public interface UploadStore {
  void insert(Tx tx, Upload upload);

  void update(Tx tx, Upload upload);

  Optional<Upload> find(Tx tx, String id);

  /**
   * A room's complete uploads, thumbnails left out, filtered by a case-insensitive name part and
   * a type group when given, sorted by {@code uploadedAt} (newest first) or name.
   */
  Page<Upload> page(Tx tx, String roomId, String nameContains, String typeGroup,
      boolean newestFirst, int offset, int count);

  /** The uploads a message shares, with their thumbnails. */
  List<Upload> byMessage(Tx tx, String messageId);

  /** Every upload of a room (for deleting the room). */
  List<Upload> byRoom(Tx tx, String roomId);

  /** Thumbnails made of this upload. */
  List<Upload> thumbnailsOf(Tx tx, String originalId);

  /** Two-step uploads never confirmed before {@code now}. */
  List<Upload> expired(Tx tx, Instant now, int limit);

  /**
   * Shared uploads whose message is gone without an event (e.g. {@code rooms.cleanHistory}), and
   * thumbnails whose original is gone.
   */
  List<Upload> orphans(Tx tx, int limit);

  void delete(Tx tx, String id);

  Optional<Avatar> avatar(Tx tx, String subject);

  void putAvatar(Tx tx, Avatar avatar);

  boolean deleteAvatar(Tx tx, String subject);

  /**
   * An uploaded avatar of a user ({@code subject} is the user id) or room ({@code "room:" + id}).
   *
   * @param origin Rocket.Chat's {@code avatarOrigin}: {@code upload} or {@code url}
   */
  record Avatar(String subject, String storeKey, String type, String etag, String origin,
      Instant updatedAt) {}
}
