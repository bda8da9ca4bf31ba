package chat.parley.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** A DDP client over a real WebSocket, as Rocket.Chat's SDKs speak it. Answers pings itself. */
public final class DdpClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
  private final List<JsonNode> seen = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final WebSocket ws;
  private final boolean autoRead;
  public final CompletableFuture<Integer> closed = new CompletableFuture<>();

  private DdpClient(String baseUrl, boolean autoRead) {
    this.autoRead = autoRead;
    this.ws = HttpClient.newHttpClient().newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .buildAsync(URI.create(baseUrl.replace("http://", "ws://") + "/websocket"), new Listener())
        .join();
  }

  /** Opens the socket and completes the DDP handshake. */
  public static DdpClient connect(String baseUrl) {
    DdpClient c = new DdpClient(baseUrl, true);
    c.send(Map.of("msg", "connect", "version", "1", "support", List.of("1", "pre2", "pre1")));
    c.await(f -> "connected".equals(f.path("msg").asText()), 5);
    return c;
  }

  /** A socket that stops reading after the handshake: the slow consumer. */
  /** Connects and logs in with {@code who}'s resume token, failing the test if login fails. */
  public static DdpClient loggedIn(String baseUrl, RestClient who) {
    DdpClient c = connect(baseUrl);
    JsonNode r = c.call("login", Map.of("resume", who.token()));
    if (r.has("error")) {
      throw new AssertionError("DDP login failed: " + r);
    }
    return c;
  }

  public static DdpClient connectWithoutReading(String baseUrl) {
    DdpClient c = new DdpClient(baseUrl, false);
    c.ws.request(1);
    c.send(Map.of("msg", "connect", "version", "1", "support", List.of("1")));
    return c;
  }

  public static DdpClient raw(String baseUrl) {
    return new DdpClient(baseUrl, true);
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode frame = JSON.readTree(partial.toString());
          if ("ping".equals(frame.path("msg").asText())) {
            send(Map.of("msg", "pong"));
          }
          frames.add(frame);
        } catch (Exception e) {
          frames.add(JSON.createObjectNode().put("unparsable", partial.toString()));
        }
        partial.setLength(0);
      }
      if (autoRead) {
        webSocket.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(-1);
    }
  }

  public void send(Map<String, Object> frame) {
    try {
      ws.sendText(JSON.writeValueAsString(frame), true).join();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public void sendRaw(String text) {
    ws.sendText(text, true).join();
  }

  /** Calls a method and returns its {@code result} frame. */
  public JsonNode call(String method, Object... params) {
    String id = String.valueOf(ids.incrementAndGet());
    Map<String, Object> frame = new LinkedHashMap<>();
    frame.put("msg", "method");
    frame.put("method", method);
    frame.put("id", id);
    frame.put("params", java.util.Arrays.asList(params));
    send(frame);
    return await(f -> "result".equals(f.path("msg").asText()) && id.equals(f.path("id").asText()), 10);
  }

  /** Subscribes and returns the {@code ready} or {@code nosub} frame. */
  public JsonNode sub(String name, Object... params) {
    String id = "s" + ids.incrementAndGet();
    send(Map.of("msg", "sub", "id", id, "name", name, "params", List.of(params)));
    return await(f -> (("ready".equals(f.path("msg").asText()) && f.path("subs").toString().contains(id))
        || ("nosub".equals(f.path("msg").asText()) && id.equals(f.path("id").asText()))), 10);
  }

  /** The first frame (already received or arriving within the timeout) that matches. */
  public synchronized JsonNode await(Predicate<JsonNode> match, int seconds) {
    for (JsonNode f : seen) {
      if (match.test(f)) {
        seen.remove(f);
        return f;
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        JsonNode f = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
        if (f == null) {
          throw new AssertionError("no matching DDP frame within " + seconds + "s; seen: " + seen);
        }
        if (match.test(f)) {
          return f;
        }
        seen.add(f);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** True when no matching frame arrives within the wait. */
  public boolean nothingMatches(Predicate<JsonNode> match, int millis) {
    try {
      await(match, 0);
      return false;
    } catch (AssertionError none) {
      // not among frames seen so far
    }
    long deadline = System.currentTimeMillis() + millis;
    try {
      while (System.currentTimeMillis() < deadline) {
        JsonNode f = frames.poll(deadline - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
        if (f != null) {
          if (match.test(f)) {
            return false;
          }
          synchronized (this) {
            seen.add(f);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  /** A {@code changed} frame of {@code stream} whose eventName is {@code eventName}. */
  public static Predicate<JsonNode> changed(String stream, String eventName) {
    return f -> "changed".equals(f.path("msg").asText()) && stream.equals(f.path("collection").asText())
        && eventName.equals(f.at("/fields/eventName").asText());
  }

  @Override
  public void close() {
    try {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      ws.abort();
    }
  }
}
