package chat.parley.files;

import chat.parley.auth.Session;
import chat.parley.common.Ids;
import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Custom sounds: Rocket.Chat manages them over DDP ({@code insertOrUpdateSound}, {@code
 * uploadCustomSound}, {@code deleteCustomSound}, with {@code manage-sounds}), lists them over REST
 * ({@code custom-sounds.list}, {@code .getOne}) and serves {@code /custom-sounds/<id>.<ext>}.
 */
public final class CustomSoundService {
  private static final Pattern BAD_NAME = Pattern.compile("[\\s,:><&\"'/\\\\\\[\\]()|]");
  private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,8}");

  private final Transactor db;
  private final CustomSoundStore store;
  private final BlobStore blobs;
  private final FileService files;
  private final Clock clock;

  public CustomSoundService(Transactor db, CustomSoundStore store, BlobStore blobs,
      FileService files, Clock clock) {
    this.db = db;
    this.store = store;
    this.blobs = blobs;
    this.files = files;
    this.clock = clock;
  }

  public Page<CustomSound> page(String nameContains, int offset, int count) {
    return db.read(tx -> store.page(tx, nameContains, offset, count));
  }

  public Optional<CustomSound> find(String id) {
    return db.read(tx -> store.find(tx, id));
  }

  /** {@code insertOrUpdateSound}: creates (no {@code id}) or renames; returns the id. */
  public String insertOrUpdate(Session session, String id, String name, String extension) {
    requireManage(session);
    if (name == null || name.isBlank()) {
      throw new ParleyException.Invalid("error-the-field-is-required",
          "The field Name is required [error-the-field-is-required]");
    }
    String n = name.strip();
    if (BAD_NAME.matcher(n).find()) {
      throw new ParleyException.Invalid("error-input-is-not-a-valid-field",
          n + " is not a valid name [error-input-is-not-a-valid-field]");
    }
    String ext = extension == null ? "" : extension.toLowerCase(java.util.Locale.ROOT);
    if (!EXTENSION.matcher(ext).matches()) {
      throw new ParleyException.Invalid("error-input-is-not-a-valid-field",
          ext + " is not a valid extension [error-input-is-not-a-valid-field]");
    }
    return db.write(tx -> {
      if (store.nameTaken(tx, n, id)) {
        throw new ParleyException.Invalid("Custom_Sound_Error_Name_Already_In_Use",
            "The custom sound name is already in use [Custom_Sound_Error_Name_Already_In_Use]");
      }
      if (id == null) {
        String newId = Ids.newId();
        store.insert(tx, new CustomSound(newId, n, ext, null, null, clock.instant()));
        return newId;
      }
      CustomSound current = store.find(tx, id).orElseThrow(() -> invalidSound());
      store.update(tx, new CustomSound(id, n, ext, current.storeKey(), current.type(),
          clock.instant()));
      return id;
    });
  }

  /** {@code uploadCustomSound}: the audio for a sound made by {@link #insertOrUpdate}. */
  public void upload(Session session, String id, byte[] content, String contentType) {
    requireManage(session);
    String type = FileService.normaliseType(contentType);
    if (!type.startsWith("audio/")) {
      throw new ParleyException.Invalid("error-invalid-file-type",
          "File type is not accepted. [error-invalid-file-type]");
    }
    CustomSound sound = find(id).orElseThrow(CustomSoundService::invalidSound);
    String key = "so" + Ids.newId();
    try (BlobStore.Staged staged = files.stage()) {
      staged.write(ByteBuffer.wrap(content));
      staged.commit(key);
    } catch (BlobStore.TooLarge e) {
      throw files.tooLarge();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    db.write(tx -> {
      store.update(tx, new CustomSound(id, sound.name(), sound.extension(), key, type,
          clock.instant()));
      return null;
    });
    if (sound.storeKey() != null) {
      deleteQuietly(sound.storeKey());
    }
  }

  /** {@code deleteCustomSound}. */
  public void delete(Session session, String id) {
    requireManage(session);
    CustomSound sound = db.write(tx -> {
      CustomSound s = store.find(tx, id).orElseThrow(CustomSoundService::invalidSound);
      store.delete(tx, id);
      return s;
    });
    if (sound.storeKey() != null) {
      deleteQuietly(sound.storeKey());
    }
  }

  /** The audio at {@code /custom-sounds/<id>.<ext>}. */
  public Optional<Stored> audio(String fileName) {
    int dot = fileName.lastIndexOf('.');
    String id = dot > 0 ? fileName.substring(0, dot) : fileName;
    Optional<CustomSound> sound = find(id).filter(s -> s.storeKey() != null);
    if (sound.isEmpty()) {
      return Optional.empty();
    }
    try {
      Optional<BlobStore.Blob> blob = blobs.open(sound.get().storeKey());
      if (blob.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new Stored(blob.get(), sound.get().type(),
          "\"" + sound.get().storeKey() + "\""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ParleyException invalidSound() {
    return new ParleyException.Invalid("Custom_Sound_Error_Invalid_Sound",
        "Invalid sound [Custom_Sound_Error_Invalid_Sound]");
  }

  private static void requireManage(Session session) {
    if (!session.can("manage-sounds")) {
      throw new ParleyException.Invalid("not_authorized", "[not_authorized]");
    }
  }

  private void deleteQuietly(String key) {
    try {
      blobs.delete(key);
    } catch (IOException | RuntimeException e) {
      // An orphaned file wastes space but harms nobody.
    }
  }
}
