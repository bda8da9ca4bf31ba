import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Issue #8 first-render benchmark: seeds a channel with 50 messages over REST, then opens it in
 * Debian's headless Chromium (Playwright) with a saved session, and measures the time from the
 * start of the navigation to the 50th message being in the page: cold (fresh browser context,
 * empty HTTP cache) and warm (the same context navigating again).
 *
 *   java -cp <test classpath> WebFirstRender http://127.0.0.1:PORT adminUser adminPass [runs]
 */
public final class WebFirstRender {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Records performance.now() when the room's last message is in the DOM (before any paint). */
  private static final String PROBE = """
      (() => {
        if (location.pathname.startsWith('/channel/')) {
          const seen = () => {
            const log = document.querySelector('#main [role=log]');
            const last = log && log.querySelectorAll('article');
            if (last && last.length >= 50 && last[last.length - 1].textContent.includes('bench message 50')) {
              window.__rendered = performance.now();
              obs.disconnect();
            }
          };
          const obs = new MutationObserver(seen);
          obs.observe(document, { subtree: true, childList: true });
        }
      })();""";

  public static void main(String[] args) throws Exception {
    String base = args[0];
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 7;
    String login = post(base, "/api/v1/login", null, null, "{\"user\":\"" + args[1] + "\",\"password\":\"" + args[2] + "\"}");
    String uid = JSON.readTree(login).at("/data/userId").asText();
    String token = JSON.readTree(login).at("/data/authToken").asText();
    String room = "firstrender";
    String created = post(base, "/api/v1/channels.create", uid, token, "{\"name\":\"" + room + "\"}");
    String rid = JSON.readTree(created).at("/channel/_id").asText();
    for (int i = 1; i <= 50; i++) {
      post(base, "/api/v1/chat.sendMessage", uid, token, "{\"message\":{\"rid\":\"" + rid
          + "\",\"msg\":\"bench message " + i + ": the quick brown fox jumps over the lazy dog, *twice*\"}}");
    }
    String session = "localStorage.setItem('Meteor.loginToken', '" + token + "');"
        + "localStorage.setItem('Meteor.userId', '" + uid + "');";
    String url = base + "/channel/" + room;
    List<double[]> cold = new ArrayList<>();
    List<double[]> warm = new ArrayList<>();
    try (Playwright pw = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
      Browser browser = pw.chromium().launch(new BrowserType.LaunchOptions()
          .setExecutablePath(java.nio.file.Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium")))
          .setHeadless(true)
          .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--no-first-run")));
      // One unmeasured load first: JIT in the server, Chromium's own first-start costs.
      measure(browser.newContext(), session, url).close();
      for (int i = 0; i < runs; i++) {
        BrowserContext ctx = browser.newContext(new Browser.NewContextOptions().setViewportSize(1200, 800));
        Page page = measure(ctx, session, url);
        cold.add(result(page));
        String coldTimeline = System.getenv("DETAIL") != null ? timeline(page) : "";
        page.close();
        Page again = measure(ctx, session, url);
        warm.add(result(again));
        if (i == runs - 1 && System.getenv("DETAIL") != null) {
          System.out.println("cold timeline (last run):\n" + coldTimeline);
          System.out.println("warm timeline (last run):\n" + timeline(again));
        }
        ctx.close();
      }
      browser.close();
    }
    report("cold", cold);
    report("warm", warm);
  }

  private static Page measure(BrowserContext ctx, String session, String url) {
    ctx.addInitScript(session);
    ctx.addInitScript(PROBE);
    Page page = ctx.newPage();
    page.setDefaultTimeout(30_000);
    page.navigate(url);
    page.waitForFunction("() => window.__rendered !== undefined");
    return page;
  }

  /** Every request's start and end (ms after navigation start), and the page's milestones. */
  private static String timeline(Page page) {
    return (String) page.evaluate("""
        () => {
          const nav = performance.getEntriesByType('navigation')[0];
          const rows = performance.getEntriesByType('resource').map(e =>
            `  ${e.startTime.toFixed(0).padStart(5)} -> ${e.responseEnd.toFixed(0).padStart(5)}  ${e.transferSize ? 'net  ' : 'cache'} ${e.name.replace(location.origin, '')}`);
          const marks = performance.getEntriesByType('mark').map(m => `${m.name.replace('parley:', '')} ${m.startTime.toFixed(0)}`);
          rows.unshift(`  html ${nav.responseEnd.toFixed(0)}, DOMContentLoaded ${nav.domContentLoadedEventEnd.toFixed(0)}, `
            + `${marks.join(', ')}, 50th message ${window.__rendered.toFixed(0)}`);
          return rows.join('\\n');
        }""");
  }

  /** {rendered ms, DOMContentLoaded ms, /app/ requests over the network, of which 304}. */
  private static double[] result(Page page) {
    Object r = page.evaluate("""
        () => {
          const nav = performance.getEntriesByType('navigation')[0];
          const app = performance.getEntriesByType('resource').filter(e => e.name.includes('/app/'));
          return [window.__rendered, nav.domContentLoadedEventEnd,
            app.filter(e => e.transferSize > 0).length, app.length];
        }""");
    List<?> list = (List<?>) r;
    return list.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
  }

  private static void report(String label, List<double[]> rows) {
    double[] rendered = rows.stream().mapToDouble(r -> r[0]).sorted().toArray();
    double[] dcl = rows.stream().mapToDouble(r -> r[1]).sorted().toArray();
    double net = rows.stream().mapToDouble(r -> r[2]).average().orElse(0);
    double total = rows.stream().mapToDouble(r -> r[3]).average().orElse(0);
    System.out.printf("%s: 50th message in the page %.0f ms median (min %.0f, max %.0f; n=%d); "
        + "DOMContentLoaded %.0f ms median; /app/ requests over the network %.1f of %.1f%n",
        label, median(rendered), rendered[0], rendered[rendered.length - 1], rendered.length,
        median(dcl), net, total);
    System.out.println("  " + label + " runs (ms): " + Arrays.toString(Arrays.stream(rendered).map(Math::rint).toArray()));
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String post(String base, String path, String uid, String token, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    if (uid != null) {
      b.header("X-User-Id", uid).header("X-Auth-Token", token);
    }
    HttpResponse<String> res = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != 200) {
      throw new IllegalStateException(path + " -> " + res.statusCode() + " " + res.body());
    }
    return res.body();
  }
}
