package chat.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Browser;
import chat.parley.testing.Cast;
import chat.parley.testing.TestServer;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A trainee opens an invite link in a real browser, registers, and lands in the course room. */
class InvitePageTest {

  @Test
  void a_newcomer_registers_from_the_invite_link_and_joins_the_room() {
    try (TestServer server = TestServer.start(Backend.SQLITE); Browser browser = new Browser()) {
      Cast cast = Cast.register(server);
      String gid = cast.alice().postJson("/api/v1/groups.create",
          Map.of("name", "course-2026", "members", List.of())).json().at("/group/_id").asText();
      String token = cast.alice().postJson("/api/v1/findOrCreateInvite",
          Map.of("rid", gid, "days", 7, "maxUses", 0)).json().get("_id").asText();

      Page page = browser.newPage();
      page.navigate(server.baseUrl() + "/invite/" + token);
      page.getByText("You are invited to a room").waitFor();
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("No account yet? Register")).click();
      var form = page.locator("#register");
      form.getByLabel("Name", new com.microsoft.playwright.Locator.GetByLabelOptions().setExact(true))
          .fill("Yuki Tanaka");
      form.getByLabel("Username").fill("yuki");
      form.getByLabel("E-mail").fill("yuki@example.com");
      form.getByLabel("Password").fill("trainee-pass");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register and join")).click();
      page.getByText("You joined course-2026.").waitFor();

      var yuki = cast.anonymous().login("yuki", "trainee-pass");
      assertThat(yuki.get("/api/v1/groups.info?roomId=" + gid).status()).isEqualTo(200);

      page.navigate(server.baseUrl() + "/invite/not-a-token");
      page.getByText("This invitation is invalid or has expired.").waitFor();
    }
  }
}
