package chat.parley.rest;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves the browser client (issue #8) from the jar: the app shell at {@code /} and at every
 * client-side route (so a reload works), and its ES modules and CSS under {@code /app/}. Assets
 * carry a content-hash ETag; a request naming the current hash ({@code ?v=}) may be cached
 * forever. The client talks to Parley only through the public REST and DDP APIs.
 */
final class WebClient {
  /** No inline script, no eval, no plugins, no framing; sockets and fetch to this origin only. */
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
      + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  private static final Pattern ASSET = Pattern.compile("[a-z0-9_-]+(/[a-z0-9_-]+)*\\.(js|css|svg|json)");
  private static final Map<String, String> TYPES = Map.of(
      "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml", "json", "application/json; charset=utf-8");
  private static final Pattern VERSIONED = Pattern.compile("\\{\\{v:([a-z0-9_/.-]+)}}");
  /** The paths the client routes itself; a reload on any of them gets the app shell. */
  private static final String[] SHELL_PATHS = {"/", "/home", "/login", "/register", "/directory",
      "/channel/{name}", "/group/{name}", "/direct/{id}", "/admin", "/admin/{section}"};

  private record Asset(byte[] body, String type, String etag) {}

  private final Map<String, Optional<Asset>> assets = new ConcurrentHashMap<>();
  private final Asset shell;
  private final String csp;

  /**
   * {@code fileOrigin}: where file and avatar downloads are redirected to (an S3 bucket), allowed
   * as an image and media source.
   */
  WebClient(String fileOrigin) {
    this.csp = fileOrigin == null ? CSP : CSP.replace("img-src 'self' data:;",
        "img-src 'self' data: " + fileOrigin + "; media-src 'self' " + fileOrigin + ";");
    String html = new String(read("/web/index.html").orElseThrow(() ->
        new IllegalStateException("/web/index.html is missing from the jar")), StandardCharsets.UTF_8);
    Matcher m = VERSIONED.matcher(html);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Asset a = asset(m.group(1)).orElseThrow(() ->
          new IllegalStateException("index.html names a missing asset " + m.group(1)));
      m.appendReplacement(out, Matcher.quoteReplacement("/app/" + m.group(1) + "?v=" + a.etag()));
    }
    m.appendTail(out);
    byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
    shell = new Asset(body, "text/html; charset=utf-8", hash(body));
  }

  void register(RoutesConfig routes) {
    for (String path : SHELL_PATHS) {
      routes.get(path, ctx -> send(ctx, shell, false));
    }
    routes.get("/app/<path>", ctx -> {
      Optional<Asset> asset = asset(ctx.pathParam("path"));
      if (asset.isEmpty()) {
        RestServer.write(ctx, RestErrors.plain(404, "Resource not found"));
        return;
      }
      String v = ctx.queryParam("v");
      send(ctx, asset.get(), v != null && v.equals(asset.get().etag()));
    });
  }

  private void send(Context ctx, Asset asset, boolean immutable) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Content-Security-Policy", csp);
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
    String tag = "\"" + asset.etag() + "\"";
    ctx.header("ETag", tag);
    String ifNoneMatch = ctx.header("If-None-Match");
    if (ifNoneMatch != null && ifNoneMatch.contains(tag)) {
      ctx.status(304);
      return;
    }
    ctx.contentType(asset.type());
    ctx.result(asset.body());
  }

  private Optional<Asset> asset(String path) {
    if (!ASSET.matcher(path).matches()) {
      return Optional.empty();
    }
    return assets.computeIfAbsent(path, p -> read("/web/app/" + p).map(body -> new Asset(body,
        TYPES.get(p.substring(p.lastIndexOf('.') + 1)), hash(body))));
  }

  private static Optional<byte[]> read(String path) {
    try (InputStream in = WebClient.class.getResourceAsStream(path)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String hash(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
