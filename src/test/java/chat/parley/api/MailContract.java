package chat.parley.api;

import static chat.parley.api.RoomsContract.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.DdpClient;
import chat.parley.testing.RestClient;
import chat.parley.testing.RestClient.Response;
import chat.parley.testing.SmtpSink;
import chat.parley.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Mail (issue #6): password reset and email verification links, delivered to a real SMTP server
 * on 127.0.0.1 and redeemed over DDP as Rocket.Chat's clients do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MailContract {
  private static final Pattern RESET = Pattern.compile("http://localhost/reset-password/([A-Za-z0-9_-]+)");
  private static final Pattern VERIFY = Pattern.compile("http://localhost/verify-email/([A-Za-z0-9_-]+)");
  TestServer server;
  SmtpSink sink;
  Cast cast;

  abstract Backend backend();

  @BeforeAll
  void start() {
    sink = new SmtpSink();
    server = TestServer.start(backend(), sink.settings(
        // Verified users would otherwise be asked for a mailed code at login (EmailTwoFactorContract).
        "Accounts_TwoFactorAuthentication_By_Email_Auto_Opt_In", "false"));
    cast = Cast.register(server);
  }

  @AfterAll
  void stop() {
    server.close();
    sink.close();
  }

  /** A fresh user (each test its own, so mails never cross) logged in over REST. */
  RestClient user(String name) {
    Response r = cast.anonymous().postJson("/api/v1/users.register", Map.of("username", name,
        "email", name + "@example.com", "pass", Cast.PASSWORD, "name", name));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return cast.anonymous().login(name, Cast.PASSWORD);
  }

  static String link(Pattern pattern, SmtpSink.Received mail) {
    Matcher m = pattern.matcher(mail.part("text/plain"));
    assertThat(m.find()).as(mail.part("text/plain")).isTrue();
    assertThat(mail.part("text/html")).contains(m.group());
    return m.group(1);
  }

  Response login(String user, String password) {
    return cast.anonymous().postJson("/api/v1/login", Map.of("user", user, "password", password));
  }

  void setting(String id, Object value) {
    Response r = cast.carol().postJson("/api/v1/settings/" + id, Map.of("value", value));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  @Test
  void forgot_password_answers_alike_for_known_and_unknown_addresses_and_mails_only_the_known() {
    user("dora");
    Response unknown = cast.anonymous().postJson("/api/v1/users.forgotPassword",
        Map.of("email", "nobody@example.com"));
    Response known = cast.anonymous().postJson("/api/v1/users.forgotPassword",
        Map.of("email", " Dora@Example.COM "));
    assertThat(unknown.status()).isEqualTo(200);
    assertThat(known.status()).isEqualTo(200);
    assertThat(unknown.body()).isEqualTo(known.body()).isEqualTo("{\"success\":true}");

    SmtpSink.Received mail = sink.await("dora@example.com", 10);
    assertThat(mail.from()).isEqualTo("parley@example.com");
    assertThat(mail.user()).isEqualTo("mailer");
    assertThat(mail.password()).isEqualTo("s3cret");
    assertThat(mail.ehlo()).isEqualTo("localhost");
    assertThat(mail.headers().get("to")).isEqualTo("dora@example.com");
    assertThat(mail.headers().get("from")).isEqualTo("Parley <parley@example.com>");
    assertThat(mail.headers().get("mime-version")).isEqualTo("1.0");
    assertThat(mail.headers().get("content-type")).startsWith("multipart/alternative; boundary=");
    assertThat(mail.subject()).isEqualTo("Parley - Password Recovery");
    assertThat(link(RESET, mail)).hasSize(43);
    // The unknown address was queued first and mailed nothing.
    assertThat(sink.receivedBy("nobody@example.com")).isEmpty();

    try (DdpClient ddp = DdpClient.connect(server.baseUrl())) {
      assertThat(ddp.call("sendForgotPasswordEmail", "nobody@example.com").get("result").asBoolean()).isTrue();
      assertThat(ddp.call("sendForgotPasswordEmail", "DORA@example.com").get("result").asBoolean()).isTrue();
      assertThat(link(RESET, sink.await("dora@example.com", 10))).hasSize(43);
      assertThat(ddp.call("sendForgotPasswordEmail", 7).at("/error/error").asInt()).isEqualTo(400);
    }
    assertError(cast.anonymous().postJson("/api/v1/users.forgotPassword", Map.of()), 400, null);
    assertThat(cast.anonymous().postJson("/api/v1/users.forgotPassword", Map.of()).json().get("error")
        .asText()).isEqualTo("The 'email' param is required");
  }

  @Test
  void the_mailed_token_resets_the_password_over_ddp_once_and_revokes_the_old_logins() throws Exception {
    RestClient old = user("eve");
    cast.anonymous().postJson("/api/v1/users.forgotPassword", Map.of("email", "eve@example.com"));
    String token = link(RESET, sink.await("eve@example.com", 10));
    try (DdpClient ddp = DdpClient.connect(server.baseUrl());
        DdpClient oldSocket = DdpClient.loggedIn(server.baseUrl(), old)) {
      JsonNode r = ddp.call("resetPassword", token, "brand new pass");
      assertThat(r.has("error")).as(r.toString()).isFalse();
      assertThat(r.at("/result/id").asText()).isEqualTo(old.userId());
      assertThat(r.at("/result/type").asText()).isEqualTo("password");
      assertThat(r.at("/result/tokenExpires/$date").isNumber()).isTrue();
      String fresh = r.at("/result/token").asText();
      // The socket is now logged in as eve.
      assertThat(ddp.call("getUserRoles").has("error")).isFalse();

      assertThat(old.get("/api/v1/me").status()).isEqualTo(401);
      oldSocket.closed.get(10, java.util.concurrent.TimeUnit.SECONDS); // eve's other socket is closed
      JsonNode me = cast.anonymous().as(old.userId(), fresh).get("/api/v1/me").json();
      assertThat(me.get("username").asText()).isEqualTo("eve");
      assertThat(me.at("/emails/0/verified").asBoolean()).as("a reset proves the address").isTrue();
      assertThat(login("eve", Cast.PASSWORD).status()).isEqualTo(401);
      assertThat(login("eve", "brand new pass").status()).isEqualTo(200);

      JsonNode again = ddp.call("resetPassword", token, "another pass");
      assertThat(again.at("/error/error").asInt()).isEqualTo(403);
      assertThat(again.at("/error/reason").asText()).isEqualTo("Token expired");
      assertThat(ddp.call("resetPassword", "made-up-token", "x").at("/error/error").asInt()).isEqualTo(403);
      assertThat(ddp.call("resetPassword", 42, "x").at("/error/error").asInt()).isEqualTo(400);
      assertThat(login("eve", "another pass").status()).isEqualTo(401);
    }
  }

  @Test
  void an_expired_or_superseded_token_is_refused_and_the_password_policy_applies() throws Exception {
    user("finn");
    cast.anonymous().postJson("/api/v1/users.forgotPassword", Map.of("email", "finn@example.com"));
    String first = link(RESET, sink.await("finn@example.com", 10));
    cast.anonymous().postJson("/api/v1/users.forgotPassword", Map.of("email", "finn@example.com"));
    String second = link(RESET, sink.await("finn@example.com", 10));
    try (DdpClient ddp = DdpClient.connect(server.baseUrl())) {
      assertThat(ddp.call("resetPassword", first, "whatever").at("/error/reason").asText())
          .as("a newer link replaces the older").isEqualTo("Token expired");

      setting("Accounts_Password_Policy_Enabled", true);
      try {
        JsonNode weak = ddp.call("resetPassword", second, "weak");
        assertThat(weak.at("/error/error").asText()).isEqualTo("error-password-policy-not-met-minLength");
      } finally {
        setting("Accounts_Password_Policy_Enabled", false);
      }

      expireLinks();
      assertThat(ddp.call("resetPassword", second, "long enough pass").at("/error/reason").asText())
          .isEqualTo("Token expired");
      assertThat(login("finn", Cast.PASSWORD).status()).isEqualTo(200);
    }
  }

  /** Moves every stored link's expiry into the past (three days are too long to wait). */
  void expireLinks() throws Exception {
    String url = server.databaseUrl()
        .orElse("jdbc:sqlite:" + server.config().dataDir().resolve("parley.db").toAbsolutePath());
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps = c.prepareStatement(
            "UPDATE account_links SET expires_at = ? WHERE expires_at IS NOT NULL")) {
      ps.setLong(1, System.currentTimeMillis() - 1000);
      ps.executeUpdate();
    }
  }

  @Test
  void confirmation_mail_verifies_the_address_over_ddp_and_reveals_nobody() {
    RestClient gus = user("gus");
    assertThat(gus.get("/api/v1/me").json().at("/emails/0/verified").asBoolean()).isFalse();
    Response own = gus.postJson("/api/v1/users.sendConfirmationEmail", Map.of("email", "gus@example.com"));
    assertThat(own.body()).isEqualTo("{\"success\":true}");
    SmtpSink.Received mail = sink.await("gus@example.com", 10);
    assertThat(mail.subject()).isEqualTo("Parley - Email address verification");
    assertThat(mail.part("text/html")).contains("Hi gus");
    String token = link(VERIFY, mail);

    // Someone else's address, or nobody's: the same bare failure, and no mail.
    Response other = gus.postJson("/api/v1/users.sendConfirmationEmail", Map.of("email", "alice@example.com"));
    Response nobody = gus.postJson("/api/v1/users.sendConfirmationEmail", Map.of("email", "no@example.com"));
    assertThat(other.status()).isEqualTo(400);
    assertThat(other.body()).isEqualTo(nobody.body()).isEqualTo("{\"success\":false}");
    assertError(gus.postJson("/api/v1/users.sendConfirmationEmail", Map.of()), 400, "invalid-params");
    assertThat(cast.anonymous().postJson("/api/v1/users.sendConfirmationEmail",
        Map.of("email", "gus@example.com")).status()).isEqualTo(401);

    try (DdpClient gusSocket = DdpClient.loggedIn(server.baseUrl(), gus)) {
      assertThat(gusSocket.call("sendConfirmationEmail", "alice@example.com").get("result").asBoolean()).isFalse();
    }
    try (DdpClient ddp = DdpClient.connect(server.baseUrl())) {
      JsonNode r = ddp.call("verifyEmail", token);
      assertThat(r.has("error")).as(r.toString()).isFalse();
      assertThat(r.at("/result/id").asText()).isEqualTo(gus.userId());
      assertThat(gus.get("/api/v1/me").json().at("/emails/0/verified").asBoolean()).isTrue();
      JsonNode again = ddp.call("verifyEmail", token);
      assertThat(again.at("/error/error").asInt()).isEqualTo(403);
      assertThat(again.at("/error/reason").asText()).isEqualTo("Verify email link expired");
    }
    // An admin may send it to anyone.
    assertThat(cast.carol().postJson("/api/v1/users.sendConfirmationEmail",
        Map.of("email", "alice@example.com")).status()).isEqualTo(200);
    sink.await("alice@example.com", 10);
  }

  @Test
  void with_email_verification_on_a_new_account_is_mailed_and_must_verify_before_logging_in() {
    setting("Accounts_EmailVerification", true);
    try {
      Response r = cast.anonymous().postJson("/api/v1/users.register", Map.of("username", "hank",
          "email", "hank@example.com", "pass", Cast.PASSWORD, "name", "Hank"));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      String token = link(VERIFY, sink.await("hank@example.com", 10));
      Response refused = login("hank", Cast.PASSWORD);
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.json().get("error").asText()).isEqualTo("error-invalid-email");
      try (DdpClient ddp = DdpClient.connect(server.baseUrl())) {
        assertThat(ddp.call("verifyEmail", token).has("error")).isFalse();
      }
      assertThat(login("hank", Cast.PASSWORD).status()).isEqualTo(200);
    } finally {
      setting("Accounts_EmailVerification", false);
    }
  }

  @Test
  void a_utf8_site_name_is_an_encoded_subject_and_a_refused_mail_never_reaches_the_client() {
    user("ines");
    setting("Site_Name", "Café ☕ Parley — the long name of a workspace with accents: ñ, ü, ø");
    try {
      cast.anonymous().postJson("/api/v1/users.forgotPassword", Map.of("email", "ines@example.com"));
      SmtpSink.Received mail = sink.await("ines@example.com", 10);
      assertThat(mail.headers().get("subject")).startsWith("=?UTF-8?B?");
      assertThat(mail.data()).doesNotContain("☕");
      assertThat(mail.subject())
          .isEqualTo("Café ☕ Parley — the long name of a workspace with accents: ñ, ü, ø - Password Recovery");
    } finally {
      setting("Site_Name", "Parley");
    }
    sink.refuse.add("ines@example.com");
    Response r = cast.anonymous().postJson("/api/v1/users.forgotPassword", Map.of("email", "ines@example.com"));
    assertThat(r.body()).isEqualTo("{\"success\":true}");
  }

  @Test
  void without_smtp_mail_is_off_forgot_password_still_succeeds_and_confirmation_fails() {
    RestClient jo = user("jo");
    assertThat(jo.get("/api/v1/smtp.check").json().get("isSMTPConfigured").asBoolean()).isTrue();
    setting("SMTP_Host", "");
    try {
      assertThat(jo.get("/api/v1/smtp.check").json().get("isSMTPConfigured").asBoolean()).isFalse();
      assertThat(cast.anonymous().postJson("/api/v1/users.forgotPassword",
          Map.of("email", "jo@example.com")).body()).isEqualTo("{\"success\":true}");
      assertError(jo.postJson("/api/v1/users.sendConfirmationEmail", Map.of("email", "jo@example.com")),
          400, "error-email-send-failed");
    } finally {
      setting("SMTP_Host", "127.0.0.1");
    }
    // Nothing was queued while mail was off.
    cast.anonymous().postJson("/api/v1/users.forgotPassword", Map.of("email", "jo@example.com"));
    sink.await("jo@example.com", 10);
    assertThat(sink.receivedBy("jo@example.com")).isEmpty();
  }
}
