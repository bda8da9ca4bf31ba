package chat.parley.api;

import static chat.parley.api.RoomsContract.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.DdpClient;
import chat.parley.testing.RestClient;
import chat.parley.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Uploads, downloads, file lists and avatars (issue #9), over real HTTP with multipart bodies. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FilesContract {
  TestServer server;
  Cast cast;
  String channel;
  String group;

  abstract Backend backend();

  /** Settings the server starts with (the S3 variant points storage at a bucket). */
  Map<String, String> startSettings() {
    return Map.of();
  }

  @BeforeAll
  void start() {
    server = TestServer.start(backend(), startSettings());
    cast = Cast.register(server);
    channel = cast.alice().postJson("/api/v1/channels.create",
        Map.of("name", "slides", "members", List.of("bob"))).json().at("/channel/_id").asText();
    group = cast.alice().postJson("/api/v1/groups.create",
        Map.of("name", "trainers", "members", List.of("bob"))).json().at("/group/_id").asText();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @AfterEach
  void restoreSettings() {
    setting("FileUpload_MaxFileSize", 104857600);
    setting("FileUpload_MediaTypeBlackList", "image/svg+xml");
    setting("FileUpload_Enabled_Direct", true);
    setting("Accounts_AvatarAllowExternalUrl", false);
    setting("FileUpload_ProtectFiles", true);
    setting("Accounts_AvatarBlockUnauthenticatedAccess", false);
    setting("FileUpload_Enable_json_web_token_for_files", true);
    setting("FileUpload_json_web_token_secret_for_files", "");
  }

  void setting(String id, Object value) {
    var r = cast.carol().postJson("/api/v1/settings/" + id, Map.of("value", value));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  FilesHttp.Reply upload(RestClient who, String rid, Map<String, String> fields, String name,
      String type, byte[] content) {
    return FilesHttp.upload(server.baseUrl(), "/api/v1/rooms.upload/" + rid, who.userId(),
        who.token(), fields, "file", name, type, content);
  }

  FilesHttp.Reply download(String path, RestClient who) {
    return FilesHttp.get(server.baseUrl() + path, who == null ? Map.of()
        : Map.of("X-User-Id", who.userId(), "X-Auth-Token", who.token()));
  }

  /** Stored blobs under the data directory, staging area excluded. */
  long storedFiles() {
    Path root = server.config().dataDir().resolve("uploads");
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> !p.startsWith(root.resolve("tmp"))).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long stagedFiles() {
    try (Stream<Path> files = Files.walk(server.config().dataDir().resolve("uploads/tmp"))) {
      return files.filter(Files::isRegularFile).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] png(int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, width, height);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static int[] dimensions(byte[] image) throws IOException {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(image));
    return new int[] {img.getWidth(), img.getHeight()};
  }

  @Test
  void an_upload_posts_a_file_message_and_members_download_the_same_bytes() {
    byte[] content = "agenda: 1. files 2. avatars\n".getBytes(StandardCharsets.UTF_8);
    FilesHttp.Reply r = upload(cast.bob(), channel,
        Map.of("msg", "today's agenda", "description", "the plan"), "agenda.txt", "text/plain",
        content);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    JsonNode m = r.json().get("message");
    assertThat(m.get("msg").asText()).isEqualTo("today's agenda");
    assertThat(m.get("rid").asText()).isEqualTo(channel);
    String fileId = m.at("/file/_id").asText();
    assertThat(m.at("/file/name").asText()).isEqualTo("agenda.txt");
    assertThat(m.at("/file/type").asText()).isEqualTo("text/plain");
    assertThat(m.at("/file/size").asLong()).isEqualTo(content.length);
    assertThat(m.get("files")).hasSize(1);
    JsonNode a = m.at("/attachments/0");
    String path = "/file-upload/" + fileId + "/agenda.txt";
    assertThat(a.get("title").asText()).isEqualTo("agenda.txt");
    assertThat(a.get("type").asText()).isEqualTo("file");
    assertThat(a.get("title_link").asText()).isEqualTo(path);
    assertThat(a.get("title_link_download").asBoolean()).isTrue();
    assertThat(a.get("description").asText()).isEqualTo("the plan");
    assertThat(a.get("format").asText()).isEqualTo("txt");
    assertThat(a.get("size").asLong()).isEqualTo(content.length);

    // The message reached the room like any other.
    JsonNode latest = cast.alice().get("/api/v1/channels.history?roomId=" + channel + "&count=1")
        .json().at("/messages/0");
    assertThat(latest.get("_id").asText()).isEqualTo(m.get("_id").asText());
    assertThat(latest.at("/file/_id").asText()).isEqualTo(fileId);

    FilesHttp.Reply got = download(path, cast.alice());
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(content);
    assertThat(got.header("x-content-type-options")).isEqualTo("nosniff");
    assertThat(got.header("content-disposition")).startsWith("attachment;");
    assertThat(got.header("content-type")).startsWith("text/plain");
    assertThat(got.header("etag")).isNotBlank();
    // Rocket.Chat's web client authenticates downloads with cookies, links with the query.
    assertThat(FilesHttp.get(server.baseUrl() + path, Map.of("Cookie",
        "rc_uid=" + cast.alice().userId() + "; rc_token=" + cast.alice().token())).body())
        .isEqualTo(content);
    assertThat(FilesHttp.get(server.baseUrl() + path + "?rc_uid=" + cast.alice().userId()
        + "&rc_token=" + cast.alice().token(), Map.of()).body()).isEqualTo(content);
    assertThat(download(path, null).status()).isEqualTo(403);
    setting("FileUpload_ProtectFiles", false);
    assertThat(download(path, null).body()).isEqualTo(content);
    setting("FileUpload_ProtectFiles", true);
    assertThat(FilesHttp.get(server.baseUrl() + path, Map.of("If-None-Match", got.header("etag"),
        "X-User-Id", cast.alice().userId(), "X-Auth-Token", cast.alice().token())).status())
        .isEqualTo(304);

    JsonNode list = cast.alice().get("/api/v1/channels.files?roomId=" + channel).json();
    assertThat(list.get("total").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(list.get("files").findValuesAsText("_id")).contains(fileId);
  }

  @Test
  void a_private_groups_files_stay_with_its_members() {
    byte[] content = "salaries".getBytes(StandardCharsets.UTF_8);
    FilesHttp.Reply r = upload(cast.alice(), group, Map.of(), "pay.csv", "text/csv", content);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    String path = r.json().at("/message/attachments/0/title_link").asText();
    assertThat(download(path, cast.bob()).body()).isEqualTo(content);
    // Guessing the URL does not help an outsider.
    FilesHttp.Reply denied = download(path, cast.mallory());
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.text()).doesNotContain("salaries");
    assertThat(download("/file-upload/nosuchfile1234567/x.csv", cast.bob()).status()).isEqualTo(404);
    // Nor can they upload into it or list it.
    FilesHttp.Reply upload = upload(cast.mallory(), group, Map.of(), "x.txt", "text/plain",
        "x".getBytes(StandardCharsets.UTF_8));
    assertThat(upload.status()).isEqualTo(403);
    assertThat(cast.mallory().get("/api/v1/groups.files?roomId=" + group).status()).isEqualTo(400);
    JsonNode files = cast.bob().get("/api/v1/groups.files?roomId=" + group).json();
    assertThat(files.at("/files/0/name").asText()).isEqualTo("pay.csv");
    assertThat(files.at("/files/0/user/username").asText()).isEqualTo("alice");
  }

  /** An HS256 JWT made here, independently of Parley's code. */
  static String jwt(String header, String payload, String secret) {
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    String signing = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8),
          "HmacSHA256"));
      return signing + "." + b64.encodeToString(mac.doFinal(signing.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String fileToken(String rid, String userId, String fileId, long expiresIn, String secret) {
    long now = System.currentTimeMillis() / 1000;
    return jwt("{\"typ\":\"JWT\",\"alg\":\"HS256\"}", "{\"iat\":" + now + ",\"nbf\":" + now
        + ",\"exp\":" + (now + expiresIn) + ",\"aud\":\"RocketChat\",\"context\":{\"rid\":\""
        + rid + "\",\"userId\":\"" + userId + "\",\"fileId\":\"" + fileId + "\"}}", secret);
  }

  @Test
  void signed_file_urls_open_a_protected_file_until_they_expire() {
    byte[] content = "board minutes".getBytes(StandardCharsets.UTF_8);
    String board = cast.alice().postJson("/api/v1/groups.create", Map.of("name", "board"))
        .json().at("/group/_id").asText();
    FilesHttp.Reply r = upload(cast.alice(), board, Map.of(), "minutes.txt", "text/plain", content);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    String fileId = r.json().at("/message/file/_id").asText();
    String path = r.json().at("/message/attachments/0/title_link").asText();
    String secret = "a-long-random-secret-for-files";
    String valid = fileToken(board, cast.alice().userId(), fileId, 3600, secret);
    // No secret configured: no token opens anything (Rocket.Chat logs and refuses).
    assertThat(download(path + "?token=" + valid, null).status()).isEqualTo(403);

    setting("FileUpload_json_web_token_secret_for_files", secret);
    FilesHttp.Reply signed = download(path + "?token=" + valid, null);
    assertThat(signed.status()).isIn(200, 302);
    if (signed.status() == 302) {
      signed = FilesHttp.get(signed.header("location"), Map.of());
    }
    assertThat(signed.body()).isEqualTo(content);
    // Expired, forged, unsigned, or made for another file: refused, nothing leaks.
    String expired = fileToken(board, cast.alice().userId(), fileId, -60, secret);
    String forged = fileToken(board, cast.alice().userId(), fileId, 3600, "guessed-secret");
    String none = valid.substring(0, valid.indexOf('.')).replace(
        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
            "{\"typ\":\"JWT\",\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)),
        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
            "{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)))
        + valid.substring(valid.indexOf('.'), valid.lastIndexOf('.') + 1);
    String otherFile = fileToken(board, cast.alice().userId(), "someOtherFileId123", 3600, secret);
    for (String bad : List.of(expired, forged, none, otherFile, "not.a.jwt", "garbage")) {
      FilesHttp.Reply refused = download(path + "?token=" + bad, null);
      assertThat(refused.status()).as(bad).isEqualTo(403);
      assertThat(refused.header("location")).isNull();
      assertThat(refused.text()).doesNotContain("minutes");
    }
    // Turning signed URLs off turns valid tokens away too.
    setting("FileUpload_Enable_json_web_token_for_files", false);
    assertThat(download(path + "?token=" + valid, null).status()).isEqualTo(403);
    // Parley's own tokens are Rocket.Chat's: the same check accepts them.
    setting("FileUpload_Enable_json_web_token_for_files", true);
    String ours = chat.parley.wire.RcFileToken.sign(board, cast.alice().userId(), fileId, secret,
        java.time.Instant.now(), chat.parley.wire.RcFileToken.LIFETIME_SECONDS);
    assertThat(download(path + "?token=" + ours, null).status()).isIn(200, 302);
  }

  @Test
  void a_file_over_the_size_limit_is_refused_and_nothing_is_stored() {
    setting("FileUpload_MaxFileSize", 1000);
    long before = storedFiles();
    long messages = cast.alice().get("/api/v1/channels.history?roomId=" + channel).json()
        .get("messages").size();
    FilesHttp.Reply r = upload(cast.bob(), channel, Map.of("msg", "big"), "big.bin",
        "application/octet-stream", new byte[200_000]);
    assertThat(r.status()).as(r.text()).isEqualTo(400);
    assertThat(r.json().get("errorType").asText()).isEqualTo("error-file-too-large");
    assertThat(storedFiles()).isEqualTo(before);
    assertThat(stagedFiles()).isZero();
    assertThat(cast.alice().get("/api/v1/channels.history?roomId=" + channel).json()
        .get("messages").size()).isEqualTo(messages);
    // -1 means no limit; uploads are not bound by the 2 MB cap on other request bodies.
    setting("FileUpload_MaxFileSize", -1);
    byte[] big = new byte[3_000_000];
    big[2_999_999] = 42;
    FilesHttp.Reply ok = upload(cast.bob(), channel, Map.of(), "big.bin", "application/octet-stream", big);
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    assertThat(download(ok.json().at("/message/attachments/0/title_link").asText(), cast.alice()).body())
        .isEqualTo(big);
  }

  @Test
  void blacklisted_types_are_refused_and_nothing_is_stored() {
    long before = storedFiles();
    FilesHttp.Reply svg = upload(cast.bob(), channel, Map.of(), "x.svg", "image/svg+xml",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
            .getBytes(StandardCharsets.UTF_8));
    assertThat(svg.status()).as(svg.text()).isEqualTo(400);
    assertThat(svg.json().get("errorType").asText()).isEqualTo("error-invalid-file-type");
    setting("FileUpload_MediaTypeBlackList", "application/*, image/svg+xml");
    FilesHttp.Reply zip = upload(cast.bob(), channel, Map.of(), "x.zip", "application/zip",
        new byte[10]);
    assertThat(zip.json().get("errorType").asText()).isEqualTo("error-invalid-file-type");
    assertThat(storedFiles()).isEqualTo(before);
    assertThat(stagedFiles()).isZero();
  }

  @Test
  void direct_message_uploads_follow_their_setting() {
    String dm = cast.alice().postJson("/api/v1/im.create", Map.of("username", "bob")).json()
        .at("/room/_id").asText();
    setting("FileUpload_Enabled_Direct", false);
    FilesHttp.Reply refused = upload(cast.alice(), dm, Map.of(), "a.txt", "text/plain", new byte[3]);
    assertThat(refused.json().get("errorType").asText())
        .isEqualTo("error-direct-message-file-upload-not-allowed");
    setting("FileUpload_Enabled_Direct", true);
    assertThat(upload(cast.alice(), dm, Map.of(), "a.txt", "text/plain", new byte[3]).status())
        .isEqualTo(200);
    JsonNode files = cast.bob().get("/api/v1/im.files?roomId=" + dm).json();
    assertThat(files.get("total").asInt()).isEqualTo(1);
    assertThat(cast.mallory().get("/api/v1/im.files?roomId=" + dm).status()).isEqualTo(400);
  }

  @Test
  void images_get_dimensions_a_thumbnail_and_are_served_inline_with_ranges() throws IOException {
    byte[] image = png(1000, 800);
    FilesHttp.Reply r = upload(cast.bob(), channel, Map.of(), "photo.png", "image/png", image);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    JsonNode a = r.json().at("/message/attachments/0");
    String original = a.get("title_link").asText();
    assertThat(a.get("image_url").asText()).isEqualTo(original);
    assertThat(a.get("image_type").asText()).isEqualTo("image/png");
    assertThat(a.get("image_size").asLong()).isEqualTo(image.length);
    assertThat(a.at("/image_dimensions/width").asInt()).isEqualTo(1000);
    assertThat(a.at("/image_dimensions/height").asInt()).isEqualTo(800);

    server.parley().files().awaitIdle();
    String mid = r.json().at("/message/_id").asText();
    JsonNode m = cast.alice().get("/api/v1/chat.getMessage?msgId=" + mid).json().get("message");
    JsonNode thumbAttachment = m.at("/attachments/0");
    assertThat(thumbAttachment.get("image_url").asText()).isNotEqualTo(original);
    assertThat(thumbAttachment.at("/image_dimensions/width").asInt()).isEqualTo(450);
    assertThat(thumbAttachment.at("/image_dimensions/height").asInt()).isEqualTo(360);
    assertThat(m.get("files")).hasSize(2);
    FilesHttp.Reply thumb = download(thumbAttachment.get("image_url").asText(), cast.alice());
    assertThat(thumb.status()).isEqualTo(200);
    assertThat(dimensions(thumb.body())).containsExactly(450, 360);

    FilesHttp.Reply full = download(original, cast.alice());
    assertThat(full.body()).isEqualTo(image);
    assertThat(full.header("content-disposition")).startsWith("inline;");
    assertThat(download(original + "?download", cast.alice()).header("content-disposition"))
        .startsWith("attachment;");
    FilesHttp.Reply part = FilesHttp.get(server.baseUrl() + original, Map.of("Range", "bytes=1-3",
        "X-User-Id", cast.alice().userId(), "X-Auth-Token", cast.alice().token()));
    assertThat(part.status()).isEqualTo(206);
    assertThat(part.header("content-range")).isEqualTo("bytes 1-3/" + image.length);
    assertThat(part.body()).containsExactly(image[1], image[2], image[3]);
    assertThat(FilesHttp.get(server.baseUrl() + original, Map.of("Range", "bytes=999999-",
        "X-User-Id", cast.alice().userId(), "X-Auth-Token", cast.alice().token())).status())
        .isEqualTo(416);
    // Thumbnails are not listed as files of their own.
    JsonNode list = cast.alice().get("/api/v1/channels.files?roomId=" + channel
        + "&typeGroup=image").json();
    assertThat(list.get("files").findValuesAsText("name")).contains("photo.png")
        .doesNotContain("thumb-photo.png");
  }

  @Test
  void sockets_see_the_file_message_and_then_its_thumbnail() {
    try (DdpClient alice = DdpClient.connect(server.baseUrl())) {
      alice.call("login", Map.of("resume", cast.alice().token()));
      alice.sub("stream-room-messages", channel, Map.of("useCollection", false, "args", List.of()));
      FilesHttp.Reply r = upload(cast.bob(), channel, Map.of("msg", "live photo"), "live.png",
          "image/png", png(960, 720));
      String fileId = r.json().at("/message/file/_id").asText();
      JsonNode created = alice.await(f -> DdpClient.changed("stream-room-messages", channel).test(f)
          && fileId.equals(f.at("/fields/args/0/file/_id").asText()), 5);
      assertThat(created.at("/fields/args/0/attachments/0/image_dimensions/width").asInt())
          .isEqualTo(960);
      JsonNode updated = alice.await(f -> DdpClient.changed("stream-room-messages", channel).test(f)
          && f.at("/fields/args/0/files").size() == 2, 10);
      assertThat(updated.at("/fields/args/0/attachments/0/image_dimensions/width").asInt())
          .isEqualTo(480);
    }
  }

  @Test
  void deleting_the_message_deletes_its_file() {
    FilesHttp.Reply r = upload(cast.bob(), channel, Map.of(), "old.png", "image/png", png(900, 900));
    String mid = r.json().at("/message/_id").asText();
    String path = r.json().at("/message/attachments/0/title_link").asText();
    server.parley().files().awaitIdle();
    long before = storedFiles();
    var deleted = cast.bob().postJson("/api/v1/chat.delete", Map.of("roomId", channel, "msgId", mid));
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
    server.parley().files().awaitIdle();
    assertThat(download(path, cast.alice()).status()).isEqualTo(404);
    assertThat(storedFiles()).isEqualTo(before - 2); // the file and its thumbnail
    assertThat(cast.alice().get("/api/v1/channels.files?roomId=" + channel + "&name=old.png")
        .json().get("total").asInt()).isZero();
  }

  @Test
  void uploads_delete_removes_a_file_and_its_thumbnail_from_the_message() {
    FilesHttp.Reply r = upload(cast.bob(), channel, Map.of("msg", "oops"), "wrong.png", "image/png",
        png(800, 800));
    String fileId = r.json().at("/message/file/_id").asText();
    String mid = r.json().at("/message/_id").asText();
    String path = r.json().at("/message/attachments/0/title_link").asText();
    server.parley().files().awaitIdle();
    var denied = cast.mallory().postJson("/api/v1/uploads.delete", Map.of("fileId", fileId));
    assertThat(denied.status()).as(denied.body()).isEqualTo(403);
    assertThat(cast.bob().postJson("/api/v1/uploads.delete", Map.of("fileId", "nosuchfile123456"))
        .status()).isEqualTo(404);
    var deleted = cast.bob().postJson("/api/v1/uploads.delete", Map.of("fileId", fileId));
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
    assertThat(deleted.json().get("deletedFiles")).hasSize(2);
    assertThat(deleted.json().at("/deletedFiles/0").asText()).isEqualTo(fileId);
    JsonNode m = cast.alice().get("/api/v1/chat.getMessage?msgId=" + mid).json().get("message");
    assertThat(m.get("msg").asText()).isEqualTo("oops");
    assertThat(m.path("attachments")).isEmpty();
    assertThat(m.has("file")).isFalse();
    server.parley().files().awaitIdle();
    assertThat(download(path, cast.alice()).status()).isEqualTo(404);
  }

  @Test
  void cleaning_history_removes_the_files() {
    String rid = cast.alice().postJson("/api/v1/channels.create", Map.of("name", "cleaned"))
        .json().at("/channel/_id").asText();
    FilesHttp.Reply r = upload(cast.alice(), rid, Map.of(), "gone.txt", "text/plain", new byte[7]);
    String path = r.json().at("/message/attachments/0/title_link").asText();
    var cleaned = cast.carol().postJson("/api/v1/rooms.cleanHistory", Map.of("roomId", rid,
        "latest", "2100-01-01T00:00:00.000Z", "oldest", "2000-01-01T00:00:00.000Z"));
    assertThat(cleaned.status()).as(cleaned.body()).isEqualTo(200);
    server.parley().files().awaitIdle();
    assertThat(download(path, cast.alice()).status()).isEqualTo(404);
  }

  @Test
  void the_two_step_upload_shares_the_file_only_when_confirmed() {
    FilesHttp.Reply staged = FilesHttp.upload(server.baseUrl(), "/api/v1/rooms.media/" + channel,
        cast.bob().userId(), cast.bob().token(), Map.of(), "file", "draft.pdf", "application/pdf",
        "%PDF-1.4".getBytes(StandardCharsets.UTF_8));
    assertThat(staged.status()).as(staged.text()).isEqualTo(200);
    String fileId = staged.json().at("/file/_id").asText();
    assertThat(staged.json().at("/file/url").asText()).isEqualTo("/file-upload/" + fileId + "/draft.pdf");
    assertThat(cast.alice().get("/api/v1/channels.files?roomId=" + channel + "&name=draft").json()
        .get("total").asInt()).isZero();
    // Only the uploader may confirm it.
    assertError(cast.alice().postJson("/api/v1/rooms.mediaConfirm/" + channel + "/" + fileId,
        Map.of("msg", "mine now")), 400, "invalid-file");
    var confirmed = cast.bob().postJson("/api/v1/rooms.mediaConfirm/" + channel + "/" + fileId,
        Map.of("msg", "the draft", "description", "v1"));
    assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
    JsonNode m = confirmed.json().get("message");
    assertThat(m.get("msg").asText()).isEqualTo("the draft");
    assertThat(m.at("/file/_id").asText()).isEqualTo(fileId);
    assertThat(m.at("/attachments/0/description").asText()).isEqualTo("v1");
    assertThat(cast.alice().get("/api/v1/channels.files?roomId=" + channel + "&name=draft").json()
        .get("total").asInt()).isEqualTo(1);
    assertError(cast.bob().postJson("/api/v1/rooms.mediaConfirm/" + channel + "/" + fileId,
        Map.of()), 400, "invalid-file");
  }

  @Test
  void avatars_fall_back_to_initials_and_can_be_set_and_reset() throws IOException {
    FilesHttp.Reply svg = FilesHttp.get(server.baseUrl() + "/avatar/alice", Map.of());
    assertThat(svg.status()).isEqualTo(200);
    assertThat(svg.header("content-type")).startsWith("image/svg+xml");
    assertThat(svg.text()).contains("<svg").contains(">\nA\n<");
    assertThat(svg.header("cache-control")).contains("max-age=3600");
    String etag = svg.header("etag");
    assertThat(FilesHttp.get(server.baseUrl() + "/avatar/alice", Map.of()).header("etag"))
        .isEqualTo(etag);
    assertThat(FilesHttp.get(server.baseUrl() + "/avatar/alice", Map.of("If-None-Match", etag))
        .status()).isEqualTo(304);
    assertThat(FilesHttp.get(server.baseUrl() + "/avatar/room/" + channel, Map.of()).text())
        .contains(">\nS\n<");
    setting("Accounts_AvatarBlockUnauthenticatedAccess", true);
    assertThat(FilesHttp.get(server.baseUrl() + "/avatar/alice", Map.of()).status()).isEqualTo(403);
    assertThat(FilesHttp.get(server.baseUrl() + "/avatar/alice", Map.of("Cookie",
        "rc_uid=" + cast.bob().userId() + "; rc_token=" + cast.bob().token())).status()).isEqualTo(200);
    setting("Accounts_AvatarBlockUnauthenticatedAccess", false);

    RestClient.Response redirect = cast.anonymous().get("/api/v1/users.getAvatar?userId=" + cast.alice().userId());
    assertThat(redirect.status()).isEqualTo(307);
    assertThat(redirect.headers().get("location")).endsWith("/avatar/alice");
    assertError(cast.anonymous().get("/api/v1/users.getAvatar?username=nobody-here"), 400, "error-invalid-user");
    DdpClient watcher = DdpClient.loggedIn(server.baseUrl(), cast.bob());
    watcher.sub("stream-notify-logged", "updateAvatar", false);
    FilesHttp.Reply set = FilesHttp.upload(server.baseUrl(), "/api/v1/users.setAvatar",
        cast.alice().userId(), cast.alice().token(), Map.of(), "image", "me.png", "image/png",
        png(300, 300));
    assertThat(set.status()).as(set.text()).isEqualTo(200);
    JsonNode notice = watcher.await(DdpClient.changed("stream-notify-logged", "updateAvatar"), 5)
        .at("/fields/args/0");
    assertThat(notice.path("username").asText()).isEqualTo("alice");
    assertThat(notice.path("etag").asText()).isNotBlank();
    watcher.close();
    FilesHttp.Reply image = FilesHttp.get(server.baseUrl() + "/avatar/alice", Map.of());
    assertThat(image.header("content-type")).isEqualTo("image/png");
    assertThat(dimensions(image.body())).containsExactly(300, 300);
    assertThat(image.header("etag")).isNotEqualTo(etag);
    assertThat(dimensions(FilesHttp.get(server.baseUrl() + "/avatar/alice?size=64", Map.of()).body()))
        .containsExactly(64, 64);
    // Not an image: refused, the avatar stays.
    FilesHttp.Reply junk = FilesHttp.upload(server.baseUrl(), "/api/v1/users.setAvatar",
        cast.alice().userId(), cast.alice().token(), Map.of(), "image", "me.png", "image/png",
        "<html>".getBytes(StandardCharsets.UTF_8));
    assertThat(junk.status()).isEqualTo(400);
    // Bob may not change Alice's avatar.
    assertError(cast.bob().postJson("/api/v1/users.resetAvatar", Map.of("username", "alice")), 400,
        "error-not-allowed");
    // An admin may (edit-other-user-avatar).
    var byAdmin = cast.carol().postJson("/api/v1/users.resetAvatar", Map.of("username", "alice"));
    assertThat(byAdmin.status()).as(byAdmin.body()).isEqualTo(200);
    assertThat(cast.alice().postJson("/api/v1/users.resetAvatar", Map.of()).status()).isEqualTo(200);
    FilesHttp.Reply back = FilesHttp.get(server.baseUrl() + "/avatar/alice", Map.of());
    assertThat(back.header("content-type")).startsWith("image/svg+xml");
    assertThat(back.header("etag")).isEqualTo(etag);
  }

  @Test
  void an_uploaded_avatar_gives_the_user_an_avatar_etag_seen_by_rest_and_its_user_stream() {
    RestClient who = cast.mallory();
    assertThat(who.get("/api/v1/users.info?username=mallory").json().at("/user/avatarETag")
        .isMissingNode()).isTrue();
    String own = who.userId() + "/userData";
    try (DdpClient socket = DdpClient.loggedIn(server.baseUrl(), who)) {
      socket.sub("stream-notify-user", own, false);
      FilesHttp.Reply set = FilesHttp.upload(server.baseUrl(), "/api/v1/users.setAvatar",
          who.userId(), who.token(), Map.of(), "image", "me.png", "image/png", png(64, 64));
      assertThat(set.status()).as(set.text()).isEqualTo(200);
      String etag = cast.alice().get("/api/v1/users.info?username=mallory").json()
          .at("/user/avatarETag").asText();
      assertThat(etag).isNotBlank();
      assertThat(who.get("/api/v1/me").json().path("avatarETag").asText()).isEqualTo(etag);
      JsonNode data = socket.await(f -> DdpClient.changed("stream-notify-user", own).test(f)
          && f.at("/fields/args/0/diff/avatarETag").isTextual(), 5).at("/fields/args/0");
      assertThat(data.path("id").asText()).isEqualTo(who.userId());
      assertThat(data.at("/diff/avatarETag").asText()).isEqualTo(etag);
      assertThat(data.at("/diff/avatarOrigin").asText()).isEqualTo("upload");
      // A URL naming the current etag never shows another image: cached for good.
      assertThat(FilesHttp.get(server.baseUrl() + "/avatar/mallory?etag=" + etag, Map.of())
          .header("cache-control")).contains("immutable");
      assertThat(FilesHttp.get(server.baseUrl() + "/avatar/mallory?etag=stale", Map.of())
          .header("cache-control")).isEqualTo("public, max-age=3600");

      assertThat(who.postJson("/api/v1/users.resetAvatar", Map.of()).status()).isEqualTo(200);
      JsonNode unset = socket.await(f -> DdpClient.changed("stream-notify-user", own).test(f)
          && f.at("/fields/args/0/unset/avatarETag").asInt() == 1, 5).at("/fields/args/0");
      assertThat(unset.at("/unset/avatarOrigin").asInt()).isEqualTo(1);
      assertThat(who.get("/api/v1/users.info?username=mallory").json().at("/user/avatarETag")
          .isMissingNode()).isTrue();
      assertThat(FilesHttp.get(server.baseUrl() + "/avatar/mallory?etag=" + etag, Map.of())
          .header("cache-control")).isEqualTo("public, max-age=3600");
    }
  }

  @Test
  void room_avatars_are_set_through_room_settings_by_those_who_may_edit_the_room() throws IOException {
    String data = "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(png(120, 80));
    assertError(cast.bob().postJson("/api/v1/rooms.saveRoomSettings",
        Map.of("rid", channel, "roomAvatar", data)), 400, "error-action-not-allowed");
    var saved = cast.alice().postJson("/api/v1/rooms.saveRoomSettings",
        Map.of("rid", channel, "roomAvatar", data));
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    FilesHttp.Reply image = FilesHttp.get(server.baseUrl() + "/avatar/room/" + channel, Map.of());
    assertThat(image.header("content-type")).isEqualTo("image/png");
    assertThat(dimensions(image.body())).containsExactly(120, 80);
    var reset = cast.alice().postJson("/api/v1/rooms.saveRoomSettings",
        Map.of("rid", channel, "roomAvatar", ""));
    assertThat(reset.status()).as(reset.body()).isEqualTo(200);
    assertThat(FilesHttp.get(server.baseUrl() + "/avatar/room/" + channel, Map.of())
        .header("content-type")).startsWith("image/svg+xml");
    assertThat(FilesHttp.get(server.baseUrl() + "/avatar/room/nosuchroom", Map.of()).status())
        .isEqualTo(404);
  }

  @Test
  void deleting_a_room_deletes_its_files_and_images_are_listed_newest_first() {
    String rid = cast.alice().postJson("/api/v1/groups.create", Map.of("name", "scratch"))
        .json().at("/group/_id").asText();
    upload(cast.alice(), rid, Map.of(), "one.png", "image/png", png(20, 20));
    FilesHttp.Reply two = upload(cast.alice(), rid, Map.of(), "two.png", "image/png", png(20, 20));
    upload(cast.alice(), rid, Map.of(), "notes.txt", "text/plain", new byte[5]);
    JsonNode images = cast.alice().get("/api/v1/rooms.images?roomId=" + rid).json();
    assertThat(images.get("total").asInt()).isEqualTo(2);
    assertThat(images.get("files")).extracting(f -> f.get("name").asText())
        .containsExactly("two.png", "one.png");
    assertThat(cast.mallory().get("/api/v1/rooms.images?roomId=" + rid).status()).isEqualTo(403);
    server.parley().files().awaitIdle();
    long before = storedFiles();
    assertThat(cast.alice().postJson("/api/v1/groups.delete", Map.of("roomId", rid)).status())
        .isEqualTo(200);
    server.parley().files().awaitIdle();
    assertThat(storedFiles()).isEqualTo(before - 3);
    assertThat(download(two.json().at("/message/attachments/0/title_link").asText(), cast.alice())
        .status()).isEqualTo(404);
  }

  FilesHttp.Reply emojiForm(RestClient who, String endpoint, Map<String, String> fields,
      String type, byte[] image) {
    return FilesHttp.upload(server.baseUrl(), "/api/v1/" + endpoint, who.userId(), who.token(),
        fields, image == null ? null : "emoji", "e." + type.substring(6), type, image);
  }

  @Test
  void custom_emoji_lifecycle() throws IOException {
    byte[] parrot = png(32, 32);
    FilesHttp.Reply denied = emojiForm(cast.alice(), "emoji-custom.create",
        Map.of("name", "parrot"), "image/png", parrot);
    assertThat(denied.status()).isEqualTo(400);
    assertThat(denied.json().get("success").asBoolean()).isFalse();
    FilesHttp.Reply notImage = emojiForm(cast.carol(), "emoji-custom.create",
        Map.of("name", "parrot"), "image/png", "<svg/>".getBytes(StandardCharsets.UTF_8));
    assertThat(notImage.json().get("errorType").asText()).isEqualTo("emoji-is-not-image");
    String before = java.time.Instant.now().minusSeconds(1).toString();
    FilesHttp.Reply created = emojiForm(cast.carol(), "emoji-custom.create",
        Map.of("name", "Parrot", "aliases", "party, bird"), "image/png", parrot);
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    assertThat(emojiForm(cast.carol(), "emoji-custom.create", Map.of("name", "party"), "image/png",
        parrot).status()).isEqualTo(400);

    JsonNode update = cast.alice().get("/api/v1/emoji-custom.list").json().at("/emojis/update");
    assertThat(update).hasSize(1);
    JsonNode e = update.get(0);
    assertThat(e.get("name").asText()).isEqualTo("parrot");
    assertThat(e.get("aliases")).extracting(JsonNode::asText).containsExactly("party", "bird");
    assertThat(e.get("extension").asText()).isEqualTo("png");
    assertThat(cast.alice().get("/api/v1/emoji-custom.all").json().get("total").asInt()).isEqualTo(1);
    FilesHttp.Reply img = FilesHttp.get(server.baseUrl() + "/emoji-custom/parrot.png", Map.of());
    assertThat(img.header("content-type")).isEqualTo("image/png");
    assertThat(img.body()).isEqualTo(parrot);

    // Reactions may use it by name or alias.
    String mid = MessagesContract.id(SeedFlowContract.send(cast.bob(), channel, "look"));
    assertThat(cast.alice().postJson("/api/v1/chat.react", Map.of("messageId", mid, "emoji", ":party:"))
        .status()).isEqualTo(200);
    assertError(cast.alice().postJson("/api/v1/chat.react", Map.of("messageId", mid, "emoji",
        ":no_such_custom_emoji:")), 400, "error-not-allowed");

    String id = e.get("_id").asText();
    DdpClient watcher = DdpClient.loggedIn(server.baseUrl(), cast.bob());
    watcher.sub("stream-notify-logged", "updateEmojiCustom", false);
    watcher.sub("stream-notify-logged", "deleteEmojiCustom", false);
    FilesHttp.Reply renamed = emojiForm(cast.carol(), "emoji-custom.update",
        Map.of("_id", id, "name", "parrot2", "aliases", ""), "image/gif", gif());
    assertThat(renamed.status()).as(renamed.text()).isEqualTo(200);
    JsonNode updatedNotice = watcher.await(DdpClient.changed("stream-notify-logged", "updateEmojiCustom"), 5)
        .at("/fields/args/0/emojiData");
    assertThat(updatedNotice.path("name").asText()).isEqualTo("parrot2");
    assertThat(updatedNotice.path("previousName").asText()).isEqualTo("parrot");
    assertThat(updatedNotice.path("extension").asText()).isEqualTo("gif");
    assertThat(FilesHttp.get(server.baseUrl() + "/emoji-custom/parrot2.gif", Map.of())
        .header("content-type")).isEqualTo("image/gif");
    assertThat(FilesHttp.get(server.baseUrl() + "/emoji-custom/parrot.png", Map.of())
        .header("content-type")).startsWith("image/svg+xml");

    assertError(cast.alice().postJson("/api/v1/emoji-custom.delete", Map.of("emojiId", id)), 400,
        "not_authorized");
    assertThat(cast.carol().postJson("/api/v1/emoji-custom.delete", Map.of("emojiId", id)).status())
        .isEqualTo(200);
    assertThat(watcher.await(DdpClient.changed("stream-notify-logged", "deleteEmojiCustom"), 5)
        .at("/fields/args/0/emojiData/_id").asText()).isEqualTo(id);
    watcher.close();
    JsonNode changes = cast.alice().get("/api/v1/emoji-custom.list?updatedSince=" + before).json()
        .get("emojis");
    assertThat(changes.get("update")).isEmpty();
    assertThat(changes.at("/remove/0/_id").asText()).isEqualTo(id);
  }

  FilesHttp.Reply setAsset(RestClient who, String name, String type, byte[] content) {
    return FilesHttp.upload(server.baseUrl(), "/api/v1/assets.setAsset", who.userId(), who.token(),
        Map.of("assetName", name), "asset", "x", type, content);
  }

  @Test
  void workspace_assets_are_set_checked_served_and_unset() throws IOException {
    assertThat(setAsset(cast.alice(), "logo", "image/png", png(100, 40)).json().get("errorType")
        .asText()).isEqualTo("error-action-not-allowed");
    assertThat(setAsset(cast.carol(), "nonsense", "image/png", png(10, 10)).json().get("errorType")
        .asText()).isEqualTo("error-invalid-asset");
    assertThat(setAsset(cast.carol(), "favicon_16", "image/png", png(32, 32)).json().get("errorType")
        .asText()).isEqualTo("error-invalid-file-width");
    assertThat(setAsset(cast.carol(), "favicon_ico", "image/png", png(16, 16)).json().get("errorType")
        .asText()).isEqualTo("error-invalid-file-type");
    byte[] logo = png(100, 40);
    FilesHttp.Reply ok = setAsset(cast.carol(), "logo", "image/png", logo);
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    FilesHttp.Reply served = FilesHttp.get(server.baseUrl() + "/assets/logo.png", Map.of());
    assertThat(served.status()).isEqualTo(200);
    assertThat(served.header("content-type")).isEqualTo("image/png");
    assertThat(served.body()).isEqualTo(logo);
    assertThat(FilesHttp.get(server.baseUrl() + "/assets/logo.ico", Map.of()).status()).isEqualTo(403);
    var unset = cast.carol().postJson("/api/v1/assets.unsetAsset", Map.of("assetName", "logo"));
    assertThat(unset.status()).as(unset.body()).isEqualTo(200);
    assertThat(FilesHttp.get(server.baseUrl() + "/assets/logo.png", Map.of()).status()).isEqualTo(404);
  }

  @Test
  void custom_sounds_are_managed_over_ddp_and_listed_over_rest() {
    byte[] mp3 = "ID3 pretend audio".getBytes(StandardCharsets.UTF_8);
    try (DdpClient carol = DdpClient.connect(server.baseUrl());
        DdpClient alice = DdpClient.connect(server.baseUrl())) {
      carol.call("login", Map.of("resume", cast.carol().token()));
      alice.call("login", Map.of("resume", cast.alice().token()));
      assertThat(alice.call("insertOrUpdateSound", Map.of("name", "ding", "extension", "mp3"))
          .has("error")).isTrue();
      String id = carol.call("insertOrUpdateSound", Map.of("name", "ding", "extension", "mp3"))
          .path("result").asText();
      assertThat(id).isNotBlank();
      assertThat(carol.call("insertOrUpdateSound", Map.of("name", "ding", "extension", "mp3"))
          .at("/error/error").asText()).isEqualTo("Custom_Sound_Error_Name_Already_In_Use");
      JsonNode uploaded = carol.call("uploadCustomSound",
          Map.of("$binary", java.util.Base64.getEncoder().encodeToString(mp3)), "audio/mpeg",
          Map.of("_id", id, "name", "ding", "extension", "mp3"));
      assertThat(uploaded.has("error")).as(uploaded.toString()).isFalse();
      assertThat(alice.call("listCustomSounds").path("result")).hasSize(1);

      JsonNode list = cast.alice().get("/api/v1/custom-sounds.list").json();
      assertThat(list.get("total").asInt()).isEqualTo(1);
      assertThat(list.at("/sounds/0/name").asText()).isEqualTo("ding");
      JsonNode one = cast.alice().get("/api/v1/custom-sounds.getOne?_id=" + id).json();
      assertThat(one.at("/sound/name").asText()).isEqualTo("ding");
      assertThat(one.at("/sound/_id").asText()).isEqualTo(id);
      assertThat(one.get("name").asText()).isEqualTo("ding");
      RestClient.Response missing = cast.alice().get("/api/v1/custom-sounds.getOne?_id=nosuchsound");
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.json().get("error").asText()).isEqualTo("Custom Sound not found.");
      FilesHttp.Reply audio = FilesHttp.get(server.baseUrl() + "/custom-sounds/" + id + ".mp3", Map.of());
      assertThat(audio.header("content-type")).isEqualTo("audio/mpeg");
      assertThat(audio.body()).isEqualTo(mp3);

      assertThat(carol.call("deleteCustomSound", id).has("error")).isFalse();
      assertThat(cast.alice().get("/api/v1/custom-sounds.list").json().get("total").asInt()).isZero();
      assertThat(FilesHttp.get(server.baseUrl() + "/custom-sounds/" + id + ".mp3", Map.of()).status())
          .isEqualTo(404);
    }
  }

  static byte[] gif() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "gif", out);
    return out.toByteArray();
  }

  @Test
  void avatar_urls_need_the_setting_and_never_reach_private_addresses() {
    assertError(cast.alice().postJson("/api/v1/users.setAvatar",
        Map.of("avatarUrl", "https://example.com/a.png")), 400, "error-not-allowed");
    setting("Accounts_AvatarAllowExternalUrl", true);
    for (String url : List.of(server.baseUrl() + "/avatar/bob", "http://127.0.0.1:1/x.png",
        "http://10.0.0.1/x.png", "http://169.254.169.254/latest/meta-data", "http://[::1]/x.png",
        "file:///etc/passwd", "http://localhost/x.png")) {
      assertError(cast.alice().postJson("/api/v1/users.setAvatar", Map.of("avatarUrl", url)), 400,
          "error-avatar-invalid-url");
    }
  }
}
