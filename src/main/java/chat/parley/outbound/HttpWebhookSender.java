package chat.parley.outbound;

import chat.parley.integrations.WebhookSender;
import chat.parley.wire.RcJson;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Posts outgoing webhook payloads as JSON with Rocket.Chat's headers; reads at most {@link
 * #MAX_ANSWER} bytes of the answer and parses it when its content type is one Rocket.Chat parses.
 */
public final class HttpWebhookSender implements WebhookSender {
  static final int MAX_ANSWER = 1 << 20;
  // Rocket.Chat sends this fixed browser User-Agent (ScriptEngine.prepareOutgoingRequest).
  private static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36"
      + " (KHTML, like Gecko) Chrome/41.0.2227.0 Safari/537.36";
  private static final Set<String> JSON_TYPES = Set.of("application/json", "text/javascript",
      "application/javascript", "application/x-javascript");

  private final HttpClient client;
  private final Duration requestTimeout;

  public HttpWebhookSender(Duration connectTimeout, Duration requestTimeout) {
    this.client = HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.requestTimeout = requestTimeout;
  }

  @Override
  public Reply post(String url, Map<String, Object> payload) throws IOException, InterruptedException {
    byte[] body = RcJson.rest().writeValueAsBytes(payload);
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .timeout(requestTimeout)
        .header("User-Agent", USER_AGENT)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    String content;
    try (InputStream in = response.body()) {
      content = new String(in.readNBytes(MAX_ANSWER), StandardCharsets.UTF_8);
    }
    String type = response.headers().firstValue("content-type").orElse("")
        .split(";")[0].trim().toLowerCase(Locale.ROOT);
    Map<String, Object> json = null;
    if (JSON_TYPES.contains(type) && !content.isBlank()) {
      try {
        JsonNode node = RcJson.rest().readTree(content);
        if (node != null && node.isObject()) {
          json = RcJson.rest().convertValue(node, new TypeReference<Map<String, Object>>() {});
        }
      } catch (IOException e) {
        json = null; // Rocket.Chat ignores an answer that is not JSON
      }
    }
    return new Reply(response.statusCode(), content, json);
  }

  @Override
  public void close() {
    client.shutdownNow();
  }
}
