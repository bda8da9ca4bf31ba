package chat.parley.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Speaks to Parley as a Rocket.Chat client would: JSON or form bodies, auth headers. */
public final class RestClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5))
      .version(HttpClient.Version.HTTP_1_1)
      .build();

  private final String baseUrl;
  private final String userId;
  private final String token;

  public RestClient(String baseUrl) {
    this(baseUrl, null, null);
  }

  private RestClient(String baseUrl, String userId, String token) {
    this.baseUrl = baseUrl;
    this.userId = userId;
    this.token = token;
  }

  /** The same server, sending {@code X-User-Id}/{@code X-Auth-Token}. */
  public RestClient as(String userId, String token) {
    return new RestClient(baseUrl, userId, token);
  }

  public String userId() {
    return userId;
  }

  public String token() {
    return token;
  }

  /** Logs in with {@code user}/{@code password} and returns a client holding the new token. */
  public RestClient login(String user, String password) {
    Response r = postJson("/api/v1/login", Map.of("user", user, "password", password));
    if (r.status() != 200) {
      throw new AssertionError("login failed: " + r);
    }
    return as(r.json().at("/data/userId").asText(), r.json().at("/data/authToken").asText());
  }

  public Response get(String path) {
    return send(request(path).GET());
  }

  public Response putJson(String path, Object body) {
    try {
      return send(request(path).header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Response delete(String path) {
    return send(request(path).DELETE());
  }

  public Response postJson(String path, Object body) {
    try {
      return postRaw(path, "application/json", JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON POST with extra request headers (e.g. {@code x-2fa-code} / {@code x-2fa-method}). */
  public Response postJson(String path, Object body, Map<String, String> headers) {
    try {
      HttpRequest.Builder b = request(path).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      headers.forEach(b::header);
      return send(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Response postForm(String path, Map<String, String> fields) {
    String form = fields.entrySet().stream()
        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
    return postRaw(path, "application/x-www-form-urlencoded", form);
  }

  public Response postRaw(String path, String contentType, String body) {
    HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b);
  }

  public Response postBytes(String path, String contentType, byte[] body) {
    return send(request(path).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(30));
    if (userId != null) {
      b.header("X-User-Id", userId);
    }
    if (token != null) {
      b.header("X-Auth-Token", token);
    }
    return b;
  }

  private static Response send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      Map<String, String> headers = new LinkedHashMap<>();
      r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
      return new Response(r.statusCode(), r.body(), headers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  public static String q(String s) {
    return enc(s);
  }

  /** A response: status, raw body, lower-cased headers, and the body parsed as JSON. */
  public record Response(int status, String body, Map<String, String> headers) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
