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
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Files in the web client (issue #9) in Debian's Chromium against a real Parley: pasting an
 * image uploads it, uploads show progress and can be cancelled, refused uploads say why, inline
 * images open in a viewer, room info lists the room's files, and one's own avatar can be changed
 * and reset without a reload.
 */
class WebFilesTest {
  @RegisterExtension
  static final WebFixture web = WebFixture.perClass(Backend.SQLITE);
  private static final AtomicInteger ROOMS = new AtomicInteger();

  // --- helpers -----------------------------------------------------------------------------------

  private static Page loggedIn(String user) {
    return web.loggedIn(user, Cast.PASSWORD);
  }

  private static void openRoom(Page page, String name) {
    page.navigate(web.server().baseUrl() + "/channel/" + name);
    page.locator("[role=log][data-live=true]").first().waitFor();
  }

  private static String newChannel(RestClient owner, String... members) {
    String name = "files-" + ROOMS.incrementAndGet();
    JsonNode r = owner.postJson("/api/v1/channels.create", Map.of("name", name, "members", List.of(members))).json();
    assertThat(r.path("success").asBoolean()).as(r.toString()).isTrue();
    return name;
  }

  private static String roomId(String name) {
    return web.cast().alice().get("/api/v1/channels.info?roomName=" + name).json().at("/channel/_id").asText();
  }

  private static byte[] png(int width, int height, Color color) throws IOException {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = img.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, width, height);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  /** rooms.upload/:rid over REST, as another client would. */
  private static JsonNode upload(RestClient who, String rid, String fileName, String type, byte[] bytes) {
    String boundary = "----parley" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
        + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(bytes);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    RestClient.Response r = who.postBytes("/api/v1/rooms.upload/" + rid, "multipart/form-data; boundary=" + boundary,
        body.toByteArray());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().get("message");
  }

  private static HttpResponse<byte[]> fetchBytes(String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(web.server().baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static void setting(String id, Object value) {
    RestClient.Response r = web.cast().carol().postJson("/api/v1/settings/" + id, Map.of("value", value));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  private static Locator attachmentLink(Page page, String fileName) {
    return page.locator("#main .messages .attachment a").filter(new Locator.FilterOptions().setHasText(fileName));
  }

  private static void shot(Page page, String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/" + name + ".png")));
  }

  // --- paste -------------------------------------------------------------------------------------

  @Test
  void pasting_an_image_into_the_composer_uploads_it_and_the_other_member_sees_it() throws Exception {
    String name = newChannel(web.cast().alice(), "bob");
    Page alice = loggedIn("alice");
    Page bob = loggedIn("bob");
    openRoom(alice, name);
    openRoom(bob, name);
    String paste = """
        ([b64, name, text]) => {
          const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
          const dt = new DataTransfer();
          if (text) dt.setData('text/plain', text);
          dt.items.add(new File([bytes], name, { type: 'image/png' }));
          const box = document.querySelector('.room-main textarea');
          box.focus();
          box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
        }""";
    String image = Base64.getEncoder().encodeToString(png(48, 32, Color.BLUE));
    // Text that comes with a picture of itself (a spreadsheet's cells) is pasted as text.
    alice.evaluate(paste, List.of(image, "cells.png", "A1\tB1"));
    alice.evaluate(paste, List.of(image, "pasted.png", ""));
    assertThat(attachmentLink(bob, "pasted.png")).hasCount(1);
    Locator shown = bob.locator("#main .messages img.attachment-image");
    assertThat(shown).hasAttribute("src", Pattern.compile("^/file-upload/"));
    bob.waitForFunction("() => document.querySelector('#main .messages img.attachment-image').naturalWidth > 0");
    assertThat(attachmentLink(alice, "pasted.png")).hasCount(1);
    assertThat(bob.locator("#main .messages .attachment")).hasCount(1);
    // The paste did not type anything into the box.
    assertThat(alice.locator(".room-main textarea")).hasValue("");
    alice.context().close();
    bob.context().close();
  }

  // --- progress, cancel, errors ------------------------------------------------------------------

  @Test
  void an_upload_shows_its_progress_can_be_cancelled_and_otherwise_lands() throws Exception {
    String name = newChannel(web.cast().alice(), "bob");
    String rid = roomId(name);
    Page alice = loggedIn("alice");
    Page bob = loggedIn("bob");
    openRoom(alice, name);
    openRoom(bob, name);
    // The uploads are held at the network until the test lets them go.
    List<Route> held = new CopyOnWriteArrayList<>();
    alice.route("**/api/v1/rooms.upload/**", held::add);
    byte[] image = png(40, 30, Color.GREEN);

    alice.getByLabel("Attach a file").setInputFiles(new FilePayload("cancelled.png", "image/png", image));
    Locator cancelledBar = alice.getByRole(AriaRole.PROGRESSBAR, new Page.GetByRoleOptions().setName("Uploading cancelled.png"));
    assertThat(cancelledBar).isVisible();
    alice.waitForCondition(() -> held.size() == 1);
    alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel upload of cancelled.png")).click();
    assertThat(cancelledBar).hasCount(0);
    assertThat(alice.locator(".uploads")).isHidden();

    // Two files at once: both show at once, they go one after the other, and the waiting one can
    // be cancelled before it is sent.
    alice.getByLabel("Attach a file").setInputFiles(new FilePayload[] {
        new FilePayload("landed.png", "image/png", image), new FilePayload("waiting.png", "image/png", image)});
    Locator bar = alice.getByRole(AriaRole.PROGRESSBAR, new Page.GetByRoleOptions().setName("Uploading landed.png"));
    Locator waiting = alice.getByRole(AriaRole.PROGRESSBAR, new Page.GetByRoleOptions().setName("Uploading waiting.png"));
    assertThat(bar).isVisible();
    assertThat(waiting).isVisible();
    shot(alice, "files-01-progress");
    alice.waitForCondition(() -> held.size() == 2);
    alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel upload of waiting.png")).click();
    assertThat(waiting).hasCount(0);
    held.get(1).resume();
    assertThat(attachmentLink(bob, "landed.png")).hasCount(1);
    assertThat(attachmentLink(alice, "landed.png")).hasCount(1);
    assertThat(bar).hasCount(0);
    assertThat(alice.locator(".uploads")).isHidden();

    assertThat(held).hasSize(2);
    // The cancelled files never reached the room.
    JsonNode files = web.cast().alice().get("/api/v1/channels.files?roomId=" + rid).json();
    assertThat(files.path("files")).extracting(f -> f.path("name").asText()).containsExactly("landed.png");
    assertThat(attachmentLink(bob, "cancelled.png")).hasCount(0);
    alice.context().close();
    bob.context().close();
  }

  @Test
  void a_refused_upload_says_why_in_words() throws Exception {
    String name = newChannel(web.cast().alice());
    Page alice = loggedIn("alice");
    openRoom(alice, name);
    try {
      setting("FileUpload_MaxFileSize", 100);
      alice.getByLabel("Attach a file").setInputFiles(new FilePayload("big.png", "image/png", png(300, 300, Color.RED)));
      Locator alert = alice.locator(".uploads [role=alert]");
      assertThat(alert).hasText("big.png is too large to upload (the limit is 100 B).");
      alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Dismiss")).click();
      assertThat(alice.locator(".uploads")).isHidden();
      setting("FileUpload_MaxFileSize", 104857600);

      setting("FileUpload_MediaTypeWhiteList", "text/plain");
      alice.getByLabel("Attach a file").setInputFiles(new FilePayload("photo.png", "image/png", png(10, 10, Color.RED)));
      assertThat(alert).hasText("photo.png cannot be uploaded: files of this type are not allowed.");
      shot(alice, "files-02-refused");
    } finally {
      setting("FileUpload_MaxFileSize", 104857600);
      setting("FileUpload_MediaTypeWhiteList", "");
    }
    assertThat(alice.locator("#main .messages .attachment")).hasCount(0);
    alice.context().close();
  }

  // --- image viewer ------------------------------------------------------------------------------

  @Test
  void a_clicked_image_opens_large_in_a_dialog_that_escape_closes() throws Exception {
    String name = newChannel(web.cast().alice(), "bob");
    upload(web.cast().bob(), roomId(name), "viewer.png", "image/png", png(900, 600, Color.ORANGE));
    Page alice = loggedIn("alice");
    openRoom(alice, name);
    Locator link = alice.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("View image viewer.png"));
    link.click();
    Locator dialog = alice.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("viewer.png"));
    assertThat(dialog).isVisible();
    Locator big = dialog.locator("img");
    // The original file, not the message's thumbnail.
    assertThat(big).hasAttribute("src", Pattern.compile("^/file-upload/[^/]+/viewer\\.png$"));
    alice.waitForFunction("() => document.querySelector('dialog.image-viewer img').naturalWidth === 900");
    assertThat(dialog.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Download")))
        .hasAttribute("href", Pattern.compile("^/file-upload/.+\\?download$"));
    assertThat(dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Close"))).isFocused();
    assertThat(alice.context().pages()).hasSize(1); // no new tab
    shot(alice, "files-03-viewer");
    alice.keyboard().press("Escape");
    assertThat(dialog).hasCount(0);
    assertThat(link).isFocused();

    // The close button closes it too.
    link.click();
    dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Close")).click();
    assertThat(dialog).hasCount(0);
    alice.context().close();
  }

  // --- file list ---------------------------------------------------------------------------------

  @Test
  void room_info_lists_the_rooms_files_newest_first_with_more_on_demand() throws Exception {
    String name = newChannel(web.cast().alice(), "bob");
    String rid = roomId(name);
    for (int i = 1; i <= 26; i++) {
      upload(web.cast().alice(), rid, "note-" + i + ".txt", "text/plain", ("note " + i).getBytes(StandardCharsets.UTF_8));
    }
    upload(web.cast().bob(), rid, "newest.png", "image/png", png(20, 20, Color.CYAN));
    Page alice = loggedIn("alice");
    openRoom(alice, name);
    alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Room info")).click();
    Locator items = alice.locator(".room-files .file-item");
    assertThat(items).hasCount(25);
    Locator first = items.first();
    assertThat(first.locator(".file-name")).hasText("newest.png");
    assertThat(first.locator(".file-name")).hasAttribute("href", Pattern.compile("^/file-upload/[^/]+/newest\\.png$"));
    assertThat(first.locator(".file-user")).hasText("@bob");
    assertThat(first.locator(".file-size")).hasText(Pattern.compile("^\\d+ B$"));
    assertThat(first.locator("time")).hasAttribute("datetime", Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT"));
    assertThat(first.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Download newest.png")))
        .hasAttribute("href", Pattern.compile("\\?download$"));
    assertThat(items.nth(1).locator(".file-name")).hasText("note-26.txt");
    assertThat(items.nth(1).locator(".file-size")).hasText("7 B");
    assertThat(items.nth(1).locator(".file-user")).hasText("@alice");
    shot(alice, "files-04-list");
    alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("More files")).click();
    assertThat(items).hasCount(27);
    assertThat(items.last().locator(".file-name")).hasText("note-1.txt");
    assertThat(alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("More files"))).isHidden();

    // The download link serves the file to the logged-in browser (session cookies).
    String href = items.nth(1).locator(".file-download").getAttribute("href");
    Object text = alice.evaluate("async (u) => { const r = await fetch(u); return r.status + ' ' + r.headers.get('content-disposition') + ' ' + await r.text(); }", href);
    assertThat(String.valueOf(text)).startsWith("200 attachment").endsWith("note 26");
    alice.context().close();
  }

  // --- avatar ------------------------------------------------------------------------------------

  @Test
  void ones_own_avatar_is_uploaded_and_reset_and_shows_without_a_reload() throws Exception {
    String name = newChannel(web.cast().mallory(), "bob");
    web.cast().mallory().postJson("/api/v1/chat.sendMessage", Map.of("message", Map.of("rid", roomId(name), "msg", "my face")));
    Page mallory = loggedIn("mallory");
    Page otherTab = loggedIn("mallory");
    openRoom(mallory, name);
    Locator otherTabs = otherTab.locator(".sidebar .me .avatar img");
    // Its room's stream is ready, so the sidebar's subscriptions, sent before it, are too.
    openRoom(otherTab, name);
    Page bob = loggedIn("bob");
    openRoom(bob, name);
    Locator bobSees = bob.locator("#main .messages .avatar img");
    Locator mine = mallory.locator(".sidebar .me .avatar img");
    Locator inMessage = mallory.locator("#main .messages .avatar img");
    assertThat(mine).hasAttribute("src", "/avatar/mallory");

    mallory.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change avatar")).click();
    Locator dialog = mallory.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Change avatar"));
    dialog.getByLabel("Choose an image").setInputFiles(new FilePayload("me.png", "image/png", png(64, 64, Color.RED)));
    assertThat(dialog.getByRole(AriaRole.IMG, new Locator.GetByRoleOptions().setName("The chosen image"))).isVisible();
    shot(mallory, "files-05-avatar");
    dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Upload")).click();
    assertThat(dialog).hasCount(0);

    String etag = web.cast().mallory().get("/api/v1/me").json().path("avatarETag").asText();
    assertThat(etag).isNotEmpty();
    assertThat(mine).hasAttribute("src", "/avatar/mallory?etag=" + etag);
    assertThat(inMessage).hasAttribute("src", "/avatar/mallory?etag=" + etag);
    mallory.waitForFunction("() => document.querySelector('.sidebar .me .avatar img').naturalWidth > 0");
    // Another session of the same user follows over <uid>/userData.
    assertThat(otherTabs).hasAttribute("src", "/avatar/mallory?etag=" + etag);
    // Other users follow over updateAvatar.
    assertThat(bobSees).hasAttribute("src", "/avatar/mallory?etag=" + etag);
    HttpResponse<byte[]> served = fetchBytes("/avatar/mallory");
    assertThat(served.headers().firstValue("Content-Type")).get().asString().startsWith("image/");
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(served.body()));
    assertThat(decoded).as("a raster image, not the initials SVG").isNotNull();
    Color pixel = new Color(decoded.getRGB(decoded.getWidth() / 2, decoded.getHeight() / 2));
    assertThat(pixel.getRed()).isGreaterThan(200);
    assertThat(pixel.getGreen()).isLessThan(60);

    mallory.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change avatar")).click();
    dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Use initials")).click();
    assertThat(dialog).hasCount(0);
    assertThat(mine).hasAttribute("src", Pattern.compile("^/avatar/mallory\\?v=\\w+$"));
    assertThat(inMessage).hasAttribute("src", mine.getAttribute("src"));
    assertThat(web.cast().mallory().get("/api/v1/me").json().has("avatarETag")).isFalse();
    assertThat(otherTabs).hasAttribute("src", Pattern.compile("^/avatar/mallory\\?v=\\w+$"));
    assertThat(bobSees).hasAttribute("src", Pattern.compile("^/avatar/mallory\\?v=\\w+$"));
    otherTab.context().close();
    bob.context().close();
    assertThat(fetchBytes("/avatar/mallory").headers().firstValue("Content-Type")).get().asString()
        .startsWith("image/svg+xml");
    mallory.context().close();
  }
}
