package chat.parley.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.DdpClient;
import chat.parley.testing.OneTimeCodes;
import chat.parley.testing.RestClient;
import chat.parley.testing.WebFixture;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web client with two-factor authentication (issue #6): the login asks for the code, and an
 * action Rocket.Chat marks twoFactorRequired prompts for it and is sent again. "Remember for" is
 * off so that freshly registered users are asked.
 */
class TwoFactorWebTest {
  @RegisterExtension
  static final WebFixture web = WebFixture.perClass(Backend.SQLITE,
      Map.of("Accounts_TwoFactorAuthentication_RememberFor", "0"));

  private static Page open() {
    return web.open();
  }

  private static void logIn(Page page, String user) {
    web.logIn(page, user, Cast.PASSWORD);
  }

  @Test
  void the_login_asks_for_the_authenticator_code_when_totp_is_on() {
    String secret;
    try (DdpClient ddp = DdpClient.loggedIn(web.server().baseUrl(), web.cast().bob())) {
      secret = ddp.call("2fa:enable").at("/result/secret").asText();
      assertThat(ddp.call("2fa:validateTempToken", OneTimeCodes.now(secret)).at("/result/codes").size())
          .isEqualTo(12);
    }
    Page page = open();
    logIn(page, "bob");
    assertThat(page.getByRole(AriaRole.ALERT)).containsText("authenticator app");
    page.getByLabel("Two-factor code").fill("000000".equals(OneTimeCodes.now(secret)) ? "111111" : "000000");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
    assertThat(page.getByRole(AriaRole.ALERT)).hasText("Wrong code.");
    page.getByLabel("Two-factor code").fill(OneTimeCodes.now(secret));
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
    page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Rooms")).waitFor();
    page.context().close();
  }

  @Test
  void a_user_turns_totp_on_from_the_sidebar_keeps_the_backup_codes_and_turns_it_off_again() {
    Page page = open();
    logIn(page, "alice");
    page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Rooms")).waitFor();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Two-factor authentication")).click();
    String secret = page.getByLabel("Key").textContent().trim();
    assertThat(secret).matches("[A-Z2-7]{52}");
    assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Open in authenticator app")))
        .hasAttribute("href", java.util.regex.Pattern.compile("^otpauth://totp/.*alice\\?secret=" + secret + "$"));
    page.screenshot(new Page.ScreenshotOptions().setPath(java.nio.file.Path.of("target/screenshots/2fa-setup.png")));
    page.getByLabel("Code from the app").fill(OneTimeCodes.now(secret));
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Turn on")).click();
    assertThat(page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Backup codes"))
        .getByRole(AriaRole.LISTITEM)).hasCount(12);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Done")).click();
    assertThat(web.cast().anonymous().postJson("/api/v1/login", Map.of("user", "alice", "password", Cast.PASSWORD))
        .json().get("error").asText()).isEqualTo("totp-required");

    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Two-factor authentication")).click();
    assertThat(page.getByText("Backup codes left: 12")).isVisible();
    page.getByLabel("Enter the code from your authenticator app, or a backup code.").fill(OneTimeCodes.now(secret));
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Turn off")).click();
    assertThat(page.getByRole(AriaRole.STATUS)).containsText("Two-factor authentication is off.");
    assertThat(web.cast().anonymous().postJson("/api/v1/login", Map.of("user", "alice", "password", Cast.PASSWORD))
        .status()).isEqualTo(200);
    page.context().close();
  }

  @Test
  void a_protected_action_prompts_for_the_password_and_is_sent_again() {
    Page page = open();
    logIn(page, "carol");
    page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Rooms")).waitFor();
    RestClient carol = web.cast().carol();
    assertThat(carol.get("/api/v1/settings/Message_MaxAllowedSize").json().get("value").asInt()).isEqualTo(5000);
    // The app's own api module (same versioned URL as index.html preloads, so the same instance):
    // a settings change is twoFactorRequired.
    page.evaluate("() => { window.saved = import(document.querySelector("
        + "'link[rel=modulepreload][href*=\"/app/api.js\"]').href)"
        + ".then(api => api.post('settings/Message_MaxAllowedSize', { value: 4321 }))"
        + ".then(() => 'ok', e => e.message); }");
    page.getByLabel("Enter your password to confirm.").fill(Cast.PASSWORD);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm")).click();
    assertThat(page.evaluate("() => window.saved")).isEqualTo("ok");
    assertThat(carol.get("/api/v1/settings/Message_MaxAllowedSize").json().get("value").asInt()).isEqualTo(4321);
    page.context().close();
  }
}
