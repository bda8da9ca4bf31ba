package chat.parley.rest;

import chat.parley.Services;
import chat.parley.common.Page;
import chat.parley.files.Stored;
import chat.parley.files.CustomSound;
import chat.parley.files.CustomSoundService;
import chat.parley.wire.RcCustomSound;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/** {@code custom-sounds.list}, {@code custom-sounds.getOne} and {@code /custom-sounds/<id>.<ext>}. */
final class SoundRoutes {
  private final CustomSoundService sounds;
  private final Paging paging;

  SoundRoutes(Services s) {
    this.sounds = s.customSounds();
    this.paging = new Paging(s.settings());
  }

  void register(Api api, RoutesConfig routes) {
    api.get("custom-sounds.list", req -> {
      Paging.Window w = paging.of(req);
      Page<CustomSound> page = sounds.page(req.query("name"), w.offset(), w.count());
      return Paging.page("sounds", page.items().stream().map(RcCustomSound::of).toList(),
          w.offset(), page.total());
    });
    api.get("custom-sounds.getOne", req -> {
      String id = req.query("_id");
      if (id == null) {
        throw RestErrors.invalidQuery("must have required property '_id'");
      }
      CustomSound sound = sounds.find(id).orElseThrow(() -> new NotFound("Custom Sound not found."));
      // Rocket.Chat 8 answers {sound}; earlier versions put _id and name at the top: both, so
      // clients of either version find what they read.
      return Map.of("sound", RcCustomSound.of(sound), "_id", sound.id(), "name", sound.name());
    });
    routes.get("/custom-sounds/{file}", this::audio);
  }

  private void audio(Context ctx) {
    Optional<Stored> audio = sounds.audio(ctx.pathParam("file"));
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Content-Security-Policy", FileRoutes.SANDBOX);
    if (audio.isEmpty()) {
      ctx.status(404).result("Not found");
      return;
    }
    ctx.header("Cache-Control", "public, max-age=3600");
    ctx.header("ETag", audio.get().etag());
    if (audio.get().etag().equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    FileRoutes.stream(ctx, audio.get());
  }
}
