package chat.parley.rest;

import chat.parley.auth.AuthService;
import chat.parley.auth.Session;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import java.util.HashMap;
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
  /** Endpoints named by one path segment under /api/v1/, per method (see {@link #route}). */
  private final Map<HandlerType, Map<String, io.javalin.http.Handler>> byName =
      new HashMap<>();

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
    route(HandlerType.GET, V1 + name, ctx -> run(ctx, "GET " + name, handler, true));
  }

  /** An authenticated POST under {@code /api/v1/}. */
  void post(String name, Handler handler) {
    route(HandlerType.POST, V1 + name, ctx -> run(ctx, "POST " + name, handler, true));
  }

  /** An authenticated PUT under {@code /api/v1/} (Rocket.Chat's {@code integrations.update}). */
  void put(String name, Handler handler) {
    route(HandlerType.PUT, V1 + name, ctx -> run(ctx, "PUT " + name, handler, true));
  }

  /** A DELETE under {@code /api/v1/}. */
  void delete(String name, RawHandler handler) {
    route(HandlerType.DELETE, V1 + name, ctx -> runRaw(ctx, "DELETE " + name, handler));
  }

  /** An authenticated GET whose answer is written as it is (Rocket.Chat's bare arrays). */
  void getRaw(String name, RawHandler handler) {
    route(HandlerType.GET, V1 + name, ctx -> runRaw(ctx, "GET " + name, handler));
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
    route(HandlerType.POST, V1 + name, ctx -> run(ctx, "POST " + name, handler, false));
  }

  /** A GET at an absolute path that anyone may call. */
  void publicGetAt(String path, Handler handler) {
    route(HandlerType.GET, path, ctx -> run(ctx, "GET " + path, handler, false));
  }

  /** A GET under {@code /api/v1/} whose handler writes its own answer (no login, no JSON). */
  void getDirect(String name, io.javalin.http.Handler handler) {
    route(HandlerType.GET, V1 + name, handler);
  }

  /**
   * Javalin tries its routes one after another, matching a regular expression for each: with
   * Parley's few hundred endpoints that was ≈2% of the server's CPU per message in the write
   * benchmark. Endpoints named by one path segment under /api/v1/ (nearly all of them) are found
   * in a map instead, behind one Javalin route per method; routes with path parameters, or
   * elsewhere, stay Javalin's.
   */
  private void route(HandlerType method, String path, io.javalin.http.Handler handler) {
    String name = path.startsWith(V1) ? path.substring(V1.length()) : null;
    if (name == null || name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('{') >= 0
        || name.indexOf('<') >= 0) {
      routes.addEndpoint(new Endpoint(method, path, handler));
      return;
    }
    Map<String, io.javalin.http.Handler> named = byName.computeIfAbsent(method, m -> {
      Map<String, io.javalin.http.Handler> handlers = new HashMap<>();
      routes.addEndpoint(new Endpoint(m, V1 + "{endpoint}", ctx -> dispatch(handlers, ctx)));
      return handlers;
    });
    if (named.putIfAbsent(name, handler) != null) {
      throw new IllegalStateException(method + " " + path + " is registered twice");
    }
  }

  /** Filled while the server is configured, only read once it runs. */
  private static void dispatch(Map<String, io.javalin.http.Handler> handlers, Context ctx)
      throws Exception {
    io.javalin.http.Handler handler = handlers.get(ctx.pathParam("endpoint"));
    if (handler == null) {
      // What Javalin answers for a path no route matches.
      RestServer.write(ctx, RestErrors.plain(404, "Resource not found"));
      return;
    }
    handler.handle(ctx);
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
