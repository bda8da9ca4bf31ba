package chat.parley.rest;

import chat.parley.Services;
import chat.parley.auth.AuthService;
import chat.parley.common.ParleyException;
import chat.parley.invites.InviteService;
import chat.parley.moderation.ModerationService;
import chat.parley.messages.MessageActions;
import chat.parley.messages.MessageReads;
import chat.parley.messages.MessageService;
import chat.parley.rooms.RoomMembership;
import chat.parley.rooms.RoomQueries;
import chat.parley.rooms.RoomService;
import chat.parley.rooms.RoomSettings;
import chat.parley.rooms.SubscriptionService;
import chat.parley.settings.Settings;
import chat.parley.users.UserService;
import chat.parley.wire.RcJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP edge: Javalin on virtual threads, Rocket.Chat's REST routes, one error writer. */
public final class RestServer {
  private static final Logger log = LoggerFactory.getLogger(RestServer.class);
  /** Requests larger than this are refused with 413 before any handler runs. */
  static final long MAX_REQUEST_BYTES = 2 * 1024 * 1024;

  /** Pending TCP connections the kernel may queue before Jetty accepts them (listen backlog). */
  public static final int DEFAULT_ACCEPT_QUEUE_SIZE = 1024;

  private RestServer() {}

  /** {@code PARLEY_ACCEPT_QUEUE_SIZE}, else {@link #DEFAULT_ACCEPT_QUEUE_SIZE}. */
  static int acceptQueueSize(Map<String, String> env) {
    try {
      int size = Integer.parseInt(env.getOrDefault("PARLEY_ACCEPT_QUEUE_SIZE", "").trim());
      return size > 0 ? size : DEFAULT_ACCEPT_QUEUE_SIZE;
    } catch (NumberFormatException e) {
      return DEFAULT_ACCEPT_QUEUE_SIZE;
    }
  }

