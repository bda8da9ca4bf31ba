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
  private final RateLimiter limiter;

  Api(RoutesConfig routes, AuthService auth) {
    this(routes, auth, null);
  }

  /** With Rocket.Chat's rate limiter in front of every route ({@code limiter} may be null). */
  Api(RoutesConfig routes, AuthService auth, RateLimiter limiter) {
    this.routes = routes;
    this.auth = auth;
    this.limiter = limiter;
  }

  /** An authenticated GET under {@code /api/v1/}. */
  void get(String name, Handler handler) {
    routes.get(V1 + name, ctx -> run(ctx, "GET " + name, handler, true));
  }

  /** An authenticated POST under {@code /api/v1/}. */
  void post(String name, Handler handler) {
    routes.post(V1 + name, ctx -> run(ctx, "POST " + name, handler, true));
  }

  /** An authenticated PUT under {@code /api/v1/} (Rocket.Chat's {@code integrations.update}). */
  void put(String name, Handler handler) {
    routes.put(V1 + name, ctx -> run(ctx, "PUT " + name, handler, true));
  }

  /** A DELETE under {@code /api/v1/}. */
  void delete(String name, RawHandler handler) {
    routes.delete(V1 + name, ctx -> runRaw(ctx, "DELETE " + name, handler));
  }

  /** An authenticated GET whose answer is written as it is (Rocket.Chat's bare arrays). */
  void getRaw(String name, RawHandler handler) {
    routes.get(V1 + name, ctx -> runRaw(ctx, "GET " + name, handler));
  }

  @FunctionalInterface
  interface RawHandler {
    Object handle(Request request);
  }

  private void runRaw(Context ctx, String route, RawHandler handler) {
    Optional<Session> session = auth.authenticate(ctx.header("X-User-Id"), ctx.header("X-Auth-Token"));
    if (session.isEmpty()) {
      RestServer.write(ctx, RestErrors.notLoggedIn());
      return;
    }
    if (limited(ctx, route, session)) {
      return;
    }
    RestServer.writeRaw(ctx, handler.handle(new Request(ctx, session.get())));
  }

  /**
   * Rocket.Chat's {@code twoFactorRequired} route option: the second factor comes in the {@code
   * x-2fa-code} / {@code x-2fa-method} headers; without it (or with a wrong one) the call fails
   * with {@code totp-required} / {@code totp-invalid} before anything changes.
   */
  void requireTwoFactor(Request req, chat.parley.auth.TwoFactorService.Options options) {
    requireTwoFactor(req, req.ctx().header("x-2fa-code"), req.ctx().header("x-2fa-method"), options);
  }

  /** As above with the code given in the body (Rocket.Chat's {@code currentPassword}). */
  void requireTwoFactor(Request req, String code, String method,
      chat.parley.auth.TwoFactorService.Options options) {
    chat.parley.auth.TwoFactorService twoFactor = auth.twoFactor();
    if (twoFactor == null) {
      return;
    }
    Session session = req.session();
    twoFactor.check(session.userId(), code, method, options, new chat.parley.auth.TwoFactorService.Caller(
        session.hashedToken(), req.ctx().header("User-Agent"), req.ctx().ip()));
  }

  /** A POST anyone may call; the session is filled in when the caller sent a valid one. */
  void publicPost(String name, Handler handler) {
    routes.post(V1 + name, ctx -> run(ctx, "POST " + name, handler, false));
  }

  /** A GET at an absolute path that anyone may call. */
  void publicGetAt(String path, Handler handler) {
    routes.get(path, ctx -> run(ctx, "GET " + path, handler, false));
  }

  private void run(Context ctx, String route, Handler handler, boolean authRequired) {
    Optional<Session> session = auth.authenticate(ctx.header("X-User-Id"), ctx.header("X-Auth-Token"));
    if (authRequired && session.isEmpty()) {
      RestServer.write(ctx, RestErrors.notLoggedIn());
      return;
    }
    if (limited(ctx, route, session)) {
      return;
    }
    Map<String, Object> result = handler.handle(new Request(ctx, session.orElse(null)));
    RestServer.writeSuccess(ctx, result);
  }

  /**
   * Counts the call against Rocket.Chat's rate limiter and sets the X-RateLimit headers; answers
   * 429 and returns true when the client is over the limit. Holders of {@code
   * api-bypass-rate-limit} are not counted.
   */
  private boolean limited(Context ctx, String route, Optional<Session> session) {
    if (limiter == null || !limiter.enabled()
        || session.map(s -> s.can("api-bypass-rate-limit")).orElse(false)) {
      return false;
    }
    RateLimiter.Decision d = limiter.check(ctx.ip(), session.map(Session::userId).orElse(null), route);
    ctx.header("X-RateLimit-Limit", Integer.toString(d.limit()));
    ctx.header("X-RateLimit-Remaining", Integer.toString(d.remaining()));
    ctx.header("X-RateLimit-Reset", Long.toString(d.resetAtMillis()));
    if (d.allowed()) {
      return false;
    }
    RestServer.write(ctx, RestErrors.plain(429, "Error, too many requests. Please slow down. You must wait "
        + d.secondsToReset() + " seconds before trying this endpoint again. [error-too-many-requests]"));
    return true;
  }
}
