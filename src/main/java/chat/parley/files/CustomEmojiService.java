package chat.parley.files;

import chat.parley.auth.Session;
import chat.parley.common.Ids;
import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code emoji-custom.*}: an admin ({@code manage-emoji}) adds images under a name and aliases;
 * everyone can list them, use them in reactions and fetch {@code /emoji-custom/<name>.<ext>}.
 */
public final class CustomEmojiService {
  /** Rocket.Chat's insertOrUpdateEmoji rules. */
  private static final Pattern BAD_NAME = Pattern.compile("[\\s,:><&\"'/\\\\()]");
  private static final Pattern BAD_ALIASES = Pattern.compile("[:><&|\"'/\\\\()]");
  /** What is stored as it came (decodable images only); extension and Content-Type by format. */
  private static final Map<String, String> FORMATS = Map.of("png", "image/png", "gif",
      "image/gif", "jpeg", "image/jpeg");

  private final Transactor db;
  private final CustomEmojiStore store;
  private final BlobStore blobs;
  private final FileService files;
  private final Clock clock;
  private final chat.parley.events.EventHub events;

  public CustomEmojiService(Transactor db, CustomEmojiStore store, BlobStore blobs,
      FileService files, chat.parley.events.EventHub events, Clock clock) {
    this.events = events;
    this.db = db;
    this.store = store;
    this.blobs = blobs;
    this.files = files;
    this.clock = clock;
  }

  public BlobStore.Staged stage() {
    return files.stage();
  }

  public ParleyException tooLarge() {
    return files.tooLarge();
  }

  /** {@code emoji-custom.list}: changed since a time (all when null) and, with it, removals. */
  public record Changes(List<CustomEmoji> update, List<CustomEmojiStore.Removed> remove) {}

  public Changes changes(Instant since) {
    return db.read(tx -> new Changes(store.changedSince(tx, since),
        since == null ? List.of() : store.removedSince(tx, since)));
  }

  public Page<CustomEmoji> page(String nameContains, int offset, int count) {
    return db.read(tx -> store.page(tx, nameContains, offset, count));
  }

  /** Whether {@code name} (without colons) is a custom emoji or alias: reactions may use it. */
  public boolean exists(String name) {
    return db.read(tx -> store.exists(tx, name));
  }

