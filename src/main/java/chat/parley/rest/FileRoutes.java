package chat.parley.rest;

import chat.parley.Services;
import chat.parley.auth.AuthService;
import chat.parley.auth.Session;
import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.files.AvatarService;
import chat.parley.files.BlobStore;
import chat.parley.files.FileService;
import chat.parley.files.Upload;
import chat.parley.messages.Message;
import chat.parley.rooms.Room;
import chat.parley.settings.Settings;
import chat.parley.users.User;
import chat.parley.wire.RcJson;
import chat.parley.wire.RcFileToken;
import chat.parley.wire.RcMessage;
import chat.parley.wire.RcUpload;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Files over HTTP: {@code rooms.upload}, the two-step {@code rooms.media} + {@code
 * rooms.mediaConfirm}, downloads at {@code /file-upload/<id>/<name>}, {@code users.setAvatar} /
 * {@code users.resetAvatar} and the avatars at {@code /avatar/...}. Multipart bodies are streamed
 * to disk by {@link Multipart}, never buffered.
 */
final class FileRoutes {
  /** Served inline; anything else is a download. */
  private static final Set<String> INLINE = Set.of("image/png", "image/jpeg", "image/gif",
      "image/webp", "image/bmp", "image/avif");
  /** What uploads serve with: no script, no plugin, no navigation, even if a browser renders it. */
  static final String SANDBOX = "default-src 'none'; img-src 'self'; media-src 'self';"
      + " style-src 'unsafe-inline'; sandbox";

  private final FileService files;
  private final AvatarService avatars;
  private final AuthService auth;
  private final Settings settings;
  private final chat.parley.rooms.RoomQueries roomQueries;
  private final Paging paging;
  private final chat.parley.users.UserService users;
  private final String siteUrl;

  FileRoutes(Services s) {
    this.users = s.users();
    this.siteUrl = s.siteUrl().replaceAll("/+$", "");
    this.roomQueries = s.roomQueries();
    this.paging = new Paging(s.settings());
    this.files = s.files();
    this.avatars = s.avatars();
    this.auth = s.auth();
    this.settings = s.settings();
  }

