package chat.parley.wire;

import chat.parley.files.Upload;
import chat.parley.users.User;
import java.util.Map;

/** Rocket.Chat's {@code IUpload} as {@code channels.files} lists it (with {@code user} added). */
public final class RcUpload {
  private RcUpload() {}

  public static Map<String, Object> of(Upload u, User user) {
    Doc doc = new Doc()
        .with("_id", u.id())
        .with("name", u.name())
        .with("size", u.size())
        .with("type", u.type())
        .with("rid", u.roomId())
        .with("userId", u.userId())
        .with("store", "FileSystem:Uploads")
        .with("complete", u.complete())
        .with("uploading", false)
        .with("progress", 1)
        .with("extension", u.extension())
        .with("typeGroup", u.typeGroup())
        .with("description", u.description())
        .with("etag", u.id())
        .with("path", u.path())
        .with("url", u.path())
        .with("uploadedAt", u.uploadedAt())
        .with("_updatedAt", u.updatedAt());
    if (u.width() != null) {
      doc.put("identify", Map.of("size", Map.of("width", u.width(), "height", u.height())));
    }
    if (user != null) {
      doc.put("user", new Doc().with("_id", user.id()).with("username", user.username())
          .with("name", user.name()));
    }
    return doc;
  }
}
