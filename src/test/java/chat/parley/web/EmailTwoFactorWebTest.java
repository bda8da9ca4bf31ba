package chat.parley.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.RestClient.Response;
import chat.parley.testing.SmtpSink;
import chat.parley.testing.WebFixture;
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
        WebFixture web = WebFixture.start(Backend.SQLITE,
            sink.settings("Accounts_TwoFactorAuthentication_RememberFor", "0"))) {
      Cast cast = web.cast();
      Response made = cast.carol().postJson("/api/v1/users.create", Map.of("username", "ines",
          "email", "ines@example.com", "password", Cast.PASSWORD, "name", "Ines", "verified", true));
      assertThat(made.status()).as(made.body()).isEqualTo(200);
      Page page = web.open();
      web.logIn(page, "ines", Cast.PASSWORD);
      assertThat(page.getByRole(AriaRole.ALERT)).hasText("Enter the code we sent you by e-mail.");
      Matcher m = Pattern.compile("\\d{3}-\\d{3}").matcher(sink.await("ines@example.com", 10).part("text/plain"));
      assertThat(m.find()).isTrue();
      page.getByLabel("Two-factor code").fill(m.group());
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
      page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Rooms")).waitFor();
    }
  }
}
