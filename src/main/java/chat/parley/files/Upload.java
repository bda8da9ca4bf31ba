package chat.parley.files;

import java.time.Instant;

/**
 * One stored file (Rocket.Chat's {@code IUpload}). {@code storeKey} is where the bytes are in the
 * {@link BlobStore}; {@code messageId} the message that shares it (null while a two-step upload
 * waits for {@code rooms.mediaConfirm}, when {@code expiresAt} is set); {@code originalFileId}
 * marks a thumbnail. {@code width}/{@code height} are known for images only.
 */
public record Upload(
    String id,
    String roomId,
    String userId,
    String name,
    String type,
    long size,
    String storeKey,
    String description,
    String typeGroup,
    String extension,
    Integer width,
    Integer height,
    boolean complete,
    String messageId,
    String originalFileId,
    Instant uploadedAt,
    Instant updatedAt,
    Instant expiresAt) {

  public boolean isImage() {
    return type.startsWith("image/");
  }

  public Upload confirmed(String newMessageId, String newDescription, Instant at) {
    return new Upload(id, roomId, userId, name, type, size, storeKey, newDescription, typeGroup,
        extension, width, height, true, newMessageId, originalFileId, uploadedAt, at, null);
  }

  /** The path Rocket.Chat clients fetch it from: {@code /file-upload/<id>/<name>}. */
  public String path() {
    return "/file-upload/" + id + "/" + UrlPaths.encodeSegment(name);
  }
}
