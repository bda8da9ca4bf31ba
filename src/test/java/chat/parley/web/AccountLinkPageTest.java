package chat.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Browser;
import chat.parley.testing.Cast;
import chat.parley.testing.RestClient;
import chat.parley.testing.SmtpSink;
import chat.parley.testing.TestServer;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The mailed links in a real browser: forgot password from the login page, reset, verify. */
class AccountLinkPageTest {
  private static String token(SmtpSink.Received mail, String path) {
    Matcher m = Pattern.compile("/" + path + "/([A-Za-z0-9_-]+)").matcher(mail.part("text/plain"));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  @Test
  void a_user_resets_a_forgotten_password_from_the_login_page_and_verifies_the_address() {
    try (SmtpSink sink = new SmtpSink();
        TestServer server = TestServer.start(Backend.SQLITE,
            sink.settings("Accounts_TwoFactorAuthentication_By_Email_Auto_Opt_In", "false"));
        Browser browser = new Browser()) {
      Cast cast = Cast.register(server);
      Page page = browser.newPage();
      page.setDefaultTimeout(10_000);
      page.navigate(server.baseUrl() + "/");
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Forgot your password?")).click();
      page.getByLabel("E-mail").fill("alice@example.com");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send reset link")).click();
      page.getByText("a link to reset its password is on its way").waitFor();

      String reset = token(sink.await("alice@example.com", 10), "reset-password");
      page.navigate(server.baseUrl() + "/reset-password/" + reset);
      page.getByLabel("New password", new Page.GetByLabelOptions().setExact(true)).fill("alice-new-pass");
      page.getByLabel("Confirm the new password").fill("alice-new-pass");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Reset")).click();
      page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Rooms")).waitFor();
      assertThat(page.url()).endsWith("/home");
      assertThat(cast.alice().get("/api/v1/me").status()).as("the old login is revoked").isEqualTo(401);
      RestClient alice = cast.anonymous().login("alice", "alice-new-pass");

      // The same link a second time: the page shows Rocket.Chat's error and logs nobody in.
      Page again = browser.newPage();
      again.navigate(server.baseUrl() + "/reset-password/" + reset);
      again.getByLabel("New password", new Page.GetByLabelOptions().setExact(true)).fill("other-pass-1");
      again.getByLabel("Confirm the new password").fill("other-pass-1");
      again.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Reset")).click();
      again.getByText("Token expired").waitFor();

      cast.bob().postJson("/api/v1/users.sendConfirmationEmail", Map.of("email", "bob@example.com"));
      String verify = token(sink.await("bob@example.com", 10), "verify-email");
      Page bob = browser.newPage();
      bob.navigate(server.baseUrl() + "/verify-email/" + verify);
      bob.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Rooms")).waitFor();
      assertThat(cast.bob().get("/api/v1/me").json().at("/emails/0/verified").asBoolean()).isTrue();
      assertThat(alice.get("/api/v1/me").status()).isEqualTo(200);

      // With Accounts_EmailVerification on, a newcomer registers, is told to confirm, and the
      // mailed link lets them in.
      cast.carol().postJson("/api/v1/settings/Accounts_EmailVerification", Map.of("value", true));
      Page lena = browser.newPage();
      lena.navigate(server.baseUrl() + "/register");
      lena.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Lena");
      lena.getByLabel("Username", new Page.GetByLabelOptions().setExact(true)).fill("lena");
      lena.getByLabel("E-mail").fill("lena@example.com");
      lena.getByLabel("Password").fill("lena-pass-1");
      lena.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register")).click();
      lena.getByText("Confirm your e-mail address with the link we sent you").waitFor();
      lena.navigate(server.baseUrl() + "/verify-email/" + token(sink.await("lena@example.com", 10), "verify-email"));
      lena.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Rooms")).waitFor();
      cast.anonymous().login("lena", "lena-pass-1");
    }
  }
}
