package chat.parley.files;

import chat.parley.auth.Session;
import chat.parley.common.Ids;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Workspace assets ({@code assets.setAsset}, {@code assets.unsetAsset}): logo, login background,
 * favicons and tiles, each with Rocket.Chat's allowed formats and exact sizes, served at
 * {@code /assets/<name>.<ext>}. Stored like avatars, under the subject {@code asset:<name>}.
 */
public final class AssetService {
  /** Allowed extensions and, where Rocket.Chat fixes them, width and height. */
  record Constraint(List<String> extensions, int width, int height) {}

  private static final List<String> IMAGE = List.of("svg", "png", "jpg", "jpeg");
  static final Map<String, Constraint> ASSETS = Map.ofEntries(
      Map.entry("logo", new Constraint(IMAGE, 0, 0)),
      Map.entry("logo_dark", new Constraint(IMAGE, 0, 0)),
      Map.entry("background", new Constraint(IMAGE, 0, 0)),
      Map.entry("background_dark", new Constraint(IMAGE, 0, 0)),
      Map.entry("favicon_ico", new Constraint(List.of("ico"), 0, 0)),
      Map.entry("favicon", new Constraint(List.of("svg"), 0, 0)),
      Map.entry("favicon_16", new Constraint(List.of("png"), 16, 16)),
      Map.entry("favicon_32", new Constraint(List.of("png"), 32, 32)),
      Map.entry("favicon_192", new Constraint(List.of("png"), 192, 192)),
      Map.entry("favicon_512", new Constraint(List.of("png"), 512, 512)),
      Map.entry("touchicon_180", new Constraint(List.of("png"), 180, 180)),
      Map.entry("touchicon_180_pre", new Constraint(List.of("png"), 180, 180)),
      Map.entry("tile_70", new Constraint(List.of("png"), 70, 70)),
      Map.entry("tile_144", new Constraint(List.of("png"), 144, 144)),
      Map.entry("tile_150", new Constraint(List.of("png"), 150, 150)),
      Map.entry("tile_310_square", new Constraint(List.of("png"), 310, 310)),
      Map.entry("tile_310_wide", new Constraint(List.of("png"), 310, 150)),
      Map.entry("safari_pinned", new Constraint(List.of("svg"), 0, 0)));
  private static final Map<String, String> EXTENSIONS = Map.of("image/svg+xml", "svg",
      "image/png", "png", "image/jpeg", "jpeg", "image/jpg", "jpg", "image/x-icon", "ico",
      "image/vnd.microsoft.icon", "ico");

  private final Transactor db;
  private final UploadStore store;
  private final BlobStore blobs;
  private final FileService files;
  private final Clock clock;

  public AssetService(Transactor db, UploadStore store, BlobStore blobs, FileService files,
      Clock clock) {
    this.db = db;
    this.store = store;
    this.blobs = blobs;
    this.files = files;
    this.clock = clock;
  }

  /** Before reading a body: only {@code manage-assets} holders. */
  public void requireManage(Session session) {
    if (!session.can("manage-assets")) {
      throw new ParleyException.Invalid("error-action-not-allowed",
          "Managing assets not allowed [error-action-not-allowed]");
    }
  }

  public BlobStore.Staged stage() {
    return files.stage();
  }

  public ParleyException tooLarge() {
    return files.tooLarge();
  }

  /** {@code assets.setAsset}: checks name, format and size, then replaces the asset. */
  public void set(Session session, String name, BlobStore.Staged file, String contentType) {
    requireManage(session);
    Constraint c = constraint(name);
    String type = FileService.normaliseType(contentType);
    String extension = EXTENSIONS.get(type);
    if (extension == null || !c.extensions().contains(extension)) {
      throw new ParleyException.Invalid("error-invalid-file-type",
          "Invalid file type: " + contentType + " [error-invalid-file-type]");
    }
    if (c.width() > 0) {
      Images.Size size;
      try (InputStream in = file.read()) {
        size = Images.probe(in).orElseThrow(() -> new ParleyException.Invalid(
            "error-invalid-file-type", "Invalid file type: " + contentType + " [error-invalid-file-type]"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (size.width() != c.width()) {
        throw new ParleyException.Invalid("error-invalid-file-width",
            "Invalid file width [error-invalid-file-width]");
      }
      if (size.height() != c.height()) {
        throw new ParleyException.Invalid("error-invalid-file-height", "[error-invalid-file-height]");
      }
    }
    String key = "as" + Ids.newId();
    try {
      file.commit(key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String subject = "asset:" + name;
    Optional<UploadStore.Avatar> old = db.write(tx -> {
      Optional<UploadStore.Avatar> a = store.avatar(tx, subject);
      store.putAvatar(tx, new UploadStore.Avatar(subject, key, type, key, extension,
          clock.instant()));
      return a;
    });
    old.ifPresent(a -> deleteQuietly(a.storeKey()));
  }

  /** {@code assets.unsetAsset}: back to the built-in one (none, in Parley: 404). */
  public void unset(Session session, String name) {
    requireManage(session);
    constraint(name);
    Optional<UploadStore.Avatar> old = db.write(tx -> {
      Optional<UploadStore.Avatar> a = store.avatar(tx, "asset:" + name);
      store.deleteAvatar(tx, "asset:" + name);
      return a;
    });
    old.ifPresent(a -> deleteQuietly(a.storeKey()));
  }

  /** What {@code /assets/<name>.<ext>} serves. */
  public sealed interface Served {
    record Found(Stored file) implements Served {}

    record WrongFormat() implements Served {}

    record Missing() implements Served {}
  }

  public Served serve(String fileName) {
    int dot = fileName.lastIndexOf('.');
    String name = dot > 0 ? fileName.substring(0, dot) : fileName;
    String format = dot > 0 ? fileName.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    Constraint c = ASSETS.get(name);
    if (c == null) {
      return new Served.Missing();
    }
    if (!c.extensions().contains(format)) {
      return new Served.WrongFormat();
    }
    Optional<UploadStore.Avatar> asset = db.read(tx -> store.avatar(tx, "asset:" + name));
    if (asset.isEmpty()) {
      return new Served.Missing();
    }
    try {
      Optional<BlobStore.Blob> blob = blobs.open(asset.get().storeKey());
      if (blob.isEmpty()) {
        return new Served.Missing();
      }
      return new Served.Found(new Stored(blob.get(), asset.get().type(),
          "\"" + asset.get().etag() + "\""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Constraint constraint(String name) {
    Constraint c = name == null ? null : ASSETS.get(name);
    if (c == null) {
      throw new ParleyException.Invalid("error-invalid-asset", "Invalid asset [error-invalid-asset]");
    }
    return c;
  }

  private void deleteQuietly(String key) {
    try {
      blobs.delete(key);
    } catch (IOException | RuntimeException e) {
      // An orphaned file wastes space but harms nobody.
    }
  }
}
