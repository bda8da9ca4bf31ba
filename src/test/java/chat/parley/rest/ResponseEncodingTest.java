package chat.parley.rest;

import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.TestServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Successful API answers are written with their exact length, gzipped when large and the client
 * accepts gzip (as Javalin's own compression did), never when it does not.
 */
class ResponseEncodingTest {
  private static TestServer server;
  private static Cast cast;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = TestServer.start(Backend.SQLITE);
    cast = Cast.register(server);
    for (int i = 0; i < 40; i++) {
      cast.alice().postJson("/api/v1/chat.sendMessage", Map.of("message",
          Map.of("rid", "GENERAL", "msg", "a message long enough to make the history large " + i)));
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<byte[]> get(String path, String acceptEncoding) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .header("X-User-Id", cast.alice().userId()).header("X-Auth-Token", cast.alice().token());
    if (acceptEncoding != null) {
      request.header("Accept-Encoding", acceptEncoding);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void large_answers_are_gzipped_when_accepted() throws Exception {
    HttpResponse<byte[]> plain = get("/api/v1/channels.history?roomId=GENERAL&count=40", null);
    HttpResponse<byte[]> zipped = get("/api/v1/channels.history?roomId=GENERAL&count=40", "br, gzip;q=0.8");
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(plain.headers().firstValue("Content-Length")).contains(Integer.toString(plain.body().length));
    assertThat(plain.body().length).isGreaterThan(RestServer.MIN_GZIP_BYTES);
    assertThat(zipped.headers().firstValue("Content-Encoding")).contains("gzip");
    assertThat(zipped.headers().firstValue("Vary")).contains("Accept-Encoding");
    byte[] unzipped = new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes();
    assertThat(zipped.body().length).isLessThan(unzipped.length);
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(unzipped).get("messages").size()).isEqualTo(40);
    assertThat(json.readTree(unzipped).get("success").asBoolean()).isTrue();
  }

  @Test
  void small_answers_and_refused_gzip_stay_plain() throws Exception {
    HttpResponse<byte[]> info = get("/api/v1/me", "gzip");
    assertThat(info.statusCode()).isEqualTo(200);
    assertThat(info.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(new ObjectMapper().readTree(info.body()).get("username").asText()).isEqualTo("alice");
    HttpResponse<byte[]> refused = get("/api/v1/channels.history?roomId=GENERAL&count=40", "gzip;q=0, identity");
    assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(new ObjectMapper().readTree(refused.body()).get("messages").size()).isEqualTo(40);
    // Errors still go through Javalin (its 404 mapper sees them) and keep their JSON.
    HttpResponse<byte[]> missing = get("/api/v1/no.such.endpoint", "gzip");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(new ObjectMapper().readTree(missing.body()).get("success").asBoolean()).isFalse();
  }
}