  void register(Api api, RoutesConfig routes) {
    api.post("rooms.upload/{rid}", req -> upload(req, false));
    api.post("rooms.media/{rid}", req -> upload(req, true));
    api.post("rooms.mediaConfirm/{rid}/{fileId}", this::confirm);
    api.get("rooms.images", this::images);
    api.post("uploads.delete", req -> {
      String fileId = req.query("fileId") != null ? req.query("fileId")
          : req.optionalString(req.body(), "fileId");
      if (fileId == null || fileId.isEmpty()) {
        throw RestErrors.invalidBody("must have required property 'fileId'");
      }
      try {
        return Map.of("deletedFiles", files.delete(req.session(), fileId));
      } catch (ParleyException.NotFound e) {
        throw new NotFound();
      }
    });
    api.post("users.setAvatar", this::setAvatar);
    // Rocket.Chat answers with a 307 to the avatar's URL (no login needed, like the avatar).
    api.getDirect("users.getAvatar", ctx -> {
      User user = users.resolve(blankToNull(ctx.queryParam("userId")), blankToNull(ctx.queryParam("username")));
      String url = siteUrl + "/avatar/" + java.net.URLEncoder.encode(user.username(),
          java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
      ctx.status(307).header("Location", url).contentType("text/plain; charset=utf-8").result(url);
    });
    api.post("users.resetAvatar", this::resetAvatar);
    routes.get("/file-upload/{fileId}/{name}", this::download);
    routes.get("/file-upload/{fileId}", this::download);
    routes.get("/avatar/room/{rid}", this::roomAvatar);
    routes.get("/avatar/{username}", this::userAvatar);
  }

  // --- uploads ---------------------------------------------------------------------------------

  private Map<String, Object> upload(Request req, boolean temporary) {
    Session session = req.session();
    Room room = files.requireUploadable(session, req.ctx().pathParam("rid"));
    try (Multipart.Body body = readMultipart(req.ctx(), "file")) {
      if (body.file() == null) {
        throw new ParleyException.Invalid("invalid-field", "[invalid-field]");
      }
      Upload upload = files.store(session, room, body.file(), body.fileName(), body.fileType(),
          temporary);
      if (temporary) {
        return Map.of("file", Map.of("_id", upload.id(), "url", upload.path()));
      }
      Map<String, String> f = body.fields();
      Message message = files.share(session, upload, new FileService.Share(blankToNull(f.get("msg")),
          blankToNull(f.get("tmid")), blankToNull(f.get("description")),
          "true".equals(f.get("tshow"))), true);
      return Map.of("message", RcMessage.of(message));
    }
  }

  private Map<String, Object> confirm(Request req) {
    Session session = req.session();
    String rid = req.ctx().pathParam("rid");
    files.requireUploadable(session, rid);
    Upload upload = files.pending(session, rid, req.ctx().pathParam("fileId"));
    ObjectNode body = req.body();
    Message message = files.share(session, upload, new FileService.Share(
        blankToNull(req.optionalString(body, "msg")), blankToNull(req.optionalString(body, "tmid")),
        blankToNull(req.optionalString(body, "description")),
        Boolean.TRUE.equals(req.optionalBoolean(body, "tshow"))), false);
    return Map.of("message", RcMessage.of(message));
  }

  private Multipart.Body readMultipart(Context ctx, String field) {
    try {
      return Multipart.read(ctx.req().getInputStream(), ctx.header("Content-Type"), field,
          files::stage);
    } catch (BlobStore.TooLarge e) {
      throw files.tooLarge();
    } catch (IOException e) {
      throw Multipart.malformed(e);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }


  // --- downloads -------------------------------------------------------------------------------

  private void download(Context ctx) throws IOException {
    String fileId = ctx.pathParam("fileId");
    Upload u;
    try {
      u = files.authorize(caller(ctx), fileId, signedFor(ctx, fileId));
    } catch (ParleyException.NotFound e) {
      plain(ctx, 404, "Not found");
      return;
    } catch (ParleyException.NotAllowed e) {
      plain(ctx, 403, "Forbidden");
      return;
    }
    boolean inline = INLINE.contains(u.type()) || u.type().startsWith("audio/")
        || u.type().startsWith("video/");
    if (ctx.queryParam("download") != null) {
      inline = false;
    }
    String disposition = disposition(inline ? "inline" : "attachment", u.name());
    String type = safeType(u.type());
    // Object storage: after the access check, the client fetches the bytes from the bucket.
    Optional<java.net.URI> direct = files.directUrl(u, type, disposition);
    if (direct.isPresent()) {
      redirect(ctx, direct.get());
      return;
    }
    String etag = "\"" + u.id() + "\"";
    if (etag.equals(ctx.header("If-None-Match"))) {
      downloadHeaders(ctx, etag, disposition);
      ctx.status(304);
      return;
    }
    BlobStore.Blob blob;
    try {
      blob = files.open(u);
    } catch (ParleyException.NotFound e) {
      plain(ctx, 404, "Not found");
      return;
    }
    long size = blob.size();
    long start = 0;
    long end = size - 1;
    boolean partial = false;
    String range = ctx.header("Range");
    if (range != null) {
      long[] r = parseRange(range, size);
      if (r == null) {
        downloadHeaders(ctx, etag, disposition);
        ctx.status(416);
        ctx.header("Content-Range", "bytes */" + size);
        return;
      }
      if (r.length == 2) {
        start = r[0];
        end = r[1];
        partial = true;
      }
    }
    long length = Math.max(0, end - start + 1);
    // Opened before any header is set: bytes missing from the store are still a clean 404.
    InputStream opened;
    try {
      opened = blob.openRange(start, length);
    } catch (java.io.FileNotFoundException e) {
      plain(ctx, 404, "Not found");
      return;
    }
    downloadHeaders(ctx, etag, disposition);
    if (partial) {
      ctx.status(206);
      ctx.header("Content-Range", "bytes " + start + "-" + end + "/" + size);
    } else {
      ctx.status(200);
    }
    ctx.res().setContentType(type);
    ctx.res().setContentLengthLong(length);
    try (InputStream in = opened; OutputStream out = ctx.res().getOutputStream()) {
      byte[] buf = new byte[64 * 1024];
      long left = length;
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          break;
        }
        out.write(buf, 0, n);
        left -= n;
      }
    }
  }

  private static void downloadHeaders(Context ctx, String etag, String disposition) {
    ctx.header("ETag", etag);
    ctx.header("Cache-Control", "private, max-age=31536000, immutable");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Content-Security-Policy", SANDBOX);
    ctx.header("Accept-Ranges", "bytes");
    ctx.header("Content-Disposition", disposition);
  }

  /** Rocket.Chat's {@code redirectToFile}: a 302 to the object store, nothing cached. */
  private static void redirect(Context ctx, java.net.URI url) {
    ctx.status(302);
    ctx.header("Location", url.toString());
    ctx.header("Cache-Control", "no-store");
    ctx.header("X-Content-Type-Options", "nosniff");
  }

