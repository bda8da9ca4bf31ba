package chat.parley.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.S3rver;
import chat.parley.testing.TestServer;
import chat.parley.testing.WebFixture;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web client with files in an S3 bucket (s3rver), downloads redirected to presigned URLs
 * (Rocket.Chat's default): images and avatars still load under the page's CSP.
 */
class S3WebClientTest {
  private static S3rver s3;
  private static WebFixture web;
  private static TestServer server;
  private static Cast cast;

  @BeforeAll
  static void start() {
    s3 = S3rver.start();
    web = WebFixture.start(Backend.SQLITE, s3.settings());
    server = web.server();
    cast = web.cast();
  }

  @AfterAll
  static void stop() {
    if (web != null) {
      web.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  private static byte[] png(int w, int h) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", out);
    return out.toByteArray();
  }

  private static int upload(String path, String field, String name, byte[] bytes) throws Exception {
    String boundary = "----parley" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field
        + "\"; filename=\"" + name + "\"\r\nContent-Type: image/png\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(bytes);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .header("X-User-Id", cast.alice().userId()).header("X-Auth-Token", cast.alice().token())
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void images_and_avatars_redirected_to_the_bucket_load_in_the_page() throws Exception {
    String rid = cast.alice().postJson("/api/v1/channels.create",
        Map.of("name", "s3-room", "members", List.of("bob"))).json().at("/channel/_id").asText();
    assertThat(upload("/api/v1/users.setAvatar", "image", "me.png", png(64, 64))).isEqualTo(200);
    assertThat(upload("/api/v1/rooms.upload/" + rid, "file", "chart.png", png(40, 30)))
        .isEqualTo(200);

    Page bob = web.browser().newPage();
    bob.setDefaultTimeout(10_000);
    bob.navigate(server.baseUrl() + "/");
    bob.getByLabel("Username or e-mail").fill("bob");
    bob.getByLabel("Password").fill(Cast.PASSWORD);
    bob.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
    bob.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Rooms")).waitFor();
    bob.navigate(server.baseUrl() + "/channel/s3-room");
    bob.locator("[role=log][data-live=true]").first().waitFor();
    assertThat(bob.locator("#main .messages img.attachment-image")).hasCount(1);
    // Loaded means: redirected to the bucket, fetched, and allowed by the page's CSP.
    bob.waitForFunction("() => document.querySelector('#main .messages img.attachment-image')"
        + ".naturalWidth === 40");
    bob.waitForFunction("() => [...document.querySelectorAll('#main .messages img')]"
        + ".some(i => i.getAttribute('src') === '/avatar/alice' && i.naturalWidth === 64)");
  }
}
