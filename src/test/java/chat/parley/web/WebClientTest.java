package chat.parley.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.RestClient;
import chat.parley.testing.WebFixture;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web client (issue #8) in Debian's Chromium against a real Parley: one server and one
 * browser for the class, a fresh browser context (own localStorage) per person. Screenshots of
 * each screen go to target/screenshots/ for review.
 */
class WebClientTest {
  @RegisterExtension
  static final WebFixture web = WebFixture.perClass(Backend.SQLITE);
  private static final AtomicInteger ROOMS = new AtomicInteger();

  // --- helpers -----------------------------------------------------------------------------------

  private static Page open() {
    return web.open();
  }

  private static Page loggedIn(String user) {
    return loggedIn(user, Cast.PASSWORD);
  }

  private static Page loggedIn(String user, String password) {
    return web.loggedIn(user, password);
  }

  /** Opens a room by its path and waits until its live stream is subscribed. */
  private static void openRoom(Page page, String path) {
    page.navigate(web.server().baseUrl() + path);
    page.locator("[role=log][data-live=true]").first().waitFor();
  }

  private static String newChannel(RestClient owner, String... members) {
    String name = "room-" + ROOMS.incrementAndGet();
    JsonNode r = owner.postJson("/api/v1/channels.create", Map.of("name", name, "members", List.of(members))).json();
    assertThat(r.path("success").asBoolean()).as(r.toString()).isTrue();
    return name;
  }

  private static String roomId(String name) {
    return web.cast().alice().get("/api/v1/channels.info?roomName=" + name).json().at("/channel/_id").asText();
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
    return page.locator("#main .messages article").filter(new Locator.FilterOptions().setHasText(text));
  }

  private static Locator exactMessage(Page page, String text) {
    return page.locator("#main .messages article").filter(new Locator.FilterOptions()
        .setHas(page.getByText(text, new Page.GetByTextOptions().setExact(true))));
  }

  private static HttpResponse<String> fetch(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(web.server().baseUrl() + path));
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

  @Test
  void every_module_is_preloaded_under_its_content_hash_and_served_immutable() throws Exception {
    String shell = fetch("/channel/general").body();
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("<link rel=\"modulepreload\" href=\"(/app/([a-z0-9_/-]+\\.js)\\?v=([0-9a-f]{20}))\">").matcher(shell);
    Map<String, String> preloaded = new java.util.HashMap<>();
    while (m.find()) {
      preloaded.put(m.group(2), m.group(1));
      HttpResponse<byte[]> module = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(web.server().baseUrl() + m.group(1))).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(module.statusCode()).isEqualTo(200);
      assertThat(module.headers().firstValue("Cache-Control")).as(m.group(1)).contains("public, max-age=31536000, immutable");
      // The version is the hash of exactly these bytes: a changed module gets a different URL.
      byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest(module.body());
      assertThat(m.group(3)).isEqualTo(java.util.HexFormat.of().formatHex(sha, 0, 10));
      // Every relative import in it names a versioned URL (so importers change with their imports).
      String text = new String(module.body(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(java.util.regex.Pattern.compile("(from|import)\\s*\\(?\\s*['\"]\\.{1,2}/[^'\"]+\\.js['\"]").matcher(text).find())
          .as("unversioned import in " + m.group(2)).isFalse();
      // The unversioned URL: same bytes, revalidated.
      HttpResponse<String> plain = fetch("/app/" + m.group(2));
      assertThat(plain.headers().firstValue("Cache-Control")).contains("no-cache");
      assertThat(plain.headers().firstValue("ETag")).contains("\"" + m.group(3) + "\"");
    }
    // The whole client is in the graph (no module fetched late, unversioned).
    try (var files = java.nio.file.Files.walk(Path.of("src/main/resources/web/app"))) {
      List<String> all = files.filter(p -> p.toString().endsWith(".js"))
          .map(p -> Path.of("src/main/resources/web/app").relativize(p).toString().replace('\\', '/')).toList();
      assertThat(preloaded.keySet()).containsExactlyInAnyOrderElementsOf(all);
    }
    assertThat(shell).contains("<script type=\"module\" src=\"" + preloaded.get("main.js") + "\">")
        .contains("<script type=\"module\" async src=\"" + preloaded.get("early.js") + "\">")
        .doesNotContain("<script>");
  }

  // --- 1. login ----------------------------------------------------------------------------------

  @Test
  void login_survives_a_reload_logout_ends_it_and_a_revoked_token_sends_you_back_to_login() {
    Page page = open();
    page.navigate(web.server().baseUrl() + "/");
    page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Log in to Parley")).waitFor();
    assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("No account yet? Register"))).isVisible();
    page.getByLabel("Username or e-mail").fill("alice@example.com");
    page.getByLabel("Password").fill("wrong password");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
    assertThat(page.getByRole(AriaRole.ALERT)).hasText("Wrong username, e-mail or password.");
    page.getByLabel("Password").fill(Cast.PASSWORD);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
    assertThat(page.getByText("Welcome, Alice")).isVisible();
    assertThat(page).hasURL(web.server().baseUrl() + "/home");
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
    assertThat(web.cast().anonymous().as(userId, token).postJson("/api/v1/logout", Map.of()).status()).isEqualTo(200);
    page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Log in to Parley")).waitFor();
    assertThat(page.evaluate("localStorage.getItem('Meteor.loginToken')")).isNull();
    page.context().close();
  }

  @Test
  void a_newcomer_registers_from_the_login_page() {
    Page page = open();
    page.navigate(web.server().baseUrl() + "/");
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("No account yet? Register")).click();
    page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Dave Newman");
    page.getByLabel("Username", new Page.GetByLabelOptions().setExact(true)).fill("dave");
    page.getByLabel("E-mail").fill("dave@example.com");
    page.getByLabel("Password").fill("dave-secret-1");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register")).click();
    assertThat(page.getByText("Welcome, Dave Newman")).isVisible();
    web.cast().anonymous().login("dave", "dave-secret-1");
    page.context().close();
  }

  // --- 2-4. rooms, live messages, composer, markdown ----------------------------------------------

  @Test
  void a_multi_line_message_typed_by_bob_appears_live_for_alice_with_its_line_break() {
    String name = newChannel(web.cast().alice(), "bob");
    String rid = roomId(name);
    Page alice = loggedIn("alice");
    Page bob = loggedIn("bob");
    openRoom(alice, "/channel/" + name);
    openRoom(bob, "/channel/" + name);

    Locator box = bob.getByLabel("Message", new Page.GetByLabelOptions().setExact(true));
    box.click();
    bob.keyboard().type("first line");
    bob.keyboard().press("Shift+Enter");
    bob.keyboard().type("second line");
    bob.keyboard().press("Enter");
    assertThat(box).hasValue("");

    Locator seen = message(alice, "first line");
    assertThat(seen).hasCount(1);
    assertThat(seen.locator(".md p br")).hasCount(1);
    assertThat(seen.locator(".md").evaluate("e => e.innerText")).isEqualTo("first line\nsecond line");
    JsonNode last = web.cast().alice().get("/api/v1/channels.history?roomId=" + rid + "&count=1").json().at("/messages/0");
    assertThat(last.path("msg").asText()).isEqualTo("first line\nsecond line");
    assertThat(last.at("/u/username").asText()).isEqualTo("bob");

    // Typing shows for the other person.
    box.click();
    bob.keyboard().type("typing something");
    assertThat(alice.getByText("bob is typing…")).isVisible();
    shot(alice, "02-room-live");
    alice.context().close();
    bob.context().close();
  }

  @Test
  void html_in_a_message_stays_text_and_markdown_is_rendered_safely() {
    String name = newChannel(web.cast().alice(), "bob");
    String rid = roomId(name);
    Page alice = loggedIn("alice");
    openRoom(alice, "/channel/" + name);
    alice.evaluate("window.__xss = 0");
    String payload = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";
    post(web.cast().bob(), rid, payload);
    post(web.cast().bob(), rid, "*bold* _italic_ ~strike~ `code` [link](https://example.com) and javascript:[x](javascript:alert(1))\n"
        + "> quoted\n- one\n- two\n```\nblock <b>code</b>\n```");
    Locator xss = message(alice, "<img src=x");
    assertThat(xss).hasCount(1);
    assertThat(xss.locator(".md")).hasText(payload);
    assertThat(alice.locator("#main [role=log] img[src=x]")).hasCount(0);
    assertThat(alice.locator("#main [role=log] script")).hasCount(0);
    assertThat(alice.evaluate("window.__xss")).isEqualTo(0);

    Locator md = message(alice, "italic");
    assertThat(md.locator("strong")).hasText("bold");
    assertThat(md.locator("em")).hasText("italic");
    assertThat(md.locator("del")).hasText("strike");
    assertThat(md.locator("code.inline")).hasText("code");
    assertThat(md.locator("a[href='https://example.com']")).hasText("link");
    assertThat(md.locator("a[href^=javascript]")).hasCount(0);
    assertThat(md.locator("blockquote")).hasText("quoted");
    assertThat(md.locator("ul li")).hasCount(2);
    assertThat(md.locator("pre code")).hasText("block <b>code</b>");
    assertThat(md.locator("pre b")).hasCount(0);
    shot(alice, "03-markdown-xss");

    // Autocomplete: @user, #channel and :emoji:, chosen with the keyboard.
    Locator box = alice.getByLabel("Message", new Page.GetByLabelOptions().setExact(true));
    box.click();
    alice.keyboard().type("hi @bo");
    Locator options = alice.getByRole(AriaRole.LISTBOX).getByRole(AriaRole.OPTION);
    assertThat(options.first()).hasText("@bob — Bob");
    alice.keyboard().press("Enter");
    alice.keyboard().type("see #" + name.substring(0, 4));
    assertThat(options.filter(new Locator.FilterOptions().setHasText("#" + name))).hasCount(1);
    options.filter(new Locator.FilterOptions().setHasText("#" + name)).click();
    alice.keyboard().type(":tad");
    assertThat(options.first()).containsText(":tada:");
    alice.keyboard().press("Tab");
    assertThat(box).hasValue("hi @bob see #" + name + " :tada: ");
    alice.keyboard().press("Enter");
    Locator sent = message(alice, "hi @bob");
    assertThat(sent.locator(".mention")).hasText("@bob");
    assertThat(sent.locator("a.channel-link")).hasAttribute("href", "/channel/" + name);
    alice.context().close();
  }

  @Test
  void history_scrolls_up_in_pages_with_day_separators_grouping_and_system_sentences() {
    String name = newChannel(web.cast().alice(), "bob");
    String rid = roomId(name);
    web.cast().alice().postJson("/api/v1/channels.setTopic", Map.of("roomId", rid, "topic", "history"));
    for (int i = 1; i <= 70; i++) {
      post(i % 3 == 0 ? web.cast().bob() : web.cast().alice(), rid, "history message " + i);
    }
    Page alice = loggedIn("alice");
    long started = System.nanoTime();
    openRoom(alice, "/channel/" + name);
    assertThat(exactMessage(alice, "history message 70")).isVisible();
    System.out.printf("[web] room with 50 messages rendered %d ms after navigation (shared CPU)%n",
        (System.nanoTime() - started) / 1_000_000);
    Object renderedMs = alice.evaluate("performance.now()");
    System.out.println("[web] in the browser: history visible by " + renderedMs + " ms after navigation start");
    Object clientMs = alice.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd");
    System.out.println("[web] DOMContentLoaded at " + clientMs + " ms");
    // Newest at the bottom: the log is scrolled down.
    assertThat(alice.locator("#main [role=log] article").last()).containsText("history message 70");
    assertThat(alice.locator("#main [role=log] article")).hasCount(50);
    alice.locator("#main [role=log]").evaluate("el => el.scrollTop = 0");
    assertThat(exactMessage(alice, "history message 1")).hasCount(1);
    assertThat(alice.getByText("This is the start of " + name + ".")).isVisible();
    assertThat(alice.locator("#main [role=log] .day")).hasCount(1);
    // Consecutive messages of one author are grouped; the system message reads as a sentence.
    assertThat(exactMessage(alice, "history message 2")).hasClass(java.util.regex.Pattern.compile("compact"));
    assertThat(exactMessage(alice, "history message 3")).not().hasClass(java.util.regex.Pattern.compile("compact"));
    assertThat(alice.locator("#main .messages .system").first()).containsText("Alice changed the topic to: history");
    alice.context().close();
  }

  @Test
  void the_up_key_edits_the_last_own_message_and_delete_asks_first_and_both_propagate_live() {
    String name = newChannel(web.cast().alice(), "bob");
    String rid = roomId(name);
    Page alice = loggedIn("alice");
    Page bob = loggedIn("bob");
    openRoom(alice, "/channel/" + name);
    openRoom(bob, "/channel/" + name);
    Locator box = alice.getByLabel("Message", new Page.GetByLabelOptions().setExact(true));
    box.fill("helo wrld");
    box.press("Enter");
    assertThat(message(bob, "helo wrld")).hasCount(1);
    box.press("ArrowUp");
    assertThat(box).hasValue("helo wrld");
    box.fill("hello world");
    box.press("Enter");
    assertThat(message(bob, "hello world")).containsText("(edited)");
    assertThat(message(bob, "helo wrld")).hasCount(0);

    // A reaction propagates live too.
    Locator mine = message(alice, "hello world");
    mine.hover();
    mine.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Add reaction")).click();
    alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(":tada:")).click();
    assertThat(message(bob, "hello world").locator(".reaction")).containsText("1");
    message(bob, "hello world").locator(".reaction").click();
    assertThat(message(alice, "hello world").locator(".reaction .count")).hasText("2");
    shot(bob, "04-edit-reaction");

    mine.hover();
    mine.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
    alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel")).click();
    assertThat(message(alice, "hello world")).hasCount(1);
    mine.hover();
    mine.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
    alice.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
    assertThat(message(bob, "hello world")).hasCount(0);
    assertThat(message(alice, "hello world")).hasCount(0);
    assertThat(web.cast().alice().get("/api/v1/channels.history?roomId=" + rid).json().toString()).doesNotContain("hello world");
    alice.context().close();
    bob.context().close();
  }

  // --- 2. sidebar ---------------------------------------------------------------------------------

  @Test
  void unread_and_mention_badges_appear_live_and_clear_when_the_room_is_read() {
    String quiet = newChannel(web.cast().bob(), "alice");
    String busy = newChannel(web.cast().bob(), "alice");
    String busyId = roomId(busy);
    Page alice = loggedIn("alice");
    openRoom(alice, "/channel/" + quiet);
    Locator link = alice.locator(".sidebar a.room-link").filter(new Locator.FilterOptions().setHasText(busy));
    assertThat(link.locator(".badge")).hasCount(0);
    post(web.cast().bob(), busyId, "hey @alice, a question for you");
    assertThat(link.getByLabel("1 mentions")).isVisible();
    assertThat(link.getByLabel("1 unread")).isVisible();
    assertThat(link).hasClass(java.util.regex.Pattern.compile("unread"));
    shot(alice, "05-unread-badge");
    link.click();
    assertThat(message(alice, "a question for you").locator(".mention.me")).hasText("@alice");
    assertThat(alice.locator("#main .new-divider")).hasCount(1);
    assertThat(link.locator(".badge")).hasCount(0);
    assertThat(link).not().hasClass(java.util.regex.Pattern.compile("unread"));
    alice.context().close();
  }

  @Test
  void favourites_come_first_the_filter_jumps_and_rooms_are_created_and_joined_from_the_directory() {
    String fav = newChannel(web.cast().alice());
    String other = newChannel(web.cast().alice());
    String open = newChannel(web.cast().bob());
    web.cast().alice().postJson("/api/v1/rooms.favorite", Map.of("roomId", roomId(fav), "favorite", true));
    Page alice = loggedIn("alice");
    Locator favourites = alice.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Favourites"));
    assertThat(favourites.locator("a.room-link")).hasText(java.util.regex.Pattern.compile(fav));
    assertThat(alice.locator(".room-lists section").first()).hasAttribute("aria-label", "Favourites");

    alice.getByLabel("Jump to room").fill(other);
    assertThat(alice.locator(".room-lists a.room-link")).hasCount(1);
    alice.getByLabel("Jump to room").press("Enter");
    assertThat(alice).hasURL(web.server().baseUrl() + "/channel/" + other);

    // Create a private group with bob from the sidebar.
    alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("+ Create")).click();
    alice.getByLabel("Type").selectOption("p");
    alice.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("secret-plans");
    alice.getByLabel("Members (usernames, separated by commas)").fill("bob");
    alice.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create")).click();
    assertThat(alice).hasURL(web.server().baseUrl() + "/group/secret-plans");
    assertThat(alice.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Private groups"))).containsText("secret-plans");
    assertThat(web.cast().bob().get("/api/v1/groups.info?roomName=secret-plans").status()).isEqualTo(200);

    // A direct message with bob.
    alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("+ Create")).click();
    alice.getByLabel("Type").selectOption("d");
    alice.getByLabel("Members (usernames, separated by commas)").fill("bob");
    alice.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create")).click();
    alice.locator("[role=log][data-live=true]").waitFor();
    assertThat(alice.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Direct messages"))).containsText("Bob");

    // Browse the directory and join bob's public channel.
    alice.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Directory")).click();
    alice.getByLabel("Search the directory").fill(open);
    alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Join " + open)).click();
    assertThat(alice).hasURL(web.server().baseUrl() + "/channel/" + open);
    alice.locator("[role=log][data-live=true]").waitFor();
    assertThat(alice.getByLabel("Message", new Page.GetByLabelOptions().setExact(true))).isVisible();
    assertThat(web.cast().bob().get("/api/v1/channels.members?roomName=" + open).json().toString()).contains("\"alice\"");
    shot(alice, "06-directory-join");
    alice.context().close();
  }

  // --- 5. threads ---------------------------------------------------------------------------------

  @Test
  void a_thread_reply_shows_in_the_panel_and_counts_on_the_parent_live() {
    String name = newChannel(web.cast().alice(), "bob");
    String rid = roomId(name);
    String parentId = post(web.cast().alice(), rid, "Topic: the course schedule").path("_id").asText();
    Page alice = loggedIn("alice");
    Page bob = loggedIn("bob");
    openRoom(alice, "/channel/" + name);
    openRoom(bob, "/channel/" + name);

    Locator parent = message(bob, "the course schedule");
    parent.hover();
    parent.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Reply in thread")).click();
    Locator panel = bob.getByRole(AriaRole.COMPLEMENTARY, new Page.GetByRoleOptions().setName("Thread"));
    Locator reply = panel.getByLabel("Reply in thread");
    reply.fill("Monday works for me");
    reply.press("Enter");
    assertThat(panel.locator("article").filter(new Locator.FilterOptions().setHasText("Monday works"))).hasCount(1);

    // Alice sees the count on the parent, but not the reply in the room.
    assertThat(message(alice, "the course schedule").locator(".thread-summary")).containsText("1 reply");
    assertThat(message(alice, "Monday works")).hasCount(0);
    message(alice, "the course schedule").locator(".thread-summary").click();
    Locator alicePanel = alice.getByRole(AriaRole.COMPLEMENTARY, new Page.GetByRoleOptions().setName("Thread"));
    assertThat(alicePanel.locator("article").filter(new Locator.FilterOptions().setHasText("Monday works"))).hasCount(1);

    // Bob's next reply arrives in alice's open panel live; "also send to room" shows it in the room.
    reply.fill("Tuesday too");
    bob.getByLabel("Also send to room").check();
    reply.press("Enter");
    assertThat(alicePanel.locator("article").filter(new Locator.FilterOptions().setHasText("Tuesday too"))).hasCount(1);
    assertThat(message(alice, "Tuesday too")).hasCount(1);
    assertThat(message(alice, "the course schedule").locator(".thread-summary")).containsText("2 replies");
    assertThat(alicePanel.getByRole(AriaRole.STATUS)).hasText("2 replies");

    // Alice started the thread, so she follows it; she can unfollow.
    Locator follow = alicePanel.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Unfollow thread"));
    follow.click();
    assertThat(alicePanel.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Follow thread"))).isVisible();
    JsonNode p = web.cast().alice().get("/api/v1/chat.getMessage?msgId=" + parentId).json().get("message");
    assertThat(p.path("replies").toString()).doesNotContain(web.cast().alice().userId());
    shot(alice, "07-thread");

    // The room's threads list.
    alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Threads")).click();
    Locator list = alice.getByRole(AriaRole.COMPLEMENTARY, new Page.GetByRoleOptions().setName("Threads"));
    assertThat(list.locator("li")).hasCount(1);
    assertThat(list.locator("li")).containsText("the course schedule");
    assertThat(list.locator("li")).containsText("2 replies");
    alice.context().close();
    bob.context().close();
  }

  // --- 6. pins, stars, links, search, info, members, status ---------------------------------------

  @Test
  void pin_star_search_a_linked_message_room_info_members_and_own_status() {
    String name = newChannel(web.cast().alice(), "bob");
    String rid = roomId(name);
    String targetId = post(web.cast().bob(), rid, "the needle in the haystack").path("_id").asText();
    for (int i = 0; i < 60; i++) {
      post(web.cast().alice(), rid, "filler " + i);
    }
    web.cast().alice().postJson("/api/v1/channels.setAnnouncement", Map.of("roomId", rid, "announcement", "Exam on Friday"));
    Page alice = loggedIn("alice");

    // A link to an old message loads history until it is there and highlights it.
    openRoom(alice, "/channel/" + name + "?msg=" + targetId);
    Locator target = alice.locator("#msg-" + targetId);
    assertThat(target).isVisible();
    assertThat(target).hasClass(java.util.regex.Pattern.compile("highlight"));
    assertThat(alice.getByRole(AriaRole.NOTE)).containsText("Exam on Friday");

    target.hover();
    target.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Star")).click();
    assertThat(target.locator(".tag.starred")).isVisible();
    target.hover();
    target.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Pin")).click();
    assertThat(target.locator(".tag.pinned")).isVisible();
    assertThat(alice.locator("#main .messages .system").last()).containsText("Alice pinned a message");
    JsonNode starred = web.cast().alice().get("/api/v1/chat.getStarredMessages?roomId=" + rid).json();
    assertThat(starred.path("messages").toString()).contains(targetId);

    // Search in the room.
    alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search messages")).click();
    Locator panel = alice.getByRole(AriaRole.COMPLEMENTARY, new Page.GetByRoleOptions().setName("Search messages"));
    panel.getByRole(AriaRole.SEARCHBOX).fill("needle");
    panel.getByRole(AriaRole.SEARCHBOX).press("Enter");
    assertThat(panel.locator("li")).hasCount(1);
    assertThat(panel.locator("li")).containsText("the needle in the haystack");

    // Members with presence, room info with the topic.
    alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Members")).click();
    Locator members = alice.getByRole(AriaRole.COMPLEMENTARY, new Page.GetByRoleOptions().setName("Members"));
    assertThat(members.locator("li")).hasCount(2);
    assertThat(members.locator("li").filter(new Locator.FilterOptions().setHasText("@alice")).locator(".presence.online")).hasCount(1);
    alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Room info")).click();
    Locator settings = alice.getByRole(AriaRole.FORM, new Page.GetByRoleOptions().setName("Room settings"));
    settings.getByLabel("Topic").fill("Week 3: threads");
    settings.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save")).click();
    assertThat(alice.locator(".room-header .topic")).hasText("Week 3: threads");
    assertThat(web.cast().bob().get("/api/v1/channels.info?roomId=" + rid).json().at("/channel/topic").asText())
        .isEqualTo("Week 3: threads");

    // Set my own status.
    alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Set status")).click();
    alice.getByLabel("Status", new Page.GetByLabelOptions().setExact(true)).selectOption("busy");
    alice.getByLabel("Status message").fill("In class");
    alice.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save")).click();
    assertThat(alice.locator(".me .presence.busy")).hasCount(1);
    JsonNode info = web.cast().bob().get("/api/v1/users.info?username=alice").json().get("user");
    assertThat(info.path("status").asText()).isEqualTo("busy");
    assertThat(web.cast().bob().get("/api/v1/users.getStatus?username=alice").json().path("message").asText())
        .isEqualTo("In class");
    shot(alice, "08-pins-search-info");
    alice.context().close();
  }

  @Test
  void presence_dots_in_an_open_member_list_follow_the_member_live() {
    String name = newChannel(web.cast().alice(), "bob");
    Page alice = loggedIn("alice");
    Page bob = loggedIn("bob");
    openRoom(alice, "/channel/" + name);
    alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Members")).click();
    Locator members = alice.getByRole(AriaRole.COMPLEMENTARY, new Page.GetByRoleOptions().setName("Members"));
    members.locator("ul[data-live=true]").waitFor();
    Locator bobRow = members.locator("li[data-username=bob]");
    assertThat(bobRow.locator(".presence.online")).hasCount(1);

    // Bob goes away (in his own browser): alice's open list changes without a reload.
    bob.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Set status")).click();
    bob.getByLabel("Status", new Page.GetByLabelOptions().setExact(true)).selectOption("away");
    bob.getByLabel("Status message").fill("Lunch");
    bob.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save")).click();
    assertThat(bobRow.locator(".presence.away")).hasCount(1);
    assertThat(bobRow).containsText("Lunch");
    shot(alice, "14-live-presence");

    bob.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Set status")).click();
    bob.getByLabel("Status", new Page.GetByLabelOptions().setExact(true)).selectOption("online");
    bob.getByLabel("Status message").fill("");
    bob.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save")).click();
    assertThat(bobRow.locator(".presence.online")).hasCount(1);
    assertThat(bobRow).not().containsText("Lunch");

    // Bob closes his browser: offline.
    bob.context().close();
    assertThat(bobRow.locator(".presence.offline")).hasCount(1);
    assertThat(members.locator("li[data-username=alice] .presence.online")).hasCount(1);
    alice.context().close();
  }

  @Test
  void typing_in_a_thread_shows_in_that_threads_panel_and_not_under_the_room() {
    String name = newChannel(web.cast().alice(), "bob");
    String rid = roomId(name);
    post(web.cast().alice(), rid, "Which day suits everyone?");
    Page alice = loggedIn("alice");
    Page bob = loggedIn("bob");
    openRoom(alice, "/channel/" + name);
    openRoom(bob, "/channel/" + name);
    for (Page p : List.of(alice, bob)) {
      Locator parent = message(p, "Which day suits");
      parent.hover();
      parent.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Reply in thread")).click();
      p.getByRole(AriaRole.COMPLEMENTARY, new Page.GetByRoleOptions().setName("Thread"))
          .locator("article").first().waitFor();
    }
    Locator alicePanel = alice.getByRole(AriaRole.COMPLEMENTARY, new Page.GetByRoleOptions().setName("Thread"));
    Locator reply = bob.getByRole(AriaRole.COMPLEMENTARY, new Page.GetByRoleOptions().setName("Thread"))
        .getByLabel("Reply in thread");
    reply.click();
    bob.keyboard().type("Tuesday, I think");
    assertThat(alicePanel.locator(".typing")).hasText("bob is typing…");
    // Not under the room's message list: that one is for the room itself.
    assertThat(alice.locator(".room-main .typing")).hasText("");
    shot(alice, "15-thread-typing");
    // The reply arrives and the indicator goes.
    bob.keyboard().press("Enter");
    assertThat(alicePanel.locator("article").filter(new Locator.FilterOptions().setHasText("Tuesday, I think"))).hasCount(1);
    assertThat(alicePanel.locator(".typing")).hasText("");
    alice.context().close();
    bob.context().close();
  }

  @Test
  void an_owner_edits_room_settings_and_archives_an_admin_unarchives_and_deletes_members_get_no_controls() {
    String name = newChannel(web.cast().alice(), "bob");
    String rid = roomId(name);
    Page bob = loggedIn("bob");
    openRoom(bob, "/channel/" + name);
    bob.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Room info")).click();
    Locator bobPanel = bob.getByRole(AriaRole.COMPLEMENTARY, new Page.GetByRoleOptions().setName("Room info"));
    assertThat(bobPanel.locator(".info-field").first()).containsText(name);
    assertThat(bobPanel.getByRole(AriaRole.FORM)).hasCount(0);
    assertThat(bobPanel.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete room"))).hasCount(0);
    assertThat(bobPanel.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Archive"))).hasCount(0);
    bob.context().close();

    Page alice = loggedIn("alice");
    openRoom(alice, "/channel/" + name);
    alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Room info")).click();
    Locator form = alice.getByRole(AriaRole.FORM, new Page.GetByRoleOptions().setName("Room settings"));
    String renamed = name + "-renamed";
    form.getByLabel("Name", new Locator.GetByLabelOptions().setExact(true)).fill(renamed);
    form.getByLabel("Topic").fill("Week 4");
    form.getByLabel("Announcement").fill("No class on Monday");
    form.getByLabel("Description").fill("The course chat");
    form.getByLabel("Read only").check();
    form.getByLabel("Private").check();
    shot(alice, "16-room-settings");
    form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save")).click();
    assertThat(alice).hasURL(web.server().baseUrl() + "/group/" + renamed);
    assertThat(alice.getByRole(AriaRole.NOTE)).containsText("No class on Monday");
    JsonNode group = web.cast().alice().get("/api/v1/groups.info?roomId=" + rid).json().get("group");
    assertThat(group.path("name").asText()).isEqualTo(renamed);
    assertThat(group.path("t").asText()).isEqualTo("p");
    assertThat(group.path("topic").asText()).isEqualTo("Week 4");
    assertThat(group.path("announcement").asText()).isEqualTo("No class on Monday");
    assertThat(group.path("description").asText()).isEqualTo("The course chat");
    assertThat(group.path("ro").asBoolean()).isTrue();

    // Public again, then archived: the composer gives way to a note.
    alice.locator("[role=log][data-live=true]").waitFor();
    alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Room info")).click();
    form.getByLabel("Private").uncheck();
    form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save")).click();
    assertThat(alice).hasURL(web.server().baseUrl() + "/channel/" + renamed);
    alice.locator("[role=log][data-live=true]").waitFor();
    alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Room info")).click();
    Locator panel = alice.getByRole(AriaRole.COMPLEMENTARY, new Page.GetByRoleOptions().setName("Room info"));
    panel.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Archive")).click();
    assertThat(alice.getByText("This room is archived.")).isVisible();
    assertThat(web.cast().alice().get("/api/v1/channels.info?roomId=" + rid).json().at("/channel/archived").asBoolean()).isTrue();
    // Unarchiving is the admins' (Rocket.Chat's default permissions): the owner has no button.
    alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Room info")).click();
    assertThat(panel.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete room"))).isVisible();
    assertThat(panel.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Unarchive"))).hasCount(0);
    alice.context().close();

    Page carol = loggedIn("carol");
    carol.navigate(web.server().baseUrl() + "/channel/" + renamed);
    carol.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Room info")).click();
    Locator carolPanel = carol.getByRole(AriaRole.COMPLEMENTARY, new Page.GetByRoleOptions().setName("Room info"));
    carolPanel.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Unarchive")).click();
    carol.getByText("Room unarchived").waitFor();
    assertThat(web.cast().alice().get("/api/v1/channels.info?roomId=" + rid).json().at("/channel/archived").asBoolean()).isFalse();
    carol.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Room info")).click();
    carolPanel.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete room")).click();
    carol.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel")).click();
    assertThat(web.cast().alice().get("/api/v1/channels.info?roomId=" + rid).status()).isEqualTo(200);
    carolPanel.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete room")).click();
    carol.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
    assertThat(carol).hasURL(web.server().baseUrl() + "/home");
    assertThat(web.cast().alice().get("/api/v1/channels.info?roomId=" + rid).status()).isEqualTo(400);
    carol.context().close();
  }

  // --- 7. admin ----------------------------------------------------------------------------------

  @Test
  void an_admin_creates_a_user_who_can_then_log_in_and_creates_an_incoming_webhook() {
    Page carol = loggedIn("carol");
    carol.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Administration")).click();
    Locator form = carol.getByRole(AriaRole.FORM, new Page.GetByRoleOptions().setName("Create user"));
    form.getByLabel("Name", new Locator.GetByLabelOptions().setExact(true)).fill("Erin Example");
    form.getByLabel("Username", new Locator.GetByLabelOptions().setExact(true)).fill("erin");
    form.getByLabel("E-mail").fill("erin@example.com");
    form.getByLabel("Password").fill("erin-pass-123");
    form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create user")).click();
    assertThat(carol.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Users")).getByText("erin", new Locator.GetByTextOptions().setExact(true))).isVisible();
    shot(carol, "09-admin-users");

    Page erin = loggedIn("erin", "erin-pass-123");
    erin.getByText("Welcome, Erin Example").waitFor();
    erin.context().close();

    // Edit: reset the password.
    carol.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Edit erin")).click();
    carol.getByLabel("New password (leave empty to keep)").fill("erin-new-456");
    carol.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save")).click();
    carol.getByText("Saved").last().waitFor();
    web.cast().anonymous().login("erin", "erin-new-456");

    // Rooms: delete one after confirming.
    String doomed = newChannel(web.cast().bob());
    carol.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Rooms")).click();
    carol.getByLabel("Filter rooms").fill(doomed);
    Locator row = carol.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Rooms")).locator("tbody tr");
    assertThat(row).hasCount(1);
    row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete " + doomed)).click();
    carol.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
    assertThat(row).hasCount(0);
    assertThat(web.cast().bob().get("/api/v1/channels.info?roomName=" + doomed).status()).isEqualTo(400);

    carol.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Integrations")).click();
    Locator hook = carol.getByRole(AriaRole.FORM, new Page.GetByRoleOptions().setName("Create incoming webhook"));
    hook.getByLabel("Name", new Locator.GetByLabelOptions().setExact(true)).fill("CI builds");
    hook.getByLabel("Post to channel (e.g. #general)").fill("#general");
    hook.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create incoming webhook")).click();
    Locator url = carol.locator("code.hook-url").first();
    assertThat(url).containsText(web.server().baseUrl() + "/hooks/");
    RestClient.Response posted = web.cast().anonymous().postJson(url.textContent().substring(web.server().baseUrl().length()),
        Map.of("text", "build green"));
    assertThat(posted.status()).isEqualTo(200);

    carol.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Settings")).click();
    carol.getByLabel("Allow message editing").uncheck();
    carol.getByText("Saved").last().waitFor();
    assertThat(web.cast().carol().get("/api/v1/settings/Message_AllowEditing").json().path("value").asBoolean()).isFalse();
    carol.getByLabel("Allow message editing").check();
    carol.getByText("Saved").last().waitFor();
    // Rate limits are among the settings an admin manages in the browser.
    carol.getByLabel("API calls allowed per period").fill("1200");
    carol.getByLabel("API calls allowed per period").press("Tab");
    long deadline = System.currentTimeMillis() + 5_000;
    while (web.cast().carol().get("/api/v1/settings/API_Enable_Rate_Limiter_Limit_Calls_Default").json()
        .path("value").asInt() != 1200 && System.currentTimeMillis() < deadline) {
      carol.waitForTimeout(100);
    }
    assertThat(web.cast().carol().get("/api/v1/settings/API_Enable_Rate_Limiter_Limit_Calls_Default").json()
        .path("value").asInt()).isEqualTo(1200);
    shot(carol, "10-admin-settings");
    carol.context().close();
  }

  // --- 8. languages -------------------------------------------------------------------------------

  @Test
  void the_japanese_ui_follows_the_browser_and_renders_japanese_messages_and_dates() {
    String name = newChannel(web.cast().alice(), "bob");
    web.cast().alice().postJson("/api/v1/channels.setTopic", Map.of("roomId", roomId(name), "topic", "日本語"));
    post(web.cast().bob(), roomId(name), "こんにちは、*皆さん*！");
    Page page = web.browser().newPage(new com.microsoft.playwright.Browser.NewContextOptions()
        .setLocale("ja-JP").setTimezoneId("Asia/Tokyo").setViewportSize(1200, 800));
    page.setDefaultTimeout(10_000);
    page.navigate(web.server().baseUrl() + "/");
    page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Parley にログイン")).waitFor();
    assertThat(page.locator("html")).hasAttribute("lang", "ja");
    page.getByLabel("ユーザー名またはメールアドレス").fill("alice");
    page.getByLabel("パスワード").fill(Cast.PASSWORD);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("ログイン")).click();
    page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("ルーム")).waitFor();
    openRoom(page, "/channel/" + name);
    Locator msg = page.locator("#main [role=log] article").filter(new Locator.FilterOptions().setHasText("こんにちは"));
    assertThat(msg.locator("strong")).hasText("皆さん");
    // Day separators in Japanese: "2026年11月29日日曜日" style.
    assertThat(page.locator("#main .day").first()).hasText(java.util.regex.Pattern.compile("\\d{4}年\\d{1,2}月\\d{1,2}日"));
    assertThat(page.locator("#main [role=log] .system").first()).containsText("Alice がトピックを変更しました: 日本語");
    shot(page, "11-japanese");

    // Switch to English; the choice is kept.
    page.getByLabel("言語").selectOption("en");
    page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Rooms")).waitFor();
    page.reload();
    assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log out"))).isVisible();
    page.context().close();
  }

  @Test
  void a_phone_sized_screen_shows_the_room_list_then_the_room() {
    String name = newChannel(web.cast().alice());
    Page page = web.browser().newPage(new com.microsoft.playwright.Browser.NewContextOptions()
        .setLocale("en-US").setViewportSize(390, 800));
    page.setDefaultTimeout(10_000);
    web.logIn(page, "alice", Cast.PASSWORD);
    page.locator(".sidebar a.room-link").filter(new Locator.FilterOptions().setHasText(name)).click();
    page.locator("[role=log][data-live=true]").waitFor();
    assertThat(page.locator(".sidebar")).isHidden();
    shot(page, "12-phone-room");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Back to rooms")).click();
    assertThat(page.locator(".sidebar")).isVisible();
    page.context().close();
  }

  @Test
  void an_uploaded_image_shows_live_for_the_other_member_and_loads_with_the_session_cookies() throws Exception {
    String name = newChannel(web.cast().alice(), "bob");
    Page alice = loggedIn("alice");
    Page bob = loggedIn("bob");
    openRoom(alice, "/channel/" + name);
    openRoom(bob, "/channel/" + name);
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "png", png);
    alice.getByLabel("Attach a file").setInputFiles(
        new com.microsoft.playwright.options.FilePayload("diagram.png", "image/png", png.toByteArray()));
    Locator shown = bob.locator("#main .messages img.attachment-image");
    assertThat(shown).hasCount(1);
    assertThat(shown).hasAttribute("src", java.util.regex.Pattern.compile("^/file-upload/"));
    bob.waitForFunction("() => document.querySelector('#main .messages img.attachment-image').naturalWidth > 0");
    assertThat(bob.locator("#main .messages .attachment a").filter(new Locator.FilterOptions().setHasText("diagram.png"))).hasCount(1);
    shot(bob, "13-upload");

    // Dropping a file on the room uploads it too; bob sees the preview live.
    alice.evaluate("""
        (b64) => {
          const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
          const dt = new DataTransfer();
          dt.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
          const target = document.querySelector('.room-main');
          for (const type of ['dragover', 'drop']) {
            target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
          }
        }""", java.util.Base64.getEncoder().encodeToString(png.toByteArray()));
    assertThat(bob.locator("#main .messages .attachment a").filter(new Locator.FilterOptions().setHasText("dropped.png"))).hasCount(1);
    assertThat(shown).hasCount(2);

    // A custom emoji (made by the admin) renders as its image in messages.
    String boundary = "----parley" + System.nanoTime();
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nparley_ok\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"emoji\"; filename=\"ok.png\"\r\n"
        + "Content-Type: image/png\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    body.writeBytes(png.toByteArray());
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    RestClient.Response made = web.cast().carol().postBytes("/api/v1/emoji-custom.create",
        "multipart/form-data; boundary=" + boundary, body.toByteArray());
    assertThat(made.status()).as(made.toString()).isEqualTo(200);
    Page carolsView = loggedIn("alice");
    post(web.cast().bob(), roomId(name), "works :parley_ok:");
    openRoom(carolsView, "/channel/" + name);
    assertThat(message(carolsView, "works").locator("img.emoji.custom"))
        .hasAttribute("src", "/emoji-custom/parley_ok.png");
    // ...and is offered in the reaction picker; the reaction shows its image.
    Locator works = message(carolsView, "works");
    works.hover();
    works.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Add reaction")).click();
    carolsView.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(":parley_ok:")).click();
    assertThat(message(carolsView, "works").locator(".reaction img.emoji.custom"))
        .hasAttribute("src", "/emoji-custom/parley_ok.png");
    carolsView.context().close();
    alice.context().close();
    bob.context().close();
  }
}
