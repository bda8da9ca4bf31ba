package chat.parley.rest;

import chat.parley.Services;
import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.files.Stored;
import chat.parley.files.Avatars;
import chat.parley.files.BlobStore;
import chat.parley.files.CustomEmoji;
import chat.parley.files.CustomEmojiService;
import chat.parley.wire.RcEmojiCustom;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code emoji-custom.*} and the images at {@code /emoji-custom/<name>.<ext>}. */
final class EmojiRoutes {
  private final CustomEmojiService emoji;
  private final Paging paging;

  EmojiRoutes(Services s) {
    this.emoji = s.customEmoji();
    this.paging = new Paging(s.settings());
  }

  void register(Api api, RoutesConfig routes) {
    api.get("emoji-custom.list", this::list);
    api.get("emoji-custom.all", this::all);
    api.post("emoji-custom.create", this::create);
    api.post("emoji-custom.update", this::update);
    api.post("emoji-custom.delete", this::delete);
    routes.get("/emoji-custom/{file}", this::image);
  }

  private Map<String, Object> list(Request req) {
    Instant since = req.queryDate("updatedSince", "error-roomId-param-invalid");
    CustomEmojiService.Changes changes = emoji.changes(since);
    Map<String, Object> emojis = new LinkedHashMap<>();
    emojis.put("update", changes.update().stream().map(RcEmojiCustom::of).toList());
    emojis.put("remove", changes.remove().stream().map(RcEmojiCustom::removed).toList());
    return Map.of("emojis", emojis);
  }

  private Map<String, Object> all(Request req) {
    Paging.Window w = paging.of(req);
    Page<CustomEmoji> page = emoji.page(req.query("name"), w.offset(), w.count());
    return Paging.page("emojis", page.items().stream().map(RcEmojiCustom::of).toList(),
        w.offset(), page.total());
  }

  private Map<String, Object> create(Request req) {
    try (Multipart.Body body = read(req.ctx())) {
      if (body.file() == null) {
        throw new ParleyException.Invalid("error-invalid-params", "The 'emoji' param is required");
      }
      emoji.requireImage(body.file());
      try {
        emoji.create(req.session(), body.fields().get("name"), body.fields().get("aliases"),
            body.file());
      } catch (ParleyException e) {
        // Rocket.Chat answers any failure past the image check with a bare {success: false}.
        throw new Bare();
      }
      return Map.of();
    }
  }

  private Map<String, Object> update(Request req) {
    try (Multipart.Body body = read(req.ctx())) {
      Map<String, String> f = body.fields();
      emoji.update(req.session(), f.get("_id"), f.get("name"), f.get("aliases"),
          body.file() == null || body.file().size() == 0 ? null : body.file());
      return Map.of();
    }
  }

  private Map<String, Object> delete(Request req) {
    ObjectNode body = req.body();
    String id = req.optionalString(body, "emojiId");
    if (id == null || id.isEmpty()) {
      throw new ParleyException.Invalid(null, "The \"emojiId\" params is required!");
    }
    emoji.delete(req.session(), id);
    return Map.of();
  }

  private Multipart.Body read(Context ctx) {
    try {
      return Multipart.read(ctx.req().getInputStream(), ctx.header("Content-Type"), "emoji",
          emoji::stage);
    } catch (BlobStore.TooLarge e) {
      throw emoji.tooLarge();
    } catch (IOException e) {
      throw Multipart.malformed(e);
    }
  }

  private void image(Context ctx) {
    Optional<Stored> image = emoji.image(ctx.pathParam("file"));
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    if (image.isEmpty()) {
      // Rocket.Chat draws a placeholder for an unknown emoji.
      ctx.header("Cache-Control", "public, max-age=0");
      ctx.contentType("image/svg+xml");
      ctx.result(Avatars.svg("?", "?", 200).getBytes(StandardCharsets.UTF_8));
      return;
    }
    Stored img = image.get();
    ctx.header("Cache-Control", "public, max-age=3600");
    ctx.header("ETag", img.etag());
    if (img.etag().equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    FileRoutes.stream(ctx, img);
  }

  /** A failure answered as {@code {"success": false}} and nothing else. */
  static final class Bare extends RuntimeException {
    Bare() {
      super(null, null, false, false);
    }
  }
}
