// Holds many idle authenticated DDP sockets against a running Parley and measures delivery
// latency of REST-posted messages to the sockets subscribed to one room. JDK only; run with
//   java SocketBench.java <baseUrl> <userId> <token> <sockets> <listeners> <messages> <perSecond>
// Traffic goes to the given loopback URL only; every phase is bounded in time.
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class SocketBench {
  static final Pattern STAMP = Pattern.compile("bench-t=(\\d+)");
  static final ConcurrentLinkedQueue<Long> latenciesMicros = new ConcurrentLinkedQueue<>();
  static final AtomicInteger ready = new AtomicInteger();

  public static void main(String[] a) throws Exception {
    String base = a[0], userId = a[1], token = a[2];
    int sockets = Integer.parseInt(a[3]), listeners = Integer.parseInt(a[4]);
    int messages = Integer.parseInt(a[5]), perSecond = Integer.parseInt(a[6]);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String ws = base.replace("http://", "ws://") + "/websocket";
    List<WebSocket> open = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    CountDownLatch all = new CountDownLatch(sockets);
    for (int i = 0; i < sockets; i++) {
      boolean listen = i < listeners;
      int n = i;
      http.newWebSocketBuilder().buildAsync(URI.create(ws), new Client(listen, all)).whenComplete((s, e) -> {
        if (e != null) { System.err.println("socket " + n + " failed: " + e); all.countDown(); return; }
        open.add(s);
        // The JDK WebSocket allows one outstanding send: chain them.
        var sends = s.sendText("{\"msg\":\"connect\",\"version\":\"1\",\"support\":[\"1\"]}", true)
            .thenCompose(x -> x.sendText("{\"msg\":\"method\",\"method\":\"login\",\"id\":\"1\",\"params\":[{\"resume\":\"" + token + "\"}]}", true));
        if (listen) {
          sends = sends.thenCompose(x -> x.sendText("{\"msg\":\"sub\",\"id\":\"s\",\"name\":\"stream-room-messages\",\"params\":[\"GENERAL\",false]}", true));
        }
        sends.exceptionally(err -> { System.err.println("socket " + n + " send failed: " + err); return null; });
      });
      if (i % 100 == 99) { Thread.sleep(100); }
    }
    boolean done = all.await(180, TimeUnit.SECONDS);
    System.out.printf("sockets open and logged in: %d of %d in %.1f s%s%n", ready.get(), sockets,
        (System.nanoTime() - start) / 1e9, done ? "" : " (timed out)");
    System.out.println("READY " + ready.get());
    // The runner samples the server's memory now, then writes "go" on stdin.
    new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();

    long interval = 1_000_000_000L / perSecond;
    long next = System.nanoTime();
    for (int i = 0; i < messages; i++) {
      while (System.nanoTime() < next) { Thread.onSpinWait(); }
      next += interval;
      String body = "{\"roomId\":\"GENERAL\",\"text\":\"bench-t=" + System.nanoTime() + "\"}";
      http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/v1/chat.postMessage"))
          .header("Content-Type", "application/json").header("X-User-Id", userId).header("X-Auth-Token", token)
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
    }
    long expected = (long) messages * listeners;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (latenciesMicros.size() < expected && System.nanoTime() < deadline) { Thread.sleep(50); }
    List<Long> l = new ArrayList<>(latenciesMicros);
    Collections.sort(l);
    System.out.printf("deliveries %d of %d expected (%d messages x %d listening sockets)%n", l.size(), expected, messages, listeners);
    if (!l.isEmpty()) {
      System.out.printf("delivery latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n", pct(l, 50), pct(l, 90), pct(l, 99), l.get(l.size() - 1) / 1000.0);
    }
    for (WebSocket s : open) { s.abort(); }
    System.exit(0);
  }

  static double pct(List<Long> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1000.0;
  }

  static final class Client implements WebSocket.Listener {
    final boolean listen;
    final CountDownLatch all;
    boolean counted;
    final StringBuilder buf = new StringBuilder();

    Client(boolean listen, CountDownLatch all) { this.listen = listen; this.all = all; }

    @Override public void onOpen(WebSocket w) { w.request(1); }

    /** Pongs may race a pending send; retry shortly instead of dropping them. */
    static void pong(WebSocket w) {
      try {
        w.sendText("{\"msg\":\"pong\"}", true);
      } catch (IllegalStateException busy) {
        CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS).execute(() -> pong(w));
      }
    }

    @Override public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
      buf.append(data);
      if (last) {
        String f = buf.toString();
        buf.setLength(0);
        if (f.contains("\"msg\":\"ping\"")) { pong(w); }
        boolean isReady = listen ? f.contains("\"msg\":\"ready\"") : f.contains("\"msg\":\"result\"") && f.contains("\"token\"");
        if (isReady && !counted) { counted = true; ready.incrementAndGet(); all.countDown(); }
        if (listen && f.contains("stream-room-messages")) {
          Matcher m = STAMP.matcher(f);
          if (m.find()) { latenciesMicros.add((System.nanoTime() - Long.parseLong(m.group(1))) / 1000); }
        }
      }
      w.request(1);
      return null;
    }
  }
}
