package chat.parley.api;

import static chat.parley.api.RoomsContract.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.DdpClient;
import chat.parley.testing.OneTimeCodes;
import chat.parley.testing.RestClient;
import chat.parley.testing.RestClient.Response;
import chat.parley.testing.SmtpSink;
import chat.parley.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two-factor codes by e-mail (issue #6), as Rocket.Chat's EmailCheck does them: users with a
 * verified address and e-mail codes on (new users are opted in) are mailed a six-digit code at
 * login, delivered to a real SMTP server on 127.0.0.1. "Remember for" is off on this server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EmailTwoFactorContract {
  private static final Pattern CODE = Pattern.compile("\\b(\\d{3})-(\\d{3})\\b");
  TestServer server;
  SmtpSink sink;
  Cast cast;

  abstract Backend backend();

  @BeforeAll
  void start() {
    sink = new SmtpSink();
    server = TestServer.start(backend(), sink.settings(
        "Accounts_TwoFactorAuthentication_RememberFor", "0"));
    cast = Cast.register(server);
  }

  @AfterAll
  void stop() {
    server.close();
    sink.close();
  }

  /** A user made by the admin with a verified address (opted in to e-mail codes on creation). */
  void verifiedUser(String name) {
    Response r = cast.carol().postJson("/api/v1/users.create", Map.of("username", name,
        "email", name + "@example.com", "password", Cast.PASSWORD, "name", name, "verified", true));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  Response login(String user, String code) {
    return cast.anonymous().postJson("/api/v1/login", code == null
        ? Map.of("user", user, "password", Cast.PASSWORD)
        : Map.of("user", user, "password", Cast.PASSWORD, "code", code));
  }

  /** The code in the next mail to {@code name}, as mailed ("123-456"). */
  String mailedCode(String name) {
    SmtpSink.Received mail = sink.await(name + "@example.com", 10);
    assertThat(mail.subject()).isEqualTo("Authentication code");
    Matcher m = CODE.matcher(mail.part("text/plain"));
    assertThat(m.find()).as(mail.part("text/plain")).isTrue();
    assertThat(mail.part("text/html")).contains(m.group());
    assertThat(mail.part("text/plain")).contains("Do not provide this code to anyone.");
    return m.group();
  }

  /** Logs in with a mailed code; returns the session. */
  RestClient loginWithCode(String name) {
    Response asked = login(name, null);
    assertThat(asked.json().path("error").asText()).as(asked.body()).isEqualTo("totp-required");
    String code = mailedCode(name);
    Response ok = login(name, code);
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    return cast.anonymous().as(ok.json().at("/data/userId").asText(), ok.json().at("/data/authToken").asText());
  }

  static String wrong(String code) {
    String digits = code.replace("-", "");
    return digits.equals("000000") ? "111111" : "000000";
  }


  void setting(String id, Object value) {
    // Carol has no second factor of her own: she gives her password.
    Response r = cast.carol().postJson("/api/v1/settings/" + id, Map.of("value", value),
        Map.of("x-2fa-code", TwoFactorContract.sha256(Cast.PASSWORD), "x-2fa-method", "password"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  @Test
  void login_asks_for_a_mailed_code_which_logs_in_once() {
    verifiedUser("erin");
    Response asked = login("erin", null);
    assertThat(asked.status()).isEqualTo(401);
    JsonNode body = asked.json();
    assertThat(body.get("error").asText()).isEqualTo("totp-required");
    assertThat(body.get("message").asText()).isEqualTo("TOTP Required");
    assertThat(body.at("/details/method").asText()).isEqualTo("email");
    assertThat(body.at("/details/codeGenerated").asBoolean()).isTrue();
    assertThat(body.at("/details/emailOrUsername").asText()).isEqualTo("erin");
    assertThat(body.at("/details/availableMethods").toString()).isEqualTo("[\"email\"]");
    String code = mailedCode("erin");

    // Asked again while the code is pending: no new code, its expiry told.
    Response again = login("erin", null);
    assertThat(again.json().at("/details/codeGenerated").asBoolean()).as(again.body()).isFalse();
    assertThat(again.json().at("/details/codeExpires").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

    Response refused = login("erin", wrong(code));
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.json().get("error").asText()).isEqualTo("totp-invalid");
    assertThat(refused.json().at("/details/method").asText()).isEqualTo("email");

    Response ok = login("erin", code);
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(ok.json().at("/data/me/services/email2fa/enabled").asBoolean()).isTrue();
    RestClient erin = cast.anonymous().as(ok.json().at("/data/userId").asText(),
        ok.json().at("/data/authToken").asText());
    assertThat(erin.get("/api/v1/me").json().at("/services/email2fa/enabled").asBoolean()).isTrue();

    // Spent: the same code again is refused, and a new one is mailed.
    Response reused = login("erin", code.replace("-", ""));
    assertThat(reused.json().get("error").asText()).as(reused.body()).isEqualTo("totp-invalid");
    assertThat(reused.json().at("/details/codeGenerated").asBoolean()).isTrue();
    String next = mailedCode("erin");
    assertThat(login("erin", next.replace("-", "")).status()).isEqualTo(200);
  }

  @Test
  void an_expired_code_is_refused() {
    verifiedUser("ezra");
    setting("Accounts_TwoFactorAuthentication_By_Email_Code_Expiration", 0);
    try {
      assertThat(login("ezra", null).json().path("error").asText()).isEqualTo("totp-required");
      String code = mailedCode("ezra");
      Response refused = login("ezra", code);
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.json().get("error").asText()).as(refused.body()).isEqualTo("totp-invalid");
      // The expired code was replaced by a new one.
      assertThat(refused.json().at("/details/codeGenerated").asBoolean()).isTrue();
      mailedCode("ezra");
    } finally {
      setting("Accounts_TwoFactorAuthentication_By_Email_Code_Expiration", 3600);
    }
  }

  @Test
  void five_wrong_codes_spend_the_code() {
    verifiedUser("esme");
    assertThat(login("esme", null).json().path("error").asText()).isEqualTo("totp-required");
    String code = mailedCode("esme");
    for (int i = 0; i < 4; i++) {
      assertThat(login("esme", wrong(code)).json().get("error").asText()).isEqualTo("totp-invalid");
    }
    Response fifth = login("esme", wrong(code));
    assertThat(fifth.json().get("error").asText()).as(fifth.body()).isEqualTo("totp-max-attempts");
    assertThat(fifth.json().get("message").asText()).isEqualTo("TOTP Maximun Failed Attempts Reached");
    // The good code no longer works: a new one is mailed instead.
    Response late = login("esme", code);
    assertThat(late.json().get("error").asText()).as(late.body()).isEqualTo("totp-invalid");
    assertThat(late.status()).isEqualTo(401);
    assertThat(login("esme", mailedCode("esme")).status()).isEqualTo(200);
  }

  @Test
  void disabling_needs_a_code_and_enabling_needs_a_verified_address_and_logs_out_other_sessions() {
    verifiedUser("edna");
    RestClient edna = loginWithCode("edna");
    String path = "/api/v1/users.2fa.disableEmail";
    Response asked = edna.postJson(path, Map.of(), Map.of());
    assertError(asked, 400, "totp-required");
    assertThat(asked.json().at("/details/method").asText()).isEqualTo("email");
    String code = mailedCode("edna");
    assertError(edna.postJson(path, Map.of(), Map.of("x-2fa-code", wrong(code), "x-2fa-method", "email")),
        400, "totp-invalid");
    assertThat(edna.get("/api/v1/me").json().at("/services/email2fa/enabled").asBoolean()).isTrue();
    Response ok = edna.postJson(path, Map.of(), Map.of("x-2fa-code", code, "x-2fa-method", "email"));
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(edna.get("/api/v1/me").json().at("/services/email2fa/enabled").asBoolean()).isFalse();
    // Off: a password is enough.
    Response plain = login("edna", null);
    assertThat(plain.status()).as(plain.body()).isEqualTo(200);
    RestClient elsewhere = cast.anonymous().login("edna", Cast.PASSWORD);

    Response enabled = edna.postJson("/api/v1/users.2fa.enableEmail", Map.of());
    assertThat(enabled.status()).as(enabled.body()).isEqualTo(200);
    assertThat(enabled.json().get("success").asBoolean()).isTrue();
    assertThat(elsewhere.get("/api/v1/me").status()).isEqualTo(401);
    assertThat(edna.get("/api/v1/me").json().at("/services/email2fa/enabled").asBoolean()).isTrue();
    assertThat(login("edna", null).json().path("error").asText()).isEqualTo("totp-required");
    mailedCode("edna");

    // Self-registered users have an unverified address: refused, nothing changes.
    Response r = cast.anonymous().postJson("/api/v1/users.register", Map.of("username", "elmo",
        "email", "elmo@example.com", "pass", Cast.PASSWORD, "name", "elmo"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    RestClient elmo = cast.anonymous().login("elmo", Cast.PASSWORD);
    Response refused = elmo.postJson("/api/v1/users.2fa.enableEmail", Map.of());
    assertError(refused, 400, "error-invalid-user");
    assertThat(refused.json().get("error").asText())
        .isEqualTo("You need to verify your emails before setting up 2FA [error-invalid-user]");
    assertThat(cast.anonymous().postJson("/api/v1/users.2fa.enableEmail", Map.of()).status()).isEqualTo(401);
  }

  @Test
  void send_email_code_mails_a_new_code_to_a_named_user_and_says_nothing_of_unknown_ones() {
    verifiedUser("elsa");
    assertError(cast.anonymous().postJson("/api/v1/users.2fa.sendEmailCode", Map.of()), 400,
        "error-parameter-required");
    assertThat(cast.anonymous().postJson("/api/v1/users.2fa.sendEmailCode", Map.of()).json()
        .get("error").asText()).isEqualTo("emailOrUsername is required [error-parameter-required]");

    Response unknown = cast.anonymous().postJson("/api/v1/users.2fa.sendEmailCode",
        Map.of("emailOrUsername", "nobody@example.com"));
    assertThat(unknown.status()).isEqualTo(200);
    assertThat(unknown.json().get("success").asBoolean()).isTrue();

    Response byName = cast.anonymous().postJson("/api/v1/users.2fa.sendEmailCode",
        Map.of("emailOrUsername", "elsa"));
    assertThat(byName.status()).as(byName.body()).isEqualTo(200);
    String first = mailedCode("elsa");
    Response byAddress = cast.anonymous().postJson("/api/v1/users.2fa.sendEmailCode",
        Map.of("emailOrUsername", "elsa@example.com"));
    assertThat(byAddress.status()).isEqualTo(200);
    String second = mailedCode("elsa");
    // The newer code replaced the first; a login is then told a code is pending.
    Response asked = login("elsa", null);
    assertThat(asked.json().at("/details/codeGenerated").asBoolean()).as(asked.body()).isFalse();
    if (!first.equals(second)) {
      // Refused, and no new mail: the second code is still pending.
      assertThat(login("elsa", first).json().get("error").asText()).isEqualTo("totp-invalid");
    }
    assertThat(login("elsa", second).status()).isEqualTo(200);
    assertThat(sink.receivedBy("nobody@example.com")).isEmpty();
  }

  @Test
  void a_ddp_login_takes_the_mailed_code_in_the_totp_wrapper() {
    verifiedUser("emil");
    Map<String, Object> credentials = Map.of("user", Map.of("username", "emil"),
        "password", Map.of("digest", TwoFactorContract.sha256(Cast.PASSWORD), "algorithm", "sha-256"));
    try (DdpClient ddp = DdpClient.connect(server.baseUrl())) {
      JsonNode error = ddp.call("login", credentials).path("error");
      assertThat(error.get("error").asText()).as(error.toString()).isEqualTo("totp-required");
      assertThat(error.at("/details/method").asText()).isEqualTo("email");
      String code = mailedCode("emil");
      JsonNode ok = ddp.call("login", Map.of("totp", Map.of("login", credentials, "code", code)));
      assertThat(ok.at("/result/token").asText()).as(ok.toString()).isNotEmpty();
    }
  }

  @Test
  void totp_comes_first_and_email_is_offered_beside_it() {
    verifiedUser("enzo");
    RestClient enzo = loginWithCode("enzo");
    String secret;
    try (DdpClient ddp = DdpClient.loggedIn(server.baseUrl(), enzo)) {
      secret = ddp.call("2fa:enable").at("/result/secret").asText();
      JsonNode validated = ddp.call("2fa:validateTempToken", OneTimeCodes.now(secret));
      assertThat(validated.has("error")).as(validated.toString()).isFalse();
    }
    Response asked = login("enzo", null);
    assertThat(asked.json().at("/details/method").asText()).as(asked.body()).isEqualTo("totp");
    List<String> methods = new ArrayList<>();
    asked.json().at("/details/availableMethods").forEach(m -> methods.add(m.asText()));
    assertThat(methods).containsExactly("totp", "email");
    // A protected endpoint asks for TOTP, and takes an e-mailed code when the caller names it.
    String path = "/api/v1/users.2fa.disableEmail";
    assertThat(enzo.postJson(path, Map.of(), Map.of()).json().at("/details/method").asText()).isEqualTo("totp");
    Response emailAsked = enzo.postJson(path, Map.of(), Map.of("x-2fa-method", "email"));
    assertError(emailAsked, 400, "totp-required");
    assertThat(emailAsked.json().at("/details/method").asText()).isEqualTo("email");
    String code = mailedCode("enzo");
    Response done = enzo.postJson(path, Map.of(), Map.of("x-2fa-method", "email", "x-2fa-code", code));
    assertThat(done.status()).as(done.body()).isEqualTo(200);
    assertThat(enzo.get("/api/v1/me").json().at("/services/email2fa/enabled").asBoolean()).isFalse();
    Response totpOnly = login("enzo", null);
    assertThat(totpOnly.json().at("/details/availableMethods").toString()).isEqualTo("[\"totp\"]");
  }

  @Test
  void without_auto_opt_in_new_users_log_in_with_their_password_alone() {
    setting("Accounts_TwoFactorAuthentication_By_Email_Auto_Opt_In", false);
    try {
      verifiedUser("ella");
    } finally {
      setting("Accounts_TwoFactorAuthentication_By_Email_Auto_Opt_In", true);
    }
    Response ok = login("ella", null);
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(ok.json().at("/data/me/services/email2fa/enabled").asBoolean()).isFalse();
    assertThat(sink.receivedBy("ella@example.com")).isEmpty();
  }
}