  public static Javalin create(Services services, chat.parley.realtime.DdpServer ddp) {
    return Javalin.create(config -> {
      config.concurrency.useVirtualThreads = true;
      config.http.maxRequestSize = MAX_REQUEST_BYTES;
      config.startup.showJavalinBanner = false;
      config.router.ignoreTrailingSlashes = true;
      // Jetty's default backlog (50 on most JVMs) drops connections when thousands of clients
      // reconnect at once; the kernel still caps it at net.core.somaxconn.
      int backlog = acceptQueueSize(System.getenv());
      config.jetty.addConnector((server, httpConfig) -> {
        var connector = new org.eclipse.jetty.server.ServerConnector(server,
            new org.eclipse.jetty.server.HttpConnectionFactory(httpConfig));
        connector.setHost(config.jetty.host);
        connector.setPort(config.jetty.port);
        connector.setAcceptQueueSize(backlog);
        return connector;
      });

      Api api = new Api(config.routes, services.auth(),
          new RateLimiter(services.settings(), java.time.Clock.systemUTC()));
      new AuthRoutes(services.auth(), services.siteUrl(), services.accounts())
          .withAvatars(services.avatars()).register(api);
      new TwoFactorRoutes(services.auth().twoFactor()).register(api);
      new InfoRoutes(services.parleyVersion()).register(api);
      new UserRoutes(services.users(), services.presence(), services.accounts(), services.settings())
          .withAvatars(services.avatars()).register(api);
      new RoomRoutes(services).register(api);
      new ChatRoutes(services.messages(), services.messageActions(), services.messageReads(),
          services.settings()).register(api);
      new SubscriptionRoutes(services.subscriptions(), services.messages()).register(api);
      new DirectoryRoutes(services.roomQueries(), services.users(), services.settings()).register(api);
      new InviteRoutes(services.invites(), services.siteUrl()).register(api);
      new CommandRoutes(services.commands(), services.settings()).register(api);
      new SettingsRoutes(services.settings()).register(api);
      new AccountRoutes(services.accounts(), services.users(), services.auth(), services.settings())
          .register(api);
      new MailRoutes(services.accountLinks(), services.statistics(), services.mail(),
          services.settings()).register(api);
      new AdminRoutes(services.permissions(), services.customStatuses(), services.users(),
          services.settings()).register(api);
      new IntegrationRoutes(services.integrations(), services.siteUrl(), services.settings())
          .register(api, config.routes);
      new ModerationRoutes(services.moderation(), services.roomQueries(), services.users(),
          services.settings()).register(api);
      new ImRoutes(services).register(api);
      for (RoomFamilyRoutes.Family family : RoomFamilyRoutes.Family.values()) {
        new RoomFamilyRoutes(family, services).register(api);
      }

      new FileRoutes(services).register(api, config.routes);
      new EmojiRoutes(services).register(api, config.routes);
      new AssetRoutes(services).register(api, config.routes);
      new SoundRoutes(services).register(api, config.routes);

      ddp.register(config.routes);
      // DDP methods over REST, as Rocket.Chat's current web client calls them.
      api.post("method.call/{method}", req -> Map.of("message",
          ddp.callOverRest(req.session(), req.ctx().pathParam("method"), req.requiredString(req.body(), "message"))));
      api.publicPost("method.callAnon/{method}", req -> Map.of("message",
          ddp.callOverRest(req.optionalSession(), req.ctx().pathParam("method"),
              req.requiredString(req.body(), "message"))));
      byte[] invitePage = resource("/web/invite.html");
      // The invite link's landing page; it works through the public REST API like any client.
      config.routes.get("/invite/{token}", ctx -> {
        ctx.contentType("text/html; charset=utf-8");
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline';"
            + " script-src 'unsafe-inline'; connect-src 'self'");
        ctx.result(invitePage);
      });
      new WebClient(services.files().directOrigin().orElse(null)).register(config.routes);

      config.routes.exception(ParleyException.class, (e, ctx) -> write(ctx, RestErrors.of(e)));
      config.routes.exception(NotFound.class, (e, ctx) ->
          write(ctx, RestErrors.plain(404, e.getMessage())));
      config.routes.exception(EmojiRoutes.Bare.class, (e, ctx) ->
          write(ctx, new RestErrors.Reply(400, Map.of("success", false))));
      config.routes.exception(HttpResponseException.class, (e, ctx) ->
          write(ctx, RestErrors.plain(e.getStatus(), e.getMessage())));
      config.routes.exception(Exception.class, (e, ctx) -> {
        log.error("Unhandled error on {} {}", ctx.method(), ctx.path(), e);
        write(ctx, RestErrors.plain(500, "Internal server error"));
      });
      config.routes.error(404, ctx -> {
        // A 404 already answered in JSON (Rocket.Chat's API.v1.notFound(message)) is kept; only
        // paths nothing answered get the generic body. (ctx.contentType() would be the request's.)
        String answered = ctx.res().getContentType();
        if (ctx.result() == null || ctx.result().isEmpty() || answered == null
            || !answered.startsWith("application/json")) {
          write(ctx, RestErrors.plain(404, "Resource not found"));
        }
      });
      config.routes.error(405, ctx -> write(ctx, RestErrors.plain(405, "Method not allowed")));
      config.routes.error(413, ctx ->
          write(ctx, RestErrors.plain(413, "Request body too large (limit " + MAX_REQUEST_BYTES + " bytes)")));
    });
  }

  private static byte[] resource(String path) {
    try (var in = RestServer.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static void writeSuccess(Context ctx, Map<String, Object> result) {
    Map<String, Object> body = new LinkedHashMap<>(result);
    body.put("success", true);
    write(ctx, 200, body);
  }

  static void writeRaw(Context ctx, Object body) {
    write(ctx, 200, body);
  }

  static void write(Context ctx, RestErrors.Reply reply) {
    write(ctx, reply.status(), reply.body());
  }

  /** Javalin's default: smaller bodies are not worth compressing. */
  static final int MIN_GZIP_BYTES = 1500;

  private static void write(Context ctx, int status, Object body) {
    byte[] json;
    try {
      json = RcJson.rest().writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A response could not be encoded", e);
    }
    if (status != 200) {
      ctx.status(status);
      ctx.header("Cache-Control", "no-store");
      ctx.header("Pragma", "no-cache");
      ctx.contentType("application/json");
      // Errors go through Javalin's result, which its error mappers (404, 405, 413) inspect.
      ctx.result(json);
      return;
    }
    // Successful answers are written straight to the servlet response with their length:
    // Javalin's result path wraps every response in its compression stream and copies it through
    // an 8 KiB buffer, ≈15% of the server's CPU per message in the write benchmark (bench/README).
    // Large answers are still gzipped when the client accepts it, as Javalin would. The status
    // is left alone: a response starts at 200 and only error answers change it, and Jetty's
    // status setter walks its whole wrapper chain (≈2% of the benchmark's CPU).
    jakarta.servlet.http.HttpServletResponse res = ctx.res();
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Pragma", "no-cache");
    res.setContentType("application/json");
    byte[] out = json;
    if (json.length >= MIN_GZIP_BYTES) {
      res.setHeader("Vary", "Accept-Encoding");
      if (acceptsGzip(ctx.req().getHeader("Accept-Encoding"))) {
        out = gzip(json);
        res.setHeader("Content-Encoding", "gzip");
      }
    }
    try {
      res.setContentLength(out.length);
      res.getOutputStream().write(out);
    } catch (java.io.IOException e) {
      // The client went away; nothing is left to tell it.
      log.debug("Writing a response to {} failed: {}", ctx.path(), e.toString());
    }
  }

  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String part : acceptEncoding.split(",")) {
      String[] coding = part.trim().split(";");
      if (coding[0].trim().equalsIgnoreCase("gzip")) {
        for (int i = 1; i < coding.length; i++) {
          String param = coding[i].trim().replace(" ", "");
          if (param.equals("q=0") || param.matches("q=0\\.0*")) {
            return false;
          }
        }
        return true;
      }
    }
    return false;
  }

  private static byte[] gzip(byte[] bytes) {
    var buffer = new java.io.ByteArrayOutputStream(bytes.length / 4 + 64);
    try (var gz = new java.util.zip.GZIPOutputStream(buffer, 8192)) {
      gz.write(bytes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }
}
