package chat.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Multipart uploads and byte downloads with the JDK's HttpClient, as a browser or SDK sends them. */
final class FilesHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private FilesHttp() {}

  record Reply(int status, byte[] body, Map<String, String> headers) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + text(), e);
      }
    }

    String header(String name) {
      return headers.get(name.toLowerCase());
    }

    @Override
    public String toString() {
      return status + " " + text();
    }
  }

  /** A multipart/form-data body: text fields, then one file part. */
  static byte[] multipart(String boundary, Map<String, String> fields, String fileField,
      String fileName, String type, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (var f : fields.entrySet()) {
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey()
            + "\"\r\n\r\n" + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
      }
      if (fileField != null) {
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField
            + "\"; filename=\"" + fileName + "\"\r\nContent-Type: " + type + "\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
        out.write(content);
        out.write("\r\n".getBytes(StandardCharsets.UTF_8));
      }
      out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static Reply upload(String baseUrl, String path, String userId, String token,
      Map<String, String> fields, String fileField, String fileName, String type, byte[] content) {
    String boundary = "----parley" + UUID.randomUUID();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(
            multipart(boundary, fields, fileField, fileName, type, content)));
    if (userId != null) {
      b.header("X-User-Id", userId).header("X-Auth-Token", token);
    }
    return send(b);
  }

  static Reply get(String url, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
    headers.forEach(b::header);
    return send(b);
  }

  private static Reply send(HttpRequest.Builder b) {
    try {
      HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      Map<String, String> headers = new LinkedHashMap<>();
      r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
      return new Reply(r.statusCode(), r.body(), headers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
