package chat.parley.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Browser;
import chat.parley.testing.Cast;
import chat.parley.testing.RestClient.Response;
import chat.parley.testing.SmtpSink;
import chat.parley.testing.TestServer;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The web client's login with a code mailed to a verified address (issue #6). */
class EmailTwoFactorWebTest {
  @Test
  void the_login_asks_for_the_mailed_code_and_takes_it() {
    try (SmtpSink sink = new SmtpSink();
        TestServer server = TestServer.start(Backend.SQLITE,
            sink.settings("Accounts_TwoFactorAuthentication_RememberFor", "0"));
        Browser browser = new Browser()) {
      Cast cast = Cast.register(server);
      Response made = cast.carol().postJson("/api/v1/users.create", Map.of("username", "ines",
          "email", "ines@example.com", "password", Cast.PASSWORD, "name", "Ines", "verified", true));
      assertThat(made.status()).as(made.body()).isEqualTo(200);
      Page page = browser.newPage(new com.microsoft.playwright.Browser.NewContextOptions()
          .setLocale("en-US").setViewportSize(1200, 800));
      page.setDefaultTimeout(10_000);
      page.navigate(server.baseUrl() + "/");
      page.getByLabel("Username or e-mail").fill("ines");
      page.getByLabel("Password").fill(Cast.PASSWORD);
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
      assertThat(page.getByRole(AriaRole.ALERT)).hasText("Enter the code we sent you by e-mail.");
      Matcher m = Pattern.compile("\\d{3}-\\d{3}").matcher(sink.await("ines@example.com", 10).part("text/plain"));
      assertThat(m.find()).isTrue();
      page.getByLabel("Two-factor code").fill(m.group());
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
      page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Rooms")).waitFor();
    }
  }
}