  /** Checks an image before anything is stored: Rocket.Chat's {@code emoji-is-not-image}. */
  public String requireImage(BlobStore.Staged staged) {
    try (InputStream in = staged.read()) {
      Optional<Images.Size> size = Images.probe(in);
      if (size.isEmpty() || !FORMATS.containsKey(size.get().format())) {
        throw new ParleyException.Invalid("emoji-is-not-image",
            "Emoji file provided cannot be uploaded since it's not an image [emoji-is-not-image]");
      }
      return size.get().format();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code emoji-custom.create}. */
  public CustomEmoji create(Session session, String name, String aliases, BlobStore.Staged image) {
    requireManage(session);
    String format = requireImage(image);
    String cleanName = cleanName(name);
    List<String> cleanAliases = cleanAliases(aliases, cleanName);
    String key = "em" + Ids.newId();
    commit(image, key);
    CustomEmoji emoji = new CustomEmoji(Ids.newId(), cleanName, cleanAliases, extensionOf(format),
        key, FORMATS.get(format), key, clock.instant());
    try {
      db.write(tx -> {
        requireUnused(tx, emoji, null);
        store.insert(tx, emoji);
        return null;
      });
    } catch (RuntimeException e) {
      deleteQuietly(key);
      throw e;
    }
    announce(false, emoji, null);
    return emoji;
  }

  /** {@code emoji-custom.update}: name and aliases, and the image when one is sent. */
  public CustomEmoji update(Session session, String id, String name, String aliases,
      BlobStore.Staged image) {
    requireManage(session);
    if (id == null || id.isEmpty()) {
      throw new ParleyException.Invalid(null, "The required \"_id\" query param is missing.");
    }
    CustomEmoji current = db.read(tx -> store.find(tx, id))
        .orElseThrow(() -> new ParleyException.Invalid(null, "Emoji not found."));
    String cleanName = cleanName(name);
    List<String> cleanAliases = cleanAliases(aliases, cleanName);
    String key = current.storeKey();
    String extension = current.extension();
    String type = current.type();
    if (image != null) {
      String format = requireImage(image);
      key = "em" + Ids.newId();
      commit(image, key);
      extension = extensionOf(format);
      type = FORMATS.get(format);
    }
    CustomEmoji updated = new CustomEmoji(id, cleanName, cleanAliases, extension, key, type, key,
        clock.instant());
    String newKey = key;
    try {
      db.write(tx -> {
        requireUnused(tx, updated, id);
        store.update(tx, updated);
        return null;
      });
    } catch (RuntimeException e) {
      if (!newKey.equals(current.storeKey())) {
        deleteQuietly(newKey);
      }
      throw e;
    }
    if (!newKey.equals(current.storeKey())) {
      deleteQuietly(current.storeKey());
    }
    announce(false, updated, current.name().equals(updated.name()) ? null : current.name());
    return updated;
  }

  /** {@code emoji-custom.delete}. */
  public void delete(Session session, String id) {
    requireManage(session);
    CustomEmoji emoji = db.write(tx -> {
      CustomEmoji e = store.find(tx, id).orElseThrow(() -> new ParleyException.Invalid(
          "Custom_Emoji_Error_Invalid_Emoji", "Invalid emoji [Custom_Emoji_Error_Invalid_Emoji]"));
      store.delete(tx, id, clock.instant());
      return e;
    });
    deleteQuietly(emoji.storeKey());
    announce(true, emoji, null);
  }

  /** Clients refresh their emoji picker and rendered messages on these notices. */
  private void announce(boolean deleted, CustomEmoji e, String previousName) {
    events.publish(new chat.parley.events.Event.CustomEmojiChanged(deleted, e.id(), e.name(),
        e.aliases(), e.extension(), e.etag(), previousName));
  }

  /** The image for {@code /emoji-custom/<name>.<ext>}; empty when there is none. */
  public Optional<Stored> image(String fileName) {
    String name = fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
    Optional<CustomEmoji> emoji = db.read(tx -> store.findByName(tx, name));
    if (emoji.isEmpty()) {
      return Optional.empty();
    }
    try {
      Optional<BlobStore.Blob> blob = blobs.open(emoji.get().storeKey());
      if (blob.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new Stored(blob.get(), emoji.get().type(),
          "\"" + emoji.get().etag() + "\""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void requireUnused(chat.parley.common.Tx tx, CustomEmoji emoji, String exceptId) {
    List<String> names = new ArrayList<>(emoji.aliases());
    names.add(emoji.name());
    if (!store.usingAny(tx, names, exceptId).isEmpty()) {
      throw new ParleyException.Invalid("Custom_Emoji_Error_Name_Or_Alias_Already_In_Use",
          "The custom emoji or one of its aliases is already in use"
              + " [Custom_Emoji_Error_Name_Or_Alias_Already_In_Use]");
    }
  }

  private static void requireManage(Session session) {
    if (!session.can("manage-emoji")) {
      throw new ParleyException.Invalid("not_authorized", "[not_authorized]");
    }
  }

  static String cleanName(String name) {
    if (name == null || name.isBlank()) {
      throw new ParleyException.Invalid("error-the-field-is-required",
          "The field Name is required [error-the-field-is-required]");
    }
    String n = slug(name);
    if (n.isEmpty() || BAD_NAME.matcher(n).find()) {
      throw new ParleyException.Invalid("error-input-is-not-a-valid-field",
          n + " is not a valid name [error-input-is-not-a-valid-field]");
    }
    return n;
  }

  static List<String> cleanAliases(String aliases, String name) {
    if (aliases == null || aliases.isBlank()) {
      return List.of();
    }
    String a = aliases.replace(":", "");
    if (BAD_ALIASES.matcher(a).find()) {
      throw new ParleyException.Invalid("error-input-is-not-a-valid-field",
          a + " is not a valid alias [error-input-is-not-a-valid-field]");
    }
    return java.util.Arrays.stream(a.split("\\s*,\\s*")).map(CustomEmojiService::slug)
        .filter(s -> !s.isEmpty() && !s.equals(name)).distinct().toList();
  }

  /** Close to Rocket.Chat's {@code limax(name, {replacement: '_'})}: lower case, no colons, _ for spaces. */
  private static String slug(String s) {
    return s.strip().replace(":", "").toLowerCase(Locale.ROOT).replaceAll("\\s+", "_");
  }

  private static String extensionOf(String format) {
    return format.equals("jpeg") ? "jpg" : format;
  }

  private void commit(BlobStore.Staged image, String key) {
    try {
      image.commit(key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
