package chat.parley.testing;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every browser test starts from: a Parley with the usual cast and Debian's Chromium, pages
 * set up alike (English, Berlin time, 1200×800, 10 s waits, page errors on stderr), and logging
 * in through the login form as a person would. As a class's extension ({@code @RegisterExtension
 * static final WebFixture web = WebFixture.perClass(...)}) it starts before the class's tests and
 * stops after them; {@link #start} starts one at once (try-with-resources).
 */
public final class WebFixture implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
  private final Backend backend;
  private final Map<String, String> settings;
  private TestServer server;
  private Browser browser;
  private Cast cast;

  private WebFixture(Backend backend, Map<String, String> settings) {
    this.backend = backend;
    this.settings = settings;
  }

  /** For a {@code @RegisterExtension} static field. */
  public static WebFixture perClass(Backend backend) {
    return perClass(backend, Map.of());
  }

  /** With these setting overrides (see {@link TestServer#start(Backend, Map)}). */
  public static WebFixture perClass(Backend backend, Map<String, String> settings) {
    return new WebFixture(backend, settings);
  }

  public static WebFixture start(Backend backend) {
    return start(backend, Map.of());
  }

  public static WebFixture start(Backend backend, Map<String, String> settings) {
    WebFixture fixture = new WebFixture(backend, settings);
    fixture.startNow();
    return fixture;
  }

  private void startNow() {
    server = TestServer.start(backend, settings);
    try {
      browser = new Browser();
      cast = Cast.register(server);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    startNow();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  public TestServer server() {
    return server;
  }

  public Browser browser() {
    return browser;
  }

  public Cast cast() {
    return cast;
  }

  /** A page in a fresh browser context (its own localStorage: a person of their own). */
  public Page open() {
    Page page = browser.newPage(new com.microsoft.playwright.Browser.NewContextOptions()
        .setLocale("en-US").setTimezoneId("Europe/Berlin").setViewportSize(1200, 800));
    page.setDefaultTimeout(10_000);
    page.onPageError(e -> System.err.println("[browser error] " + e));
    page.onConsoleMessage(m -> {
      if (m.type().equals("error") && !m.text().contains("404")) {
        System.err.println("[browser console] " + m.text() + " " + m.location());
      }
    });
    return page;
  }

  /** Fills in and sends the login form; what the server answers is the caller's to check. */
  public void logIn(Page page, String user, String password) {
    page.navigate(server.baseUrl() + "/");
    page.getByLabel("Username or e-mail").fill(user);
    page.getByLabel("Password").fill(password);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
  }

  /** A new page logged in as {@code user}, once the room list is shown. */
  public Page loggedIn(String user, String password) {
    Page page = open();
    logIn(page, user, password);
    page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Rooms")).waitFor();
    return page;
  }

  @Override
  public void close() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }
}
