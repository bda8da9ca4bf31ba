package chat.parley.testing;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Headless Debian Chromium driven by Playwright. Playwright never downloads a browser of its own
 * here; the machine's {@code /usr/bin/chromium} is used (.ci/run installs it).
 */
public final class Browser implements AutoCloseable {
  private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

  private final Playwright playwright;
  private final com.microsoft.playwright.Browser browser;

  public Browser() {
    if (!Files.isExecutable(CHROMIUM)) {
      throw new IllegalStateException(CHROMIUM + " is missing: apt-get install -y chromium");
    }
    playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(CHROMIUM)
        .setHeadless(true)
        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run")));
  }

  public com.microsoft.playwright.Page newPage() {
    return browser.newContext().newPage();
  }

  /** A page in a fresh context with its own locale, time zone, viewport or permissions. */
  public com.microsoft.playwright.Page newPage(com.microsoft.playwright.Browser.NewContextOptions options) {
    return browser.newContext(options).newPage();
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
