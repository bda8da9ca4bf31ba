package chat.parley.files;

import chat.parley.auth.Session;
import chat.parley.common.Ids;
import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.events.Event;
import chat.parley.events.EventHub;
import chat.parley.messages.Message;
import chat.parley.messages.MessageService;
import chat.parley.messages.SendMessage;
import chat.parley.rooms.Room;
import chat.parley.rooms.RoomQueries;
import chat.parley.rooms.RoomService;
import chat.parley.settings.Settings;
import chat.parley.users.User;
import chat.parley.users.UserStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Room uploads: who may upload what ({@code FileUpload_*} settings), storing the bytes and the
 * {@code IUpload}, sharing them as a message through {@link MessageService} (so sockets see it),
 * downloads for those who can see the room, thumbnails made off the request path, and removal
 * when the message or room goes.
 */
public final class FileService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FileService.class);
  /** Unconfirmed two-step uploads ({@code rooms.media}) live this long, as in Rocket.Chat. */
  static final Duration TEMPORARY_LIFETIME = Duration.ofHours(24);

  private final Transactor db;
  private final UploadStore uploads;
  private final BlobStore blobs;
  private final RoomService roomService;
  private final RoomQueries roomQueries;
  private final MessageService messages;
  private final UserStore users;
  private final Settings settings;
  private final Clock clock;
  /** Thumbnails and deletions: a small pool with a bounded queue; excess work is dropped. */
  private final ThreadPoolExecutor background;
  private final ScheduledExecutorService sweeper;

  public FileService(Transactor db, UploadStore uploads, BlobStore blobs, RoomService roomService,
      RoomQueries roomQueries, MessageService messages, UserStore users, Settings settings,
      EventHub events, Clock clock) {
    this.db = db;
    this.uploads = uploads;
    this.blobs = blobs;
    this.roomService = roomService;
    this.roomQueries = roomQueries;
    this.messages = messages;
    this.users = users;
    this.settings = settings;
    this.clock = clock;
    this.background = new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(256), Thread.ofPlatform().name("parley-files-", 0).daemon(true).factory(),
        new ThreadPoolExecutor.AbortPolicy());
    this.sweeper = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("parley-files-sweeper").daemon(true).factory());
    sweeper.scheduleWithFixedDelay(this::sweep, 1, 10, TimeUnit.MINUTES);
    // Once per deletion, on the node that made it (not again on every node of a cluster).
    events.subscribeLocal(this::onEvent);
  }

  // --- policy ----------------------------------------------------------------------------------

  /**
   * Checks, before any byte is read, that the session may upload to the room: it can see it
   * (else {@code NotAllowed}), uploads are on ({@code FileUpload_Enabled}, {@code
   * FileUpload_Enabled_Direct} for direct messages) and it may post there.
   */
  public Room requireUploadable(Session session, String roomId) {
    Room room = roomService.findById(roomId).orElseThrow(ParleyException.NotAllowed::unauthorized);
    if (!roomQueries.canAccess(session, room)) {
      throw ParleyException.NotAllowed.unauthorized();
    }
    if (!settings.bool("FileUpload_Enabled")) {
      throw new ParleyException.Invalid("error-file-upload-disabled",
          "File uploads are disabled [error-file-upload-disabled]");
    }
    if (room.isDirect() && !settings.bool("FileUpload_Enabled_Direct")) {
      throw new ParleyException.Invalid("error-direct-message-file-upload-not-allowed",
          "File sharing not allowed in direct messages [error-direct-message-file-upload-not-allowed]");
    }
    db.read(tx -> roomService.requirePostable(tx, session, roomId));
    return room;
  }

  /** {@code FileUpload_MaxFileSize} in bytes; -1 means no limit. */
  public long maxFileSize() {
    try {
      long max = Long.parseLong(settings.string("FileUpload_MaxFileSize").trim());
      return max < 0 ? -1 : max;
    } catch (NumberFormatException e) {
      return 104_857_600L;
    }
  }

  /** Room uploads and avatars alike: Rocket.Chat's {@code error-file-too-large}. */
  public ParleyException tooLarge() {
    return tooLarge(maxFileSize());
  }

  static ParleyException tooLarge(long max) {
    return new ParleyException.Invalid("error-file-too-large",
        "File exceeds allowed size of " + humanSize(max) + ". [error-file-too-large]");
  }

  /** A place to receive the bytes of one file, capped at {@link #maxFileSize()}. */
  public BlobStore.Staged stage() {
    try {
      return blobs.stage(maxFileSize());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Rocket.Chat's {@code fileUploadIsValidContentType}: refused when on {@code
   * FileUpload_MediaTypeBlackList} (exact or {@code type/*}), else accepted when {@code
   * FileUpload_MediaTypeWhiteList} is empty or lists it.
   */
  public boolean isAcceptedType(String type) {
    List<String> black = list("FileUpload_MediaTypeBlackList");
    List<String> white = list("FileUpload_MediaTypeWhiteList");
    if (type == null || type.isBlank()) {
      return black.isEmpty();
    }
    String t = type.toLowerCase(Locale.ROOT).trim();
    String wildcard = t.replaceAll("/.*", "/*");
    if (black.contains(t) || black.contains(wildcard)) {
      return false;
    }
    return white.isEmpty() || white.contains(t) || white.contains(wildcard);
  }

  private List<String> list(String settingId) {
    String raw = settings.string(settingId);
    List<String> out = new ArrayList<>();
    for (String part : raw.split(",")) {
      String p = part.trim().toLowerCase(Locale.ROOT);
      if (!p.isEmpty()) {
        out.add(p);
      }
    }
    return out;
  }

  // --- upload ----------------------------------------------------------------------------------

  /** What a client sent along with the file ({@code rooms.upload} form fields). */
  public record Share(String text, String threadId, String description, Boolean tshow) {}

  /**
   * Stores the staged bytes as an upload of {@code room} after the type check; the bytes are
   * moved into place only after every check passed. {@code temporary} is the first step of
   * {@code rooms.media}: kept 24 hours unless confirmed.
   */
  public Upload store(Session session, Room room, BlobStore.Staged staged, String fileName,
      String declaredType, boolean temporary) {
    String type = normaliseType(declaredType);
    if (!isAcceptedType(type)) {
      throw new ParleyException.Invalid("error-invalid-file-type",
          "File type is not accepted. [error-invalid-file-type]");
    }
    long max = maxFileSize();
    if (max >= 0 && staged.size() > max) {
      throw tooLarge(max);
    }
    String name = safeName(fileName);
    Images.Size size = null;
    if (type.startsWith("image/")) {
      try (InputStream in = staged.read()) {
        size = Images.probe(in).orElse(null);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Instant now = clock.instant();
    String id = Ids.newId();
    int dot = name.lastIndexOf('.');
    String extension = dot > 0 && dot < name.length() - 1
        ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    Upload upload = new Upload(id, room.id(), session.userId(), name, type, staged.size(), id,
        null, type.substring(0, type.indexOf('/')), extension,
        size == null ? null : size.width(), size == null ? null : size.height(), true, null, null,
        now, now, temporary ? now.plus(TEMPORARY_LIFETIME) : null);
    try {
      staged.commit(id);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      db.write(tx -> {
        uploads.insert(tx, upload);
        return null;
      });
    } catch (RuntimeException e) {
      deleteBlobQuietly(id);
      throw e;
    }
    return upload;
  }

  /**
   * Posts the message that shares an upload ({@code rooms.upload}, {@code rooms.mediaConfirm}):
   * Rocket.Chat's {@code file}, {@code files} and attachment; then queues the thumbnail. If the
   * message is refused the upload is removed, so nothing is left behind.
   */
  public Message share(Session session, Upload upload, Share share, boolean discardIfRefused) {
    int maxText = settings.integer("Message_MaxAllowedSize");
    if (share.description() != null && share.description().length() > maxText) {
      if (discardIfRefused) {
        discard(upload);
      }
      throw new ParleyException.Invalid("error-message-size-exceeded",
          "[error-message-size-exceeded]");
    }
    Upload described = upload.confirmed(null, share.description(), clock.instant());
    SendMessage cmd = new SendMessage(null, upload.roomId(),
        share.text() == null ? "" : share.text(), null, null, null,
        List.of(attachment(described, null)), null, false, null, share.threadId(),
        Boolean.TRUE.equals(share.tshow()));
    Message message;
    try {
      message = messages.sendFile(session, cmd, fileFields(List.of(described)));
    } catch (RuntimeException e) {
      if (discardIfRefused) {
        discard(upload);
      }
      throw e;
    }
    Upload shared = upload.confirmed(message.id(), share.description(), clock.instant());
    db.write(tx -> {
      uploads.update(tx, shared);
      return null;
    });
    if (shared.isImage() && shared.width() != null
        && settings.bool("Message_Attachments_Thumbnails_Enabled")) {
      submit(() -> makeThumbnail(shared, message.id()));
    }
    return message;
  }

  /**
   * {@code uploads.delete}: a file and its thumbnails. Allowed to whoever may delete the message
   * that shares it (Rocket.Chat's {@code canDeleteMessage}), or to the uploader of an unconfirmed
   * two-step upload. The message loses the file's entries and attachment. Returns the deleted ids.
   *
   * @throws ParleyException.NotFound no such file
   * @throws ParleyException.NotAllowed the caller cannot see the room or may not delete
   */
  public List<String> delete(Session session, String fileId) {
    Upload file = db.read(tx -> uploads.find(tx, fileId))
        .filter(u -> u.originalFileId() == null)
        .orElseThrow(FileService::noSuchFile);
    Room room = roomService.findById(file.roomId()).orElseThrow(FileService::noSuchFile);
    if (!roomQueries.canAccess(session, room)) {
      throw new ParleyException.NotAllowed("forbidden", "forbidden");
    }
    Message message = file.messageId() == null ? null
        : messages.byIds(List.of(file.messageId())).get(file.messageId());
    boolean ownTemporary = message == null && file.expiresAt() != null
        && file.userId().equals(session.userId());
    if (!ownTemporary && !mayDeleteMessage(session, room,
        message != null ? message.author().id() : file.userId(),
        message != null ? message.ts() : file.uploadedAt())) {
      throw new ParleyException.NotAllowed("forbidden", "forbidden");
    }
    List<Upload> thumbs = db.read(tx -> uploads.thumbnailsOf(tx, fileId));
    List<String> removed = new ArrayList<>();
    removed.add(fileId);
    thumbs.forEach(t -> removed.add(t.id()));
    if (message != null) {
      List<Map<String, Object>> attachments = message.attachments() == null ? List.of()
          : message.attachments().stream()
              .filter(a -> !removed.contains(String.valueOf(a.get("fileId")))).toList();
      List<Map<String, Object>> kept = new ArrayList<>();
      if (message.systemFields().get("files") instanceof List<?> list) {
        for (Object f : list) {
          if (f instanceof Map<?, ?> m && !removed.contains(String.valueOf(m.get("_id")))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = (Map<String, Object>) m;
            kept.add(entry);
          }
        }
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      if (!kept.isEmpty()) {
        fields.put("file", kept.get(0));
        fields.put("files", kept);
      }
      messages.replaceFileFields(message.id(), attachments, fields);
    }
    deleteUpload(file);
    return removed;
  }

  /** Rocket.Chat's {@code canDeleteMessage}, for a message by {@code authorId} sent at {@code ts}. */
  private boolean mayDeleteMessage(Session session, Room room, String authorId, Instant ts) {
    List<String> roles = roomQueries.subscription(session, room.id())
        .map(chat.parley.rooms.Subscription::roles).orElse(List.of());
    if (session.can("force-delete-message", roles)) {
      return true;
    }
    boolean any = session.can("delete-message", roles);
    boolean own = authorId.equals(session.userId()) && session.can("delete-own-message", roles);
    if (!any && !(own && settings.bool("Message_AllowDeleting"))) {
      return false;
    }
    int minutes = settings.integer("Message_AllowDeleting_BlockDeleteInMinutes");
    return minutes <= 0 || session.can("bypass-time-limit-edit-and-delete")
        || Duration.between(ts, clock.instant()).toMinutes() < minutes;
  }

  /** Removes an upload that could not be shared (message refused): row and bytes. */
  public void discard(Upload upload) {
    db.write(tx -> {
      uploads.delete(tx, upload.id());
      return null;
    });
    deleteBlobQuietly(upload.storeKey());
  }

  /**
   * {@code rooms.mediaConfirm}: the session's own unconfirmed upload in that room, else Rocket.Chat's
   * {@code invalid-file}.
   */
  public Upload pending(Session session, String roomId, String fileId) {
    return db.read(tx -> uploads.find(tx, fileId))
        .filter(u -> u.roomId().equals(roomId) && u.userId().equals(session.userId())
            && u.messageId() == null && u.originalFileId() == null)
        .orElseThrow(() -> new ParleyException.Invalid("invalid-file", "[invalid-file]"));
  }

  // --- reading ---------------------------------------------------------------------------------

  /**
   * The upload at {@code /file-upload/<id>/...} if the caller may see it: with {@code
   * FileUpload_ProtectFiles} (the default) a session that can read the upload's room, or a valid
   * signed URL ({@code signed}: the edge checked its {@code ?token=} against {@link
   * #fileTokenSecret()}), as Rocket.Chat's {@code requestCanAccessFiles}.
   *
   * @throws ParleyException.NotFound when there is no such file
   * @throws ParleyException.NotAllowed when the caller may not see it
   */
  public Upload authorize(Optional<Session> session, String fileId, boolean signed) {
    Upload upload = db.read(tx -> uploads.find(tx, fileId))
        .orElseThrow(FileService::noSuchFile);
    if (settings.bool("FileUpload_ProtectFiles") && !signed) {
      Session s = session.orElseThrow(ParleyException.NotAllowed::unauthorized);
      Room room = roomService.findById(upload.roomId())
          .orElseThrow(ParleyException.NotAllowed::unauthorized);
      if (!roomQueries.canAccess(s, room)) {
        throw ParleyException.NotAllowed.unauthorized();
      }
    }
    return upload;
  }

  /**
   * The stored bytes of an upload the caller was authorized for, by the size its metadata
   * records (an object store is not asked first; missing bytes fail on read with {@link
   * java.io.FileNotFoundException}, or here with {@code NotFound}).
   */
  public BlobStore.Blob open(Upload upload) {
    try {
      return blobs.known(upload.storeKey(), upload.size());
    } catch (java.io.FileNotFoundException e) {
      throw noSuchFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Where to send the client instead of streaming the bytes: a presigned URL of the object store
   * valid {@code FileUpload_S3_URLExpiryTimeSpan} seconds, unless {@code
   * FileUpload_S3_Proxy_Uploads} asks Parley to stream it; empty for local files.
   */
  public Optional<java.net.URI> directUrl(Upload upload, String contentType, String disposition) {
    if (!blobs.hasDirectUrls() || settings.bool("FileUpload_S3_Proxy_Uploads")) {
      return Optional.empty();
    }
    return blobs.directUrl(upload.storeKey(), urlExpiry(), contentType, disposition);
  }

  /** Where {@link #directUrl}s point (the bucket's origin), if anywhere. */
  public Optional<String> directOrigin() {
    return blobs.directOrigin();
  }

  Duration urlExpiry() {
    return Duration.ofSeconds(Math.max(1, settings.integer("FileUpload_S3_URLExpiryTimeSpan")));
  }

  /**
   * The secret signed file URLs are checked with, when they are on ({@code
   * FileUpload_Enable_json_web_token_for_files}) and one is set; empty admits no token.
   */
  public Optional<String> fileTokenSecret() {
    String secret = settings.string("FileUpload_json_web_token_secret_for_files");
    return settings.bool("FileUpload_Enable_json_web_token_for_files") && !secret.isEmpty()
        ? Optional.of(secret) : Optional.empty();
  }

  private static ParleyException noSuchFile() {
    return new ParleyException.NotFound("error-file-not-found", "File not found");
  }

  /** An upload with the user who sent it, for file lists. */
  public record Listed(Upload upload, User user) {}

  /**
   * {@code channels.files} and friends: a page of the room's uploads (no thumbnails); the caller
   * has checked the session can see the room.
   */
  public Page<Listed> list(Room room, String nameContains, String typeGroup, boolean newestFirst,
      int offset, int count) {
    return db.read(tx -> {
      Page<Upload> page = uploads.page(tx, room.id(), nameContains, typeGroup, newestFirst, offset,
          count);
      Map<String, User> byId = users.findByIds(tx,
              page.items().stream().map(Upload::userId).distinct().toList()).stream()
          .collect(Collectors.toMap(User::id, Function.identity()));
      return page.map(u -> new Listed(u, byId.get(u.userId())));
    });
  }

  // --- message shapes --------------------------------------------------------------------------

  /**
   * The attachment Rocket.Chat's {@code parseFileIntoMessageAttachments} makes for a file; with a
   * thumbnail, {@code image_url} points at it and the dimensions are the thumbnail's.
   */
  static Map<String, Object> attachment(Upload file, Upload thumb) {
    Map<String, Object> a = new LinkedHashMap<>();
    String url = file.path();
    a.put("title", file.name());
    a.put("type", "file");
    if (file.description() != null) {
      a.put("description", file.description());
    }
    a.put("title_link", url);
    a.put("title_link_download", true);
    String group = file.type().substring(0, file.type().indexOf('/'));
    switch (group) {
      case "image" -> {
        a.put("image_url", thumb != null ? thumb.path() : url);
        a.put("image_type", thumb != null ? thumb.type() : file.type());
        a.put("image_size", file.size());
        Upload dims = thumb != null ? thumb : file;
        if (dims.width() != null) {
          a.put("image_dimensions", Map.of("width", dims.width(), "height", dims.height()));
        }
      }
      case "audio" -> {
        a.put("audio_url", url);
        a.put("audio_type", file.type());
        a.put("audio_size", file.size());
      }
      case "video" -> {
        a.put("video_url", url);
        a.put("video_type", file.type());
        a.put("video_size", file.size());
      }
      default -> {
        a.put("format", file.extension());
        a.put("size", file.size());
      }
    }
    a.put("fileId", file.id());
    return a;
  }

  /** The message's top-level {@code file} (the first) and {@code files}. */
  static Map<String, Object> fileFields(List<Upload> files) {
    List<Map<String, Object>> list = files.stream().map(FileService::fileProp).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("file", list.get(0));
    out.put("files", list);
    return out;
  }

  private static Map<String, Object> fileProp(Upload u) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("_id", u.id());
    f.put("name", u.name());
    f.put("type", u.type());
    f.put("size", u.size());
    f.put("format", u.extension());
    f.put("typeGroup", u.typeGroup());
    return f;
  }

  // --- thumbnails ------------------------------------------------------------------------------

  private void makeThumbnail(Upload original, String messageId) {
    int maxW = Math.max(16, settings.integer("Message_Attachments_Thumbnails_Width"));
    int maxH = Math.max(16, settings.integer("Message_Attachments_Thumbnails_Height"));
    if (original.width() <= maxW && original.height() <= maxH) {
      return;
    }
    try {
      Optional<BlobStore.Blob> blob = blobs.open(original.storeKey());
      if (blob.isEmpty()) {
        return;
      }
      Optional<Images.Encoded> thumb;
      try (InputStream in = blob.get().openAt(0)) {
        thumb = Images.fit(in, maxW, maxH);
      }
      if (thumb.isEmpty()) {
        return;
      }
      Images.Encoded t = thumb.get();
      String id = Ids.newId();
      try (BlobStore.Staged staged = blobs.stage(-1)) {
        staged.write(java.nio.ByteBuffer.wrap(t.bytes()));
        staged.commit(id);
      }
      Instant now = clock.instant();
      String ext = t.type().equals("image/png") ? "png" : "jpeg";
      Upload thumbnail = new Upload(id, original.roomId(), original.userId(),
          "thumb-" + original.name(), t.type(), t.bytes().length, id, null, "image", ext,
          t.width(), t.height(), true, messageId, original.id(), now, now, null);
      boolean stillThere = db.write(tx -> {
        if (uploads.find(tx, original.id()).isEmpty()) {
          return false;
        }
        uploads.insert(tx, thumbnail);
        return true;
      });
      if (!stillThere) {
        deleteBlobQuietly(id);
        return;
      }
      Upload current = db.read(tx -> uploads.find(tx, original.id())).orElse(original);
      if (messages.replaceFileFields(messageId, List.of(attachment(current, thumbnail)),
          fileFields(List.of(current, thumbnail))).isEmpty()) {
        deleteUpload(thumbnail);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("Thumbnail of upload {} failed", original.id(), e);
    }
  }

  // --- removal ---------------------------------------------------------------------------------

  private void onEvent(Event event) {
    switch (event) {
      case Event.MessageDeleted e -> submit(() -> deleteWhere(tx -> uploads.byMessage(tx, e.messageId())));
      case Event.MessageUpdated e when "rm".equals(e.message().type())
          && !settings.bool("Message_KeepHistory")
          && e.message().systemFields().containsKey("files") ->
          submit(() -> deleteWhere(tx -> uploads.byMessage(tx, e.message().id())));
      case Event.RoomDeleted e -> submit(() -> deleteWhere(tx -> uploads.byRoom(tx, e.roomId())));
      case Event.MessagesPruned e -> submit(this::sweep);
      default -> { }
    }
  }

  private void deleteWhere(Function<chat.parley.common.Tx, List<Upload>> query) {
    for (Upload u : db.read(query)) {
      deleteUpload(u);
    }
  }

  private void deleteUpload(Upload u) {
    List<Upload> thumbs = db.write(tx -> {
      List<Upload> t = uploads.thumbnailsOf(tx, u.id());
      for (Upload thumb : t) {
        uploads.delete(tx, thumb.id());
      }
      uploads.delete(tx, u.id());
      return t;
    });
    thumbs.forEach(t -> deleteBlobQuietly(t.storeKey()));
    deleteBlobQuietly(u.storeKey());
  }

  /**
   * Removes unconfirmed two-step uploads past their 24 hours, and files whose message went away
   * without an event ({@code rooms.cleanHistory}); runs every 10 minutes.
   */
  public void sweep() {
    try {
      List<Upload> batch;
      do {
        batch = db.read(tx -> uploads.expired(tx, clock.instant(), 100));
        batch.forEach(this::deleteUpload);
      } while (batch.size() == 100);
      do {
        batch = db.read(tx -> uploads.orphans(tx, 100));
        batch.forEach(this::deleteUpload);
      } while (batch.size() == 100);
    } catch (RuntimeException e) {
      log.warn("Removing expired or orphaned uploads failed", e);
    }
  }

  /**
   * Jobs submitted and not finished. The executor's own counts are approximate: between a worker
   * taking a job off the queue and counting itself active, both read zero.
   */
  private final java.util.concurrent.atomic.AtomicInteger unfinished =
      new java.util.concurrent.atomic.AtomicInteger();

  private void submit(Runnable work) {
    unfinished.incrementAndGet();
    try {
      background.execute(() -> {
        try {
          work.run();
        } catch (RuntimeException e) {
          log.warn("File background work failed", e);
        } finally {
          unfinished.decrementAndGet();
        }
      });
    } catch (RejectedExecutionException e) {
      unfinished.decrementAndGet();
      log.warn("File work queue full; skipped one job (thumbnail or cleanup)");
    }
  }

  private void deleteBlobQuietly(String key) {
    try {
      blobs.delete(key);
    } catch (IOException | RuntimeException e) {
      log.warn("Could not delete stored file {}", key, e);
    }
  }

  /** Waits for queued thumbnails and deletions (tests, shutdown). */
  public void awaitIdle() {
    while (unfinished.get() > 0) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
    background.shutdown();
    try {
      background.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  /** {@code type/subtype} in lower case, parameters dropped; unknown means octet-stream. */
  static String normaliseType(String declared) {
    if (declared == null) {
      return "application/octet-stream";
    }
    String t = declared.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return t.matches("[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")
        ? t : "application/octet-stream";
  }

  /** The name a user gave, made harmless for display: no path, no control characters. */
  static String safeName(String fileName) {
    String name = fileName == null ? "" : fileName;
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    name = name.replaceAll("[\\p{Cntrl}\\u202A-\\u202E\\u2066-\\u2069]", "").strip();
    if (name.length() > 255) {
      name = name.substring(0, 255);
    }
    return name.isEmpty() || name.equals(".") || name.equals("..") ? "file" : name;
  }

  /** Sizes as the {@code filesize} package writes them (base 10): {@code 104.86 MB}. */
  static String humanSize(long bytes) {
    String[] units = {"B", "kB", "MB", "GB", "TB"};
    double v = bytes;
    int i = 0;
    while (v >= 1000 && i < units.length - 1) {
      v /= 1000;
      i++;
    }
    String n = String.format(Locale.ROOT, "%.2f", v).replaceAll("\\.?0+$", "");
    return n + " " + units[i];
  }
}
