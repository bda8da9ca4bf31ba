package chat.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.config.Config;
import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.RestClient;
import chat.parley.testing.S3rver;
import chat.parley.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The whole files contract with the bytes in an S3 bucket (a real S3-compatible server, s3rver),
 * streamed through Parley ({@code FileUpload_S3_Proxy_*} on); then the default mode, where
 * Parley checks access and answers with a 302 to a presigned URL.
 */
class SqliteS3FilesTest extends FilesContract {
  S3rver s3;

  @Override
  Backend backend() {
    return Backend.SQLITE;
  }

  @Override
  Map<String, String> startSettings() {
    s3 = S3rver.start();
    Map<String, String> settings = new HashMap<>(s3.settings());
    settings.put("FileUpload_S3_Proxy_Uploads", "true");
    settings.put("FileUpload_S3_Proxy_Avatars", "true");
    return settings;
  }

  @AfterAll
  void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  @Override
  @org.junit.jupiter.api.AfterEach
  void restoreSettings() {
    super.restoreSettings();
    setting("FileUpload_S3_Proxy_Uploads", true);
    setting("FileUpload_S3_Proxy_Avatars", true);
  }

  /** The bucket's objects: every stored blob (uploads, thumbnails, avatars, emoji) is there. */
  @Override
  long storedFiles() {
    assertThat(localBlobs()).as("nothing but staging stays on local disk").isZero();
    return s3.objects();
  }

  long localBlobs() {
    Path root = server.config().dataDir().resolve("uploads");
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).filter(p -> !p.startsWith(root.resolve("tmp")))
          .count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void downloads_redirect_members_to_a_presigned_url_and_refuse_others_first() {
    setting("FileUpload_S3_Proxy_Uploads", false);
    byte[] content = "quarterly numbers\n".getBytes(StandardCharsets.UTF_8);
    FilesHttp.Reply r = upload(cast.alice(), group, Map.of(), "q3.csv", "text/csv", content);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    String fileId = r.json().at("/message/file/_id").asText();
    String path = r.json().at("/message/attachments/0/title_link").asText();
    assertThat(s3.has(fileId)).isTrue();

    // Outsiders get a 403 and no URL to the bucket.
    for (FilesHttp.Reply denied : java.util.List.of(download(path, cast.mallory()),
        download(path, null))) {
      assertThat(denied.status()).isEqualTo(403);
      assertThat(denied.header("location")).isNull();
      assertThat(denied.text()).doesNotContain("quarterly");
    }
    FilesHttp.Reply redirect = download(path, cast.bob());
    assertThat(redirect.status()).isEqualTo(302);
    String location = redirect.header("location");
    assertThat(location).startsWith(s3.endpoint() + "/" + S3rver.BUCKET + "/" + fileId + "?")
        .contains("X-Amz-Algorithm=AWS4-HMAC-SHA256").contains("X-Amz-Expires=120")
        .contains("X-Amz-Signature=");
    assertThat(redirect.header("cache-control")).isEqualTo("no-store");
    // The presigned URL needs no Parley credentials and carries the download's headers.
    FilesHttp.Reply fetched = FilesHttp.get(location, Map.of());
    assertThat(fetched.status()).isEqualTo(200);
    assertThat(fetched.body()).isEqualTo(content);
    assertThat(fetched.header("content-type")).startsWith("text/csv");
    assertThat(fetched.header("content-disposition")).startsWith("attachment;")
        .contains("q3.csv");
    FilesHttp.Reply part = FilesHttp.get(location, Map.of("Range", "bytes=0-8"));
    assertThat(part.status()).isEqualTo(206);
    assertThat(part.text()).isEqualTo("quarterly");
    // The expiry follows FileUpload_S3_URLExpiryTimeSpan.
    setting("FileUpload_S3_URLExpiryTimeSpan", 30);
    assertThat(download(path, cast.bob()).header("location")).contains("X-Amz-Expires=30");
    setting("FileUpload_S3_URLExpiryTimeSpan", 120);

    // Deleting the file deletes the object.
    var deleted = cast.alice().postJson("/api/v1/uploads.delete", Map.of("fileId", fileId));
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
    assertThat(s3.has(fileId)).isFalse();
    assertThat(download(path, cast.bob()).status()).isEqualTo(404);
  }

  @Test
  void avatars_redirect_to_the_bucket_unless_resized() throws IOException {
    setting("FileUpload_S3_Proxy_Avatars", false);
    FilesHttp.Reply set = FilesHttp.upload(server.baseUrl(), "/api/v1/users.setAvatar",
        cast.bob().userId(), cast.bob().token(), Map.of(), "image", "me.png", "image/png",
        png(256, 256));
    assertThat(set.status()).as(set.text()).isEqualTo(200);
    FilesHttp.Reply redirect = FilesHttp.get(server.baseUrl() + "/avatar/bob", Map.of());
    assertThat(redirect.status()).isEqualTo(302);
    FilesHttp.Reply image = FilesHttp.get(redirect.header("location"), Map.of());
    assertThat(image.status()).isEqualTo(200);
    assertThat(image.header("content-type")).isEqualTo("image/png");
    assertThat(dimensions(image.body())).containsExactly(256, 256);
    // A smaller size is made here, from the bucket's bytes.
    FilesHttp.Reply small = FilesHttp.get(server.baseUrl() + "/avatar/bob?size=32", Map.of());
    assertThat(small.status()).isEqualTo(200);
    assertThat(dimensions(small.body())).containsExactly(32, 32);
    // Initials are no file: served as before.
    assertThat(FilesHttp.get(server.baseUrl() + "/avatar/nobody-at-all", Map.of()).status())
        .isEqualTo(200);
    assertThat(cast.bob().postJson("/api/v1/users.resetAvatar", Map.of()).status()).isEqualTo(200);
    assertThat(FilesHttp.get(server.baseUrl() + "/avatar/bob", Map.of()).header("content-type"))
        .startsWith("image/svg+xml");
  }