  /** Whether the URL carries a valid signed {@code ?token=} for this file. */
  private boolean signedFor(Context ctx, String fileId) {
    String token = ctx.queryParam("token");
    return token != null && files.fileTokenSecret()
        .map(secret -> RcFileToken.opens(token, secret, fileId, java.time.Instant.now()))
        .orElse(false);
  }

  /**
   * One {@code bytes=} range: {@code {start, end}}; an empty array to ignore the header (several
   * ranges, other units); null when unsatisfiable.
   */
  static long[] parseRange(String header, long size) {
    String h = header.trim();
    if (!h.startsWith("bytes=") || h.contains(",")) {
      return new long[0];
    }
    String spec = h.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return new long[0];
    }
    try {
      String a = spec.substring(0, dash).trim();
      String b = spec.substring(dash + 1).trim();
      long start;
      long end;
      if (a.isEmpty()) {
        long suffix = Long.parseLong(b);
        if (suffix <= 0) {
          return null;
        }
        start = Math.max(0, size - suffix);
        end = size - 1;
      } else {
        start = Long.parseLong(a);
        end = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
      }
      if (start < 0 || start >= size || end < start) {
        return null;
      }
      return new long[] {start, end};
    } catch (NumberFormatException e) {
      return new long[0];
    }
  }

  /** Markup and script types are never served as themselves from uploads. */
  static String safeType(String type) {
    String t = type.toLowerCase(Locale.ROOT);
    if (t.contains("html") || t.contains("xml") || t.contains("svg") || t.contains("script")
        || t.equals("text/css") || t.startsWith("multipart/")) {
      return "application/octet-stream";
    }
    return t.startsWith("text/") ? t + "; charset=utf-8" : t;
  }

  static String disposition(String kind, String name) {
    String ascii = name.replaceAll("[^\\x20-\\x7e]", "_").replace("\\", "_").replace("\"", "_");
    return kind + "; filename=\"" + ascii + "\"; filename*=UTF-8''"
        + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Streams stored bytes (never read whole into memory). */
  static void stream(Context ctx, chat.parley.files.Stored file) {
    try {
      ctx.contentType(file.type());
      ctx.res().setContentLengthLong(file.blob().size());
      ctx.result(file.blob().openAt(0));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The caller by Rocket.Chat's cookies, the API headers, or {@code ?rc_uid&rc_token}. */
  private Optional<Session> caller(Context ctx) {
    String[][] pairs = {
        {ctx.header("X-User-Id"), ctx.header("X-Auth-Token")},
        {ctx.cookie("rc_uid"), ctx.cookie("rc_token")},
        {ctx.queryParam("rc_uid"), ctx.queryParam("rc_token")}};
    for (String[] p : pairs) {
      if (p[0] != null && p[1] != null) {
        Optional<Session> s = auth.authenticate(p[0], p[1]);
        if (s.isPresent()) {
          return s;
        }
      }
    }
    return Optional.empty();
  }

  private static void plain(Context ctx, int status, String text) {
    ctx.status(status);
    ctx.header("Cache-Control", "no-store");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.contentType("text/plain; charset=utf-8");
    ctx.result(text);
  }

  // --- avatars ---------------------------------------------------------------------------------

  private Map<String, Object> setAvatar(Request req) {
    Session session = req.session();
    String contentType = String.valueOf(req.ctx().contentType()).toLowerCase(Locale.ROOT);
    if (!contentType.startsWith("multipart/")) {
      ObjectNode body = req.body();
      String url = req.optionalString(body, "avatarUrl");
      User user = avatars.target(session, req.optionalString(body, "userId"),
          req.optionalString(body, "username"));
      if (url == null || url.isEmpty()) {
        throw new ParleyException.Invalid("error-invalid-params", "The 'image' param is required");
      }
      avatars.setFromUrl(user, url);
      return Map.of();
    }
    avatars.target(session, null, null);
    try (Multipart.Body body = readMultipart(req.ctx(), "image")) {
      if (body.file() == null) {
        throw new ParleyException.Invalid("error-invalid-params", "The 'image' param is required");
      }
      User user = avatars.target(session, blankToNull(body.fields().get("userId")),
          blankToNull(body.fields().get("username")));
      avatars.setUploaded(user, body.file());
      return Map.of();
    }
  }

  private Map<String, Object> resetAvatar(Request req) {
    ObjectNode body = req.body();
    User user = avatars.target(req.session(), blankToNull(req.optionalString(body, "userId")),
        blankToNull(req.optionalString(body, "username")));
    avatars.reset(user);
    return Map.of();
  }

  /** {@code Accounts_AvatarBlockUnauthenticatedAccess}: avatars only for logged-in callers. */
  private boolean blocked(Context ctx) {
    if (settings.bool("Accounts_AvatarBlockUnauthenticatedAccess") && caller(ctx).isEmpty()) {
      plain(ctx, 403, "Forbidden");
      return true;
    }
    return false;
  }

  private void userAvatar(Context ctx) {
    if (blocked(ctx)) {
      return;
    }
    String username = ctx.pathParam("username");
    Optional<java.net.URI> direct = avatars.directUrl(username, null, size(ctx));
    if (direct.isPresent()) {
      redirect(ctx, direct.get());
      return;
    }
    serve(ctx, avatars.forUser(username, size(ctx)));
  }

  private void roomAvatar(Context ctx) {
    if (blocked(ctx)) {
      return;
    }
    Optional<java.net.URI> direct = avatars.directUrl(null, ctx.pathParam("rid"), size(ctx));
    if (direct.isPresent()) {
      redirect(ctx, direct.get());
      return;
    }
    Optional<AvatarService.Image> image = avatars.forRoom(ctx.pathParam("rid"), size(ctx));
    if (image.isEmpty()) {
      plain(ctx, 404, "Not found");
      return;
    }
    serve(ctx, image.get());
  }

  private static Integer size(Context ctx) {
    String s = ctx.queryParam("size");
    try {
      return s == null ? null : Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private void serve(Context ctx, AvatarService.Image image) {
    int maxAge = settings.integer("Accounts_AvatarCacheTime");
    String asked = ctx.queryParam("etag");
    // Clients put the avatarETag in the URL (?etag=): that URL never shows another image.
    boolean current = asked != null && !asked.isEmpty()
        && image.etag().replace("\"", "").split("-", 2)[0].equals(asked);
    ctx.header("Cache-Control", current ? "public, max-age=31536000, immutable"
        : "public, max-age=" + Math.max(0, maxAge));
    ctx.header("ETag", image.etag());
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    ctx.header("Content-Disposition", "inline");
    if (image.etag().equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    ctx.contentType(image.type());
    ctx.result(image.bytes());
  }

  /** {@code rooms.images}: a room's images, newest first (the web client's image gallery). */
  private Map<String, Object> images(Request req) {
    String roomId = req.query("roomId");
    if (roomId == null) {
      throw RestErrors.invalidQuery("must have required property 'roomId'");
    }
    Room room = roomQueries.byId(roomId)
        .filter(r -> roomQueries.canAccess(req.session(), r))
        .orElseThrow(ParleyException.NotAllowed::unauthorized);
    Paging.Window w = paging.of(req);
    Page<FileService.Listed> page = files.list(room, null, "image", true, w.offset(), w.count());
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("files", page.items().stream().map(l -> RcUpload.of(l.upload(), l.user())).toList());
    out.put("count", w.count());
    out.put("offset", w.offset());
    out.put("total", page.total());
    return out;
  }

  // --- file lists ------------------------------------------------------------------------------

  /**
   * {@code channels.files}, {@code groups.files}, {@code im.files}: the room's uploads, filtered by
   * {@code name} / {@code typeGroup} (or the web client's {@code query} JSON), sorted by name
   * unless {@code sort} asks for {@code uploadedAt}.
   */
  static Map<String, Object> list(Request req, Room room, FileService files, Paging paging) {
    Paging.Window w = paging.of(req);
    String name = req.query("name");
    String typeGroup = req.query("typeGroup");
    String query = req.query("query");
    if (query != null) {
      JsonNode q = json(query);
      JsonNode n = q.path("name");
      if (n.isTextual()) {
        name = n.asText();
      } else if (n.path("$regex").isTextual()) {
        name = n.path("$regex").asText();
      }
      if (q.path("typeGroup").isTextual()) {
        typeGroup = q.path("typeGroup").asText();
      }
    }
    boolean newestFirst = false;
    String sort = req.query("sort");
    if (sort != null) {
      JsonNode s = json(sort);
      newestFirst = s.has("uploadedAt");
    }
    Page<FileService.Listed> page = files.list(room, name, typeGroup, newestFirst, w.offset(),
        w.count());
    return Paging.page("files", page.items().stream()
        .map(l -> RcUpload.of(l.upload(), l.user())).toList(), w.offset(), page.total());
  }

  private static JsonNode json(String raw) {
    try {
      JsonNode node = RcJson.rest().readTree(raw);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (IOException e) {
      // Falls through.
    }
    throw new ParleyException.Invalid("error-invalid-query", "Invalid query parameter provided");
  }

}
