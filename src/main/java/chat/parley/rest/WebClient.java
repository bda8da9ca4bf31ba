package chat.parley.rest;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves the browser client (issue #8) from the jar: the app shell at {@code /} and at every
 * client-side route (so a reload works), and its ES modules and CSS under {@code /app/}.
 *
 * <p>Versioned module URLs: at start the module graph is read from {@code main.js} (plus {@code
 * early.js}) on, and every relative import specifier ({@code from './x.js'}, {@code import './x.js'},
 * {@code import('./x.js')}) is rewritten to {@code './x.js?v=<hash>'}, where the hash is the one
 * of x.js as served, itself already rewritten. A module's hash therefore covers its transitive
 * imports: change one module and its URL changes, and so do its importers' up to main.js. Those
 * URLs are answered with {@code Cache-Control: public, max-age=31536000, immutable}; a URL without
 * (or with a stale) {@code ?v=} gets the same content with an ETag and {@code no-cache}. The shell
 * lists the whole graph as {@code <link rel="modulepreload">}, so the browser fetches every module
 * at once instead of discovering the imports level by level. The graph must be acyclic (checked at
 * start): a cycle could not be given content hashes.
 */
final class WebClient {
  /** No inline script, no eval, no plugins, no framing; sockets and fetch to this origin only. */
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
      + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  private static final Pattern ASSET = Pattern.compile("[a-z0-9_-]+(/[a-z0-9_-]+)*\\.(js|css|svg|json)");
  private static final Map<String, String> TYPES = Map.of(
      "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml", "json", "application/json; charset=utf-8");
  private static final Pattern VERSIONED = Pattern.compile("\\{\\{v:([a-z0-9_/.-]+)}}");
  private static final String PRELOAD = "{{modulepreload}}";
  /** A relative module specifier after {@code from}, {@code import} or {@code import(}. */
  private static final Pattern IMPORT = Pattern.compile(
      "(\\bfrom\\s*|\\bimport\\s*|\\bimport\\s*\\(\\s*)(['\"])(\\.{1,2}/[^'\"?#]+\\.js)\\2");
  /** The modules the graph starts from. */
  private static final List<String> ROOTS = List.of("early.js", "main.js");
  /** The paths the client routes itself; a reload on any of them gets the app shell. */
  private static final String[] SHELL_PATHS = {"/", "/home", "/login", "/register", "/directory",
      "/channel/{name}", "/group/{name}", "/direct/{id}", "/admin", "/admin/{section}",
      "/reset-password/{token}", "/verify-email/{token}"};

  record Asset(byte[] body, String type, String etag) {}

  private final Function<String, Optional<byte[]>> resources;
  private final Map<String, Optional<Asset>> assets = new ConcurrentHashMap<>();
  /** Module path -> its served (rewritten) asset, in dependency order (leaves first). */
  private final Map<String, Asset> modules = new LinkedHashMap<>();
  private final Asset shell;
  private final String csp;

  /**
   * {@code fileOrigin}: where file and avatar downloads are redirected to (an S3 bucket), allowed
   * as an image and media source; null when files are served by Parley itself.
   */
  WebClient(String fileOrigin) {
    this(WebClient::read, fileOrigin);
  }

  /** {@code resources} maps a path under {@code /web/} to its bytes (the jar's, or a test's). */
  WebClient(Function<String, Optional<byte[]>> resources) {
    this(resources, null);
  }

  private WebClient(Function<String, Optional<byte[]>> resources, String fileOrigin) {
    this.csp = fileOrigin == null ? CSP : CSP.replace("img-src 'self' data:;",
        "img-src 'self' data: " + fileOrigin + "; media-src 'self' " + fileOrigin + ";");
    this.resources = resources;
    for (String root : ROOTS) {
      version(root, new LinkedHashSet<>());
    }
    modules.forEach((path, asset) -> assets.put(path, Optional.of(asset)));
    String html = new String(resources.apply("index.html").orElseThrow(() ->
        new IllegalStateException("/web/index.html is missing from the jar")), StandardCharsets.UTF_8);
    StringBuilder preload = new StringBuilder();
    for (Map.Entry<String, Asset> m : modules.entrySet()) {
      preload.append("<link rel=\"modulepreload\" href=\"").append(url(m.getKey(), m.getValue()))
          .append("\">\n");
    }
    html = html.replace(PRELOAD + "\n", preload).replace(PRELOAD, preload);
    Matcher m = VERSIONED.matcher(html);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Asset a = asset(m.group(1)).orElseThrow(() ->
          new IllegalStateException("index.html names a missing asset " + m.group(1)));
      m.appendReplacement(out, Matcher.quoteReplacement(url(m.group(1), a)));
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

  /** The module graph's versioned URLs, leaves first (what the shell preloads). */
  List<String> moduleUrls() {
    List<String> urls = new ArrayList<>();
    modules.forEach((path, asset) -> urls.add(url(path, asset)));
    return urls;
  }

  byte[] shellBody() {
    return shell.body().clone();
  }

  private static String url(String path, Asset asset) {
    return "/app/" + path + "?v=" + asset.etag();
  }

  /** Rewrites {@code path}'s imports to versioned specifiers, its dependencies first. */
  private Asset version(String path, LinkedHashSet<String> visiting) {
    Asset done = modules.get(path);
    if (done != null) {
      return done;
    }
    if (!visiting.add(path)) {
      throw new IllegalStateException("The web client's modules import each other in a cycle: "
          + String.join(" -> ", visiting) + " -> " + path);
    }
    if (!ASSET.matcher(path).matches() || !path.endsWith(".js")) {
      throw new IllegalStateException("Not a web client module path: " + path);
    }
    String source = new String(resources.apply("app/" + path).orElseThrow(() ->
        new IllegalStateException("The web client imports a missing module " + path)),
        StandardCharsets.UTF_8);
    String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/') + 1) : "";
    Matcher m = IMPORT.matcher(source);
    StringBuilder out = new StringBuilder();
    Map<String, Asset> seen = new HashMap<>();
    while (m.find()) {
      String spec = m.group(3);
      String target = resolve(dir, spec, path);
      Asset dep = seen.computeIfAbsent(target, t -> version(t, visiting));
      m.appendReplacement(out, Matcher.quoteReplacement(
          m.group(1) + m.group(2) + spec + "?v=" + dep.etag() + m.group(2)));
    }
    m.appendTail(out);
    visiting.remove(path);
    byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
    Asset asset = new Asset(body, TYPES.get("js"), hash(body));
    modules.put(path, asset);
    return asset;
  }

  /** {@code spec} ("./x.js", "../y/z.js") relative to the directory {@code dir} under /app/. */
  private static String resolve(String dir, String spec, String from) {
    List<String> parts = new ArrayList<>(List.of(dir.isEmpty() ? new String[0] : dir.split("/")));
    for (String p : spec.split("/")) {
      if (p.equals("..")) {
        if (parts.isEmpty()) {
          throw new IllegalStateException(from + " imports outside /app/: " + spec);
        }
        parts.removeLast();
      } else if (!p.equals(".")) {
        parts.add(p);
      }
    }
    return String.join("/", parts);
  }

  private void send(Context ctx, Asset asset, boolean immutable) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Content-Security-Policy", csp);
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("Cache-Control", immutable ? IMMUTABLE : "no-cache");
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
    return assets.computeIfAbsent(path, p -> resources.apply("app/" + p).map(body -> new Asset(body,
        TYPES.get(p.substring(p.lastIndexOf('.') + 1)), hash(body))));
  }

  private static Optional<byte[]> read(String path) {
    try (InputStream in = WebClient.class.getResourceAsStream("/web/" + path)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first 10 bytes of the body's SHA-256, in hex: its ETag and its {@code ?v=}. */
  static String hash(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