  @Test
  void files_kept_on_disk_before_the_switch_to_s3_stay_readable_and_deletable() {
    byte[] old = "from the file-system days".getBytes(StandardCharsets.UTF_8);
    Config config;
    String userId;
    String token;
    String fileId;
    String path;
    try (TestServer before = TestServer.start(Backend.SQLITE)) {
      Cast c = Cast.register(before);
      userId = c.alice().userId();
      token = c.alice().token();
      FilesHttp.Reply r = FilesHttp.upload(before.baseUrl(), "/api/v1/rooms.upload/GENERAL",
          userId, token, Map.of(), "file", "old.txt", "text/plain", old);
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      fileId = r.json().at("/message/file/_id").asText();
      path = r.json().at("/message/attachments/0/title_link").asText();
      config = before.config();
    }
    Map<String, String> settings = new HashMap<>(config.settingOverrides());
    settings.putAll(s3.settings());
    long objects = s3.objects();
    try (TestServer after = TestServer.start(config.withSettingOverrides(settings))) {
      RestClient alice = after.client().as(userId, token);
      Map<String, String> auth = Map.of("X-User-Id", userId, "X-Auth-Token", token);
      // Only this server has it, so it is streamed rather than redirected to the bucket.
      FilesHttp.Reply got = FilesHttp.get(after.baseUrl() + path, auth);
      assertThat(got.status()).isEqualTo(200);
      assertThat(got.body()).isEqualTo(old);
      // New files go to the bucket.
      FilesHttp.Reply fresh = FilesHttp.upload(after.baseUrl(), "/api/v1/rooms.upload/GENERAL",
          userId, token, Map.of(), "file", "new.txt", "text/plain", new byte[] {1, 2});
      assertThat(s3.has(fresh.json().at("/message/file/_id").asText())).isTrue();
      assertThat(s3.objects()).isEqualTo(objects + 1);
      assertThat(FilesHttp.get(after.baseUrl() + fresh.json().at("/message/attachments/0/title_link")
          .asText(), auth).status()).isEqualTo(302);
      // Deleting the old file removes it from the disk.
      var deleted = alice.postJson("/api/v1/uploads.delete", Map.of("fileId", fileId));
      assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
      Path root = config.dataDir().resolve("uploads");
      try (Stream<Path> files = Files.walk(root)) {
        assertThat(files.filter(Files::isRegularFile)
            .filter(p -> p.getFileName().toString().equals(fileId))).isEmpty();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void the_start_up_check_tells_a_missing_bucket_from_a_working_one() {
    chat.parley.files.LocalBlobStore disk = new chat.parley.files.LocalBlobStore(
        TestServer.tempDir());
    java.net.URI endpoint = java.net.URI.create(s3.endpoint());
    assertThat(new chat.parley.files.S3BlobStore(new chat.parley.files.S3BlobStore.Target(endpoint,
        S3rver.BUCKET, S3rver.ACCESS_KEY, S3rver.SECRET_KEY, "us-east-1", true), disk,
        java.time.Clock.systemUTC()).check()).isNull();
    assertThat(new chat.parley.files.S3BlobStore(new chat.parley.files.S3BlobStore.Target(endpoint,
        "no-such-bucket", S3rver.ACCESS_KEY, S3rver.SECRET_KEY, "us-east-1", true), disk,
        java.time.Clock.systemUTC()).check()).contains("404");
  }

  @Test
  void a_file_whose_object_is_gone_is_a_clean_404_when_streamed() {
    byte[] content = "short-lived".getBytes(StandardCharsets.UTF_8);
    FilesHttp.Reply r = upload(cast.alice(), channel, Map.of(), "gone.txt", "text/plain", content);
    String fileId = r.json().at("/message/file/_id").asText();
    String path = r.json().at("/message/attachments/0/title_link").asText();
    FilesHttp.Reply part = FilesHttp.get(server.baseUrl() + path, Map.of("Range", "bytes=6-",
        "X-User-Id", cast.bob().userId(), "X-Auth-Token", cast.bob().token()));
    assertThat(part.status()).isEqualTo(206);
    assertThat(part.text()).isEqualTo("lived");
    s3.lose(fileId);
    FilesHttp.Reply gone = download(path, cast.bob());
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.text()).doesNotContain("lived");
    assertThat(gone.header("content-disposition")).isNull();
  }
}
