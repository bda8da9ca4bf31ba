package chat.parley.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Browser;
import chat.parley.testing.Cast;
import chat.parley.testing.RestClient;
import chat.parley.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web client (issue #8) in Debian's Chromium against a real Parley: one server and one
 * browser for the class, a fresh browser context (own localStorage) per person. Screenshots of
 * each screen go to target/screenshots/ for review.
 */
class WebClientTest {
  private static TestServer server;
  private static Browser browser;
  private static Cast cast;
  private static final AtomicInteger ROOMS = new AtomicInteger();

  @BeforeAll
  static void start() {
    server = TestServer.start(Backend.SQLITE);
    browser = new Browser();
    cast = Cast.register(server);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static Page open() {
    Page page = browser.newPage(new com.microsoft.playwright.Browser.NewContextOptions()
        .setLocale("en-US").setTimezoneId("Europe/Berlin").setViewportSize(1200, 800));
    page.setDefaultTimeout(10_000);
    page.onPageError(e -> System.err.println("[browser error] " + e));
    page.onConsoleMessage(m -> {
      if (m.type().equals("error") && !m.text().contains("404")) {
        System.err.println("[browser console] " + m.text() + " " + m.location());
      }
    });
    return page;
  }

  private static Page loggedIn(String user) {
    Page page = open();
    page.navigate(server.baseUrl() + "/");
    page.getByLabel("Username or e-mail").fill(user);
    page.getByLabel("Password").fill(Cast.PASSWORD);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
    page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Rooms")).waitFor();
    return page;
  }

  /** Opens a room by its path and waits until its live stream is subscribed. */
  private static void openRoom(Page page, String path) {
    page.navigate(server.baseUrl() + path);
    page.locator("[role=log][data-live=true]").first().waitFor();
  }

  private static String newChannel(RestClient owner, String... members) {
    String name = "room-" + ROOMS.incrementAndGet();
    JsonNode r = owner.postJson("/api/v1/channels.create", Map.of("name", name, "members", List.of(members))).json();
    assertThat(r.path("success").asBoolean()).as(r.toString()).isTrue();
    return name;
  }

  private static String roomId(String name) {
    return cast.alice().get("/api/v1/channels.info?roomName=" + name).json().at("/channel/_id").asText();
  }

  private static JsonNode post(RestClient who, String rid, String text) {
    JsonNode r = who.postJson("/api/v1/chat.sendMessage", Map.of("message", Map.of("rid", rid, "msg", text))).json();
    assertThat(r.path("success").asBoolean()).as(r.toString()).isTrue();
    return r.get("message");
  }

  private static void shot(Page page, String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/" + name + ".png")));
  }

  private static Locator message(Page page, String text) {
    return page.locator("#main [role=log] article").filter(new Locator.FilterOptions().setHasText(text));
  }

  private static HttpResponse<String> fetch(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  // --- serving -----------------------------------------------------------------------------------

  @Test
  void the_app_is_served_from_the_jar_with_strict_headers_and_cache_validation() throws Exception {
    for (String path : List.of("/", "/home", "/channel/general", "/group/x", "/direct/abc", "/admin/users")) {
      HttpResponse<String> shell = fetch(path);
      assertThat(shell.statusCode()).as(path).isEqualTo(200);
      assertThat(shell.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
      assertThat(shell.headers().firstValue("Content-Security-Policy")).get().asString()
          .contains("script-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
      assertThat(shell.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(shell.body()).contains("<script type=\"module\" src=\"/app/main.js?v=");
    }
    HttpResponse<String> js = fetch("/app/main.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type")).get().asString().startsWith("text/javascript");
    assertThat(js.headers().firstValue("Cache-Control")).contains("no-cache");
    String etag = js.headers().firstValue("ETag").orElseThrow();
    assertThat(fetch("/app/main.js", "If-None-Match", etag).statusCode()).isEqualTo(304);
    assertThat(fetch("/app/app.css").headers().firstValue("Content-Type")).get().asString().startsWith("text/css");
    String version = etag.replace("\"", "");
    assertThat(fetch("/app/main.js?v=" + version).headers().firstValue("Cache-Control"))
        .contains("public, max-age=31536000, immutable");
    assertThat(fetch("/app/views/room.js").statusCode()).isEqualTo(200);
    assertThat(fetch("/app/nope.js").statusCode()).isEqualTo(404);
    assertThat(fetch("/app/..%2Fweb%2Findex.html").statusCode()).isEqualTo(404);
    assertThat(fetch("/app/../invite.html").statusCode()).isEqualTo(404);
  }

  // --- 1. login ----------------------------------------------------------------------------------

  @Test
  void login_survives_a_reload_logout_ends_it_and_a_revoked_token_sends_you_back_to_login() {
    Page page = open();
    page.navigate(server.baseUrl() + "/");
    page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Log in to Parley")).waitFor();
    assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("No account yet? Register"))).isVisible();
    page.getByLabel("Username or e-mail").fill("alice@example.com");
    page.getByLabel("Password").fill("wrong password");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
    assertThat(page.getByRole(AriaRole.ALERT)).hasText("Wrong username, e-mail or password.");
    page.getByLabel("Password").fill(Cast.PASSWORD);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
    assertThat(page.getByText("Welcome, Alice")).isVisible();
    assertThat(page).hasURL(server.baseUrl() + "/home");
    shot(page, "01-home");

    page.reload();
    assertThat(page.getByText("Welcome, Alice")).isVisible();

    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log out")).click();
    page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Log in to Parley")).waitFor();
    page.reload();
    page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Log in to Parley")).waitFor();

    // Log in again, then revoke that token from elsewhere: the page goes back to the login form.
    page.getByLabel("Username or e-mail").fill("alice");
    page.getByLabel("Password").fill(Cast.PASSWORD);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
    assertThat(page.getByText("Welcome, Alice")).isVisible();
    String token = (String) page.evaluate("localStorage.getItem('Meteor.loginToken')");
    String userId = (String) page.evaluate("localStorage.getItem('Meteor.userId')");
    assertThat(cast.anonymous().as(userId, token).postJson("/api/v1/logout", Map.of()).status()).isEqualTo(200);
    page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Log in to Parley")).waitFor();
    assertThat(page.evaluate("localStorage.getItem('Meteor.loginToken')")).isNull();
    page.context().close();
  }

  @Test
  void a_newcomer_registers_from_the_login_page() {
    Page page = open();
    page.navigate(server.baseUrl() + "/");
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("No account yet? Register")).click();
    page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Dave Newman");
    page.getByLabel("Username", new Page.GetByLabelOptions().setExact(true)).fill("dave");
    page.getByLabel("E-mail").fill("dave@example.com");
    page.getByLabel("Password").fill("dave-secret-1");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register")).click();
    assertThat(page.getByText("Welcome, Dave Newman")).isVisible();
    cast.anonymous().login("dave", "dave-secret-1");
    page.context().close();
  }
}
