package chat.parley.files;

import chat.parley.auth.Session;
import chat.parley.common.Ids;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.rooms.Room;
import chat.parley.rooms.RoomService;
import chat.parley.settings.Settings;
import chat.parley.users.User;
import chat.parley.users.UserStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * User and room avatars: an uploaded image (re-encoded, so no uploaded bytes are ever served as
 * they came) or the generated initials. {@code users.setAvatar}, {@code users.resetAvatar} and
 * what {@code /avatar/...} serves.
 */
public final class AvatarService {
  /** Uploaded avatars are stored at most this big (Rocket.Chat's Accounts_AvatarSize is 200). */
  static final int STORED_SIZE = 512;
  /** {@code ?size=} is honoured up to this many pixels. */
  static final int MAX_SERVED_SIZE = 1024;

  private final Transactor db;
  private final UploadStore store;
  private final BlobStore blobs;
  private final UserStore users;
  private final RoomService rooms;
  private final chat.parley.rooms.RoomQueries roomQueries;
  private final FileService files;
  private final Settings settings;
  private final Clock clock;
  private final chat.parley.events.EventHub events;
  /** Resized avatars ({@code ?size=}), least recently used dropped: resizing is not free. */
  private final Map<String, Image> resized = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Image> eldest) {
          return size() > 512;
        }
      });

  public AvatarService(Transactor db, UploadStore store, BlobStore blobs, UserStore users,
      RoomService rooms, chat.parley.rooms.RoomQueries roomQueries, FileService files,
      Settings settings, chat.parley.events.EventHub events, Clock clock) {
    this.events = events;
    this.roomQueries = roomQueries;
    this.db = db;
    this.store = store;
    this.blobs = blobs;
    this.users = users;
    this.rooms = rooms;
    this.files = files;
    this.settings = settings;
    this.clock = clock;
  }

  /** An avatar ready to serve. */
  public record Image(byte[] bytes, String type, String etag) {}

  /**
   * {@code /avatar/<username>}: the uploaded image (resized to {@code size} when asked) or the
   * initials. Unknown names get initials too, as in Rocket.Chat, so the answer does not tell
   * whether a user exists.
   */
  public Image forUser(String username, Integer size) {
    Optional<User> user = db.read(tx -> users.findByUsername(tx, username));
    if (user.isPresent()) {
      Optional<Image> uploaded = uploaded(user.get().id(), size);
      if (uploaded.isPresent()) {
        return uploaded.get();
      }
    }
    String name = user.map(User::username).orElse(username);
    return svg(name, name);
  }

  /** {@code /avatar/room/<rid>}: the room's image or the initials of its name; empty if no room. */
  public Optional<Image> forRoom(String roomId, Integer size) {
    Optional<Room> room = rooms.findById(roomId);
    if (room.isEmpty()) {
      return Optional.empty();
    }
    Optional<Image> uploaded = uploaded("room:" + roomId, size);
    if (uploaded.isPresent()) {
      return uploaded;
    }
    Room r = room.get();
    String name = r.fname() != null ? r.fname() : r.name() != null ? r.name()
        : String.join(" ", r.usernames());
    return Optional.of(svg(name, roomId));
  }

  /**
   * With object storage and {@code FileUpload_S3_Proxy_Avatars} off (Rocket.Chat's default), where
   * the client fetches an uploaded avatar from: a presigned URL. Empty for initials, for resized
   * avatars ({@code ?size=} below the stored size, made here) and for local files.
   */
  public Optional<java.net.URI> directUrl(String username, String roomId, Integer size) {
    if (!blobs.hasDirectUrls() || settings.bool("FileUpload_S3_Proxy_Avatars")
        || (size != null && size > 0 && size < STORED_SIZE)) {
      return Optional.empty();
    }
    Optional<UploadStore.Avatar> avatar = db.read(tx -> {
      if (roomId != null) {
        return store.avatar(tx, "room:" + roomId);
      }
      return users.findByUsername(tx, username).flatMap(u -> store.avatar(tx, u.id()));
    });
    return avatar.flatMap(a -> blobs.directUrl(a.storeKey(), files.urlExpiry(), a.type(),
        "inline"));
  }

  private Image svg(String text, String seed) {
    byte[] bytes = Avatars.svg(text, seed, 200).getBytes(StandardCharsets.UTF_8);
    return new Image(bytes, "image/svg+xml", Avatars.etag(bytes));
  }

  private Optional<Image> uploaded(String subject, Integer size) {
    Optional<UploadStore.Avatar> avatar = db.read(tx -> store.avatar(tx, subject));
    if (avatar.isEmpty()) {
      return Optional.empty();
    }
    UploadStore.Avatar a = avatar.get();
    try {
      Optional<BlobStore.Blob> blob = blobs.open(a.storeKey());
      if (blob.isEmpty()) {
        return Optional.empty();
      }
      byte[] bytes;
      try (InputStream in = blob.get().openAt(0)) {
        bytes = in.readAllBytes();
      }
      if (size != null && size > 0 && size < STORED_SIZE) {
        int target = Math.min(size, MAX_SERVED_SIZE);
        Image cached = resized.get(a.storeKey() + "@" + target);
        if (cached != null) {
          return Optional.of(cached);
        }
        Optional<Images.Encoded> scaled = Images.fit(new java.io.ByteArrayInputStream(bytes),
            target, target);
        if (scaled.isPresent()) {
          Image image = new Image(scaled.get().bytes(), scaled.get().type(),
              "\"" + a.etag() + "-" + target + "\"");
          resized.put(a.storeKey() + "@" + target, image);
          return Optional.of(image);
        }
      }
      return Optional.of(new Image(bytes, a.type(), "\"" + a.etag() + "\""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // --- changing ---------------------------------------------------------------------------------

  /**
   * The user whose avatar the session may change: itself (when {@code
   * Accounts_AllowUserAvatarChange} is on) or, with {@code edit-other-user-avatar}, anyone.
   */
  public User target(Session session, String userId, String username) {
    boolean editOthers = session.can("edit-other-user-avatar");
    if (!settings.bool("Accounts_AllowUserAvatarChange") && !editOthers) {
      throw new ParleyException.Invalid("error-not-allowed",
          "Change avatar is not allowed [error-not-allowed]");
    }
    if (userId == null && username == null) {
      return db.read(tx -> users.findById(tx, session.userId())).orElseThrow();
    }
    User user = db.read(tx -> userId != null ? users.findById(tx, userId)
            : users.findByUsername(tx, username))
        .orElseThrow(() -> new ParleyException.Invalid("error-invalid-user",
            "The optional \"userId\" or \"username\" param provided does not match any users"
                + " [error-invalid-user]"));
    if (!user.id().equals(session.userId()) && !editOthers) {
      throw new ParleyException.Invalid("error-not-allowed", "Not allowed [error-not-allowed]");
    }
    return user;
  }

  /** A staging area for an avatar image, capped like uploads. */
  public BlobStore.Staged stage() {
    return files.stage();
  }

  /** Sets the user's avatar from uploaded bytes: decoded, bounded, re-encoded. */
  public void setUploaded(User user, BlobStore.Staged staged) {
    announce(user, save(user.id(), staged, "upload"), "upload");
  }

  /** Clients drop their cached image on {@code updateAvatar} (etag null: back to initials). */
  private void announce(User user, String etag, String origin) {
    events.publish(new chat.parley.events.Event.AvatarChanged(user.username(), null, etag,
        user.id(), origin));
  }

  private void announceRoom(String roomId, String etag) {
    events.publish(new chat.parley.events.Event.AvatarChanged(null, roomId, etag, null, null));
  }

  /** Rocket.Chat's {@code avatarETag} of a user: set while an uploaded avatar is in place. */
  public Optional<String> etagOf(String userId) {
    return db.read(tx -> store.avatar(tx, userId)).map(UploadStore.Avatar::etag);
  }

  /**
   * Sets the avatar from a URL, only when {@code Accounts_AvatarAllowExternalUrl} is on, through
   * {@link SafeFetch} (public addresses only).
   */
  public void setFromUrl(User user, String url) {
    if (!settings.bool("Accounts_AvatarAllowExternalUrl")) {
      throw new ParleyException.Invalid("error-not-allowed",
          "Setting an avatar from a URL is not allowed [error-not-allowed]");
    }
    try (BlobStore.Staged staged = files.stage()) {
      SafeFetch.fetchImage(url, staged);
      announce(user, save(user.id(), staged, "url"), "url");
    }
  }

  /** Back to the initials; the stored image is removed. */
  public void reset(User user) {
    resetSubject(user.id());
    announce(user, null, null);
  }

  /**
   * {@code rooms.saveRoomSettings} with {@code roomAvatar}: a {@code data:image/...;base64,} URI
   * sets the room's avatar, null or empty resets it. Needs {@code edit-room} in the room.
   */
  public void setRoomAvatar(Session session, Room room, String dataUri) {
    java.util.List<String> roles = roomQueries.subscription(session, room.id())
        .map(chat.parley.rooms.Subscription::roles).orElse(java.util.List.of());
    if (!session.can("edit-room", roles)) {
      throw new ParleyException.Invalid("error-action-not-allowed",
          "Editing room is not allowed [error-action-not-allowed]");
    }
    String subject = "room:" + room.id();
    if (dataUri == null || dataUri.isEmpty()) {
      resetSubject(subject);
      announceRoom(room.id(), null);
      return;
    }
    java.util.regex.Matcher m = DATA_URI.matcher(dataUri);
    byte[] bytes;
    try {
      if (!m.matches()) {
        throw new IllegalArgumentException();
      }
      bytes = java.util.Base64.getMimeDecoder().decode(m.group(1));
    } catch (IllegalArgumentException e) {
      throw new ParleyException.Invalid("error-invalid-file-type",
          "File type is not accepted. [error-invalid-file-type]");
    }
    try (BlobStore.Staged staged = files.stage()) {
      staged.write(ByteBuffer.wrap(bytes));
      announceRoom(room.id(), save(subject, staged, "upload"));
    } catch (BlobStore.TooLarge e) {
      throw files.tooLarge();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final java.util.regex.Pattern DATA_URI =
      java.util.regex.Pattern.compile("data:image/[a-zA-Z0-9.+-]+;base64,(.*)", java.util.regex.Pattern.DOTALL);

  private void resetSubject(String subject) {
    Optional<UploadStore.Avatar> old = db.write(tx -> {
      Optional<UploadStore.Avatar> a = store.avatar(tx, subject);
      store.deleteAvatar(tx, subject);
      return a;
    });
    old.ifPresent(a -> deleteQuietly(a.storeKey()));
  }

  /** Stores the image as the subject's avatar; returns its etag. */
  private String save(String subject, BlobStore.Staged staged, String origin) {
    Optional<Images.Encoded> image;
    try (InputStream in = staged.read()) {
      image = Images.fit(in, STORED_SIZE, STORED_SIZE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Images.Encoded img = image.orElseThrow(() -> new ParleyException.Invalid(
        "error-invalid-file-type", "File type is not accepted. [error-invalid-file-type]"));
    String key = "av" + Ids.newId();
    try (BlobStore.Staged encoded = blobs.stage(-1)) {
      encoded.write(ByteBuffer.wrap(img.bytes()));
      encoded.commit(key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Optional<UploadStore.Avatar> old = db.write(tx -> {
      Optional<UploadStore.Avatar> a = store.avatar(tx, subject);
      store.putAvatar(tx, new UploadStore.Avatar(subject, key, img.type(), key, origin,
          clock.instant()));
      return a;
    });
    old.ifPresent(a -> deleteQuietly(a.storeKey()));
    return key;
  }

  private void deleteQuietly(String key) {
    try {
      blobs.delete(key);
    } catch (IOException | RuntimeException e) {
      // An orphaned file wastes space but harms nobody.
    }
  }
}
