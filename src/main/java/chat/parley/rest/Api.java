package chat.parley.rest;

import chat.parley.auth.AuthService;
import chat.parley.auth.Session;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/**
 * Registers Rocket.Chat endpoints by their names ({@code api.post("chat.sendMessage", ...)}) and
 * runs each one: authenticate when required, call the handler, write its answer with {@code
 * success: true}.
 */
final class Api {
  static final String V1 = "/api/v1/";

  @FunctionalInterface
  interface Handler {
    /** Returns the response fields; {@code success: true} is added. */
    Map<String, Object> handle(Request request);
  }

  private final RoutesConfig routes;
  private final AuthService auth;

  Api(RoutesConfig routes, AuthService auth) {
    this.routes = routes;
    this.auth = auth;
  }

  /** An authenticated GET under {@code /api/v1/}. */
  void get(String name, Handler handler) {
    routes.get(V1 + name, ctx -> run(ctx, handler, true));
  }

  /** An authenticated POST under {@code /api/v1/}. */
  void post(String name, Handler handler) {
    routes.post(V1 + name, ctx -> run(ctx, handler, true));
  }

  /** An authenticated PUT under {@code /api/v1/} (Rocket.Chat's {@code integrations.update}). */
  void put(String name, Handler handler) {
    routes.put(V1 + name, ctx -> run(ctx, handler, true));
  }

  /** A DELETE under {@code /api/v1/}. */
  void delete(String name, RawHandler handler) {
    routes.delete(V1 + name, ctx -> runRaw(ctx, handler));
  }

  /** An authenticated GET whose answer is written as it is (Rocket.Chat's bare arrays). */
  void getRaw(String name, RawHandler handler) {
    routes.get(V1 + name, ctx -> runRaw(ctx, handler));
  }

  @FunctionalInterface
  interface RawHandler {
    Object handle(Request request);
  }

  private void runRaw(Context ctx, RawHandler handler) {
    Optional<Session> session = auth.authenticate(ctx.header("X-User-Id"), ctx.header("X-Auth-Token"));
    if (session.isEmpty()) {
      RestServer.write(ctx, RestErrors.notLoggedIn());
      return;
    }
    RestServer.writeRaw(ctx, handler.handle(new Request(ctx, session.get())));
  }

  /** A POST anyone may call; the session is filled in when the caller sent a valid one. */
  void publicPost(String name, Handler handler) {
    routes.post(V1 + name, ctx -> run(ctx, handler, false));
  }

  /** A GET at an absolute path that anyone may call. */
  void publicGetAt(String path, Handler handler) {
    routes.get(path, ctx -> run(ctx, handler, false));
  }

  private void run(Context ctx, Handler handler, boolean authRequired) {
    Optional<Session> session = auth.authenticate(ctx.header("X-User-Id"), ctx.header("X-Auth-Token"));
    if (authRequired && session.isEmpty()) {
      RestServer.write(ctx, RestErrors.notLoggedIn());
      return;
    }
    Map<String, Object> result = handler.handle(new Request(ctx, session.orElse(null)));
    RestServer.writeSuccess(ctx, result);
  }
}
