package chat.parley.rest;

import chat.parley.Services;
import chat.parley.files.AssetService;
import chat.parley.files.BlobStore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;

/** {@code assets.setAsset}, {@code assets.unsetAsset} and {@code /assets/<name>.<ext>}. */
final class AssetRoutes {
  private final AssetService assets;

  AssetRoutes(Services s) {
    this.assets = s.assets();
  }

  void register(Api api, RoutesConfig routes) {
    api.post("assets.setAsset", this::set);
    api.post("assets.unsetAsset", this::unset);
    routes.get("/assets/{file}", this::serve);
  }

  private Map<String, Object> set(Request req) {
    assets.requireManage(req.session());
    Multipart.Body body;
    try {
      body = Multipart.read(req.ctx().req().getInputStream(), req.ctx().header("Content-Type"),
          "asset", assets::stage);
    } catch (BlobStore.TooLarge e) {
      throw assets.tooLarge();
    } catch (IOException e) {
      throw Multipart.malformed(e);
    }
    try (body) {
      if (body.file() == null) {
        throw new chat.parley.common.ParleyException.Invalid("invalid-field", "[invalid-field]");
      }
      String name = body.fields().getOrDefault("assetName", body.fileName());
      assets.set(req.session(), name, body.file(), body.fileType());
      return Map.of();
    }
  }

  private Map<String, Object> unset(Request req) {
    ObjectNode body = req.body();
    assets.unset(req.session(), req.requiredString(body, "assetName"));
    return Map.of();
  }

  private void serve(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Content-Security-Policy", FileRoutes.SANDBOX);
    switch (assets.serve(ctx.pathParam("file"))) {
      case AssetService.Served.WrongFormat w -> ctx.status(403);
      case AssetService.Served.Missing m -> ctx.status(404).result("Not found");
      case AssetService.Served.Found f -> {
        ctx.header("Cache-Control", "public, max-age=0");
        ctx.header("ETag", f.file().etag());
        if (f.file().etag().equals(ctx.header("If-None-Match"))) {
          ctx.status(304);
          return;
        }
        FileRoutes.stream(ctx, f.file());
      }
    }
  }
}
