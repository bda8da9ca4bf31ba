package chat.parley.rest;

import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Endpoints named by one path segment are found by name (not by Javalin's route-by-route
 * matching), and bodies are read by their Content-Length: what a client sees must not change —
 * every method finds its endpoints, a wrong method or name is Javalin's 404, routes with path
 * parameters still match, and chunked or oversized bodies behave as before.
 */
class RoutingTest {
  private static TestServer server;
  private static Cast cast;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() {
    server = TestServer.start(Backend.SQLITE);
    cast = Cast.register(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .header("X-User-Id", cast.alice().userId()).header("X-Auth-Token", cast.alice().token());
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void endpoints_are_found_by_method_and_name() throws Exception {
    HttpResponse<String> me = send(request("/api/v1/me").GET().build());
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(me.body()).get("username").asText()).isEqualTo("alice");
    // Trailing slashes are ignored, as before.
    assertThat(send(request("/api/v1/me/").GET().build()).statusCode()).isEqualTo(200);
    // Public routes under /api/v1/ need no login.
    HttpResponse<String> policy = send(HttpRequest.newBuilder(
        URI.create(server.baseUrl() + "/api/v1/pw.getPolicy")).GET().build());
    assertThat(policy.statusCode()).isEqualTo(200);
    // A route whose handler answers by itself (a redirect to the avatar).
    HttpResponse<String> avatar = send(HttpRequest.newBuilder(
        URI.create(server.baseUrl() + "/api/v1/users.getAvatar?username=alice")).GET().build());
    assertThat(avatar.statusCode()).isEqualTo(307);
    assertThat(avatar.headers().firstValue("Location")).hasValueSatisfying(
        location -> assertThat(location).endsWith("/avatar/alice"));
    // Routes with path parameters are still Javalin's.
    HttpResponse<String> setting = send(request("/api/v1/settings/Message_MaxAllowedSize").GET().build());
    assertThat(setting.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(setting.body()).get("value").asInt()).isEqualTo(5000);
  }

  @Test
  void a_wrong_method_or_name_is_the_same_404_as_before() throws Exception {
    for (HttpRequest r : new HttpRequest[] {
        request("/api/v1/chat.sendMessage").GET().build(),
        request("/api/v1/me").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        request("/api/v1/no.such.endpoint").GET().build(),
        request("/api/v1/Me").GET().build()}) {
      HttpResponse<String> answer = send(r);
      assertThat(answer.statusCode()).as(r.method() + " " + r.uri()).isEqualTo(404);
      JsonNode body = JSON.readTree(answer.body());
      assertThat(body.get("success").asBoolean()).isFalse();
      assertThat(body.get("error").asText()).isEqualTo("Resource not found");
    }
  }

  @Test
  void bodies_with_and_without_a_length_are_read_whole() throws Exception {
    String text = "Grüße, line one\nline two " + "x".repeat(3000);
    byte[] body = JSON.writeValueAsBytes(java.util.Map.of("message",
        java.util.Map.of("rid", "GENERAL", "msg", text)));
    HttpResponse<String> sized = send(request("/api/v1/chat.sendMessage")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    assertThat(sized.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(sized.body()).at("/message/msg").asText()).isEqualTo(text);
    // No Content-Length: the client streams the body chunked.
    HttpResponse<String> chunked = send(request("/api/v1/chat.sendMessage")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());
    assertThat(chunked.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(chunked.body()).at("/message/msg").asText()).isEqualTo(text);
  }

  @Test
  void oversized_bodies_are_413_and_store_nothing() throws Exception {
    String before = send(request("/api/v1/channels.history?roomId=GENERAL&count=1").GET().build()).body();
    byte[] huge = ("{\"message\":{\"rid\":\"GENERAL\",\"msg\":\""
        + "y".repeat((int) RestServer.MAX_REQUEST_BYTES) + "\"}}").getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> sized = send(request("/api/v1/chat.sendMessage")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build());
    assertThat(sized.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(sized.body()).get("success").asBoolean()).isFalse();
    HttpResponse<String> chunked = send(request("/api/v1/chat.sendMessage")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))).build());
    assertThat(chunked.statusCode()).isEqualTo(413);
    String after = send(request("/api/v1/channels.history?roomId=GENERAL&count=1").GET().build()).body();
    assertThat(JSON.readTree(after).at("/messages/0/_id").asText())
        .isEqualTo(JSON.readTree(before).at("/messages/0/_id").asText());
  }
}
