package chat.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.DdpClient;
import chat.parley.testing.OneTimeCodes;
import chat.parley.testing.RestClient;
import chat.parley.testing.RestClient.Response;
import chat.parley.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two-factor authentication by TOTP (issue #6), as Rocket.Chat clients drive it: set up over DDP
 * with the 2fa:* methods, then asked at login and by the endpoints Rocket.Chat marks
 * twoFactorRequired. Codes come from the tests' own RFC 6238 maker. "Remember for" is off on this
 * server, so freshly registered users are asked too (one test turns it on).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TwoFactorContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  TestServer server;
  Cast cast;

  abstract Backend backend();

  @BeforeAll
  void start() {
    server = TestServer.start(backend(), Map.of("Accounts_TwoFactorAuthentication_RememberFor", "0"));
    cast = Cast.register(server);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  /** A fresh user with {@link Cast#PASSWORD}, logged in over REST. */
  RestClient user(String name) {
    Response r = cast.anonymous().postJson("/api/v1/users.register", Map.of("username", name,
        "email", name + "@example.com", "pass", Cast.PASSWORD, "name", name));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return cast.anonymous().login(name, Cast.PASSWORD);
  }

  /** Turns TOTP on for {@code who} over DDP; returns {secret, backup codes}. */
  Enrolled enrol(RestClient who) {
    try (DdpClient ddp = DdpClient.loggedIn(server.baseUrl(), who)) {
      JsonNode enabled = ddp.call("2fa:enable").path("result");
      String secret = enabled.path("secret").asText();
      JsonNode validated = ddp.call("2fa:validateTempToken", OneTimeCodes.now(secret));
      assertThat(validated.has("error")).as(validated.toString()).isFalse();
      List<String> codes = new ArrayList<>();
      validated.at("/result/codes").forEach(c -> codes.add(c.asText()));
      return new Enrolled(secret, codes);
    }
  }

  record Enrolled(String secret, List<String> backupCodes) {}

  Response login(Map<String, Object> body) {
    return cast.anonymous().postJson("/api/v1/login", body);
  }


  static String sha256(String text) {
    return AccountAdminContract.sha256(text);
  }

  /** A 6-digit code that is not the secret's code anywhere near now. */
  static String wrongCode(String secret) {
    long now = System.currentTimeMillis() / 1000;
    for (int candidate = 0; ; candidate++) {
      String code = String.format("%06d", candidate);
      boolean near = false;
      for (int d = -3; d <= 3; d++) {
        near |= code.equals(OneTimeCodes.totp(secret, now + d * 30L));
      }
      if (!near) {
        return code;
      }
    }
  }

  @Test
  void enabling_over_ddp_returns_a_secret_once_and_turns_totp_on_with_twelve_backup_codes() {
    RestClient dana = user("dana");
    RestClient danaElsewhere = cast.anonymous().login("dana", Cast.PASSWORD);
    try (DdpClient ddp = DdpClient.loggedIn(server.baseUrl(), dana)) {
      JsonNode notYet = ddp.call("2fa:checkCodesRemaining");
      assertThat(notYet.at("/error/error").asText()).isEqualTo("invalid-totp");

      JsonNode enabled = ddp.call("2fa:enable").path("result");
      String secret = enabled.path("secret").asText();
      assertThat(secret).matches("[A-Z2-7]{32,}");
      assertThat(enabled.path("url").asText()).startsWith("otpauth://totp/").contains("dana")
          .endsWith("secret=" + secret);

      JsonNode wrong = ddp.call("2fa:validateTempToken", wrongCode(secret));
      assertThat(wrong.at("/error/error").asText()).isEqualTo("invalid-totp");
      assertThat(wrong.at("/error/message").asText()).isEqualTo("[invalid-totp]");
      // Still off: a login needs no code yet.
      assertThat(login(Map.of("user", "dana", "password", Cast.PASSWORD)).status()).isEqualTo(200);

      JsonNode validated = ddp.call("2fa:validateTempToken", OneTimeCodes.now(secret));
      JsonNode codes = validated.at("/result/codes");
      assertThat(codes.size()).as(validated.toString()).isEqualTo(12);
      codes.forEach(c -> assertThat(c.asText()).hasSize(8));
      assertThat(ddp.call("2fa:checkCodesRemaining").at("/result/remaining").asInt()).isEqualTo(12);
      assertThat(ddp.call("2fa:enable").at("/error/error").asText()).isEqualTo("error-2fa-already-enabled");

      Response me = dana.get("/api/v1/me");
      assertThat(me.json().at("/services/totp/enabled").asBoolean()).isTrue();
      assertThat(me.body()).doesNotContain(secret);
      // Turning TOTP on logs out the user's other sessions; this one stays.
      assertThat(danaElsewhere.get("/api/v1/me").status()).isEqualTo(401);
      assertThat(dana.get("/api/v1/me").status()).isEqualTo(200);
    }
    try (DdpClient anonymous = DdpClient.connect(server.baseUrl())) {
      assertThat(anonymous.call("2fa:enable").at("/error/error").asText()).isEqualTo("not-authorized");
    }
  }

  @Test
  void a_rest_login_without_the_code_is_refused_as_rocket_chat_does_and_with_it_succeeds() {
    RestClient erin = user("erin");
    Enrolled e = enrol(erin);

    Response required = login(Map.of("user", "erin", "password", Cast.PASSWORD));
    assertThat(required.status()).isEqualTo(401);
    JsonNode body = required.json();
    assertThat(body.get("status").asText()).isEqualTo("error");
    assertThat(body.get("error").asText()).isEqualTo("totp-required");
    assertThat(body.get("message").asText()).isEqualTo("TOTP Required");
    assertThat(body.at("/details/method").asText()).isEqualTo("totp");
    assertThat(body.at("/details/codeGenerated").asBoolean(true)).isFalse();
    assertThat(body.at("/details/availableMethods").toString()).isEqualTo("[\"totp\"]");
    assertThat(body.has("data")).isFalse();

    Response invalid = login(Map.of("user", "erin", "password", Cast.PASSWORD, "code", wrongCode(e.secret())));
    assertThat(invalid.status()).isEqualTo(401);
    assertThat(invalid.json().get("error").asText()).isEqualTo("totp-invalid");
    assertThat(invalid.json().get("message").asText()).isEqualTo("TOTP Invalid");

    // A good code does not rescue a wrong password.
    assertThat(login(Map.of("user", "erin", "password", "nope", "code", OneTimeCodes.now(e.secret())))
        .json().get("error").asText()).isEqualTo("Unauthorized");

    Response ok = login(Map.of("user", "erin", "password", Cast.PASSWORD, "code", OneTimeCodes.now(e.secret())));
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    String token = ok.json().at("/data/authToken").asText();
    assertThat(ok.json().at("/data/me/services/totp/enabled").asBoolean()).isTrue();

    Response byHeader = cast.anonymous().postJson("/api/v1/login", Map.of("user", "erin", "password", Cast.PASSWORD),
        Map.of("x-2fa-code", OneTimeCodes.now(e.secret())));
    assertThat(byHeader.status()).as(byHeader.body()).isEqualTo(200);

    Response meteorShape = login(Map.of("totp", Map.of("code", OneTimeCodes.now(e.secret()),
        "login", Map.of("user", Map.of("username", "erin"),
            "password", Map.of("digest", sha256(Cast.PASSWORD), "algorithm", "sha-256")))));
    assertThat(meteorShape.status()).as(meteorShape.body()).isEqualTo(200);

    // Resume tokens are never asked for a code.
    assertThat(login(Map.of("resume", token)).status()).isEqualTo(200);
  }

  @Test
  void a_backup_code_logs_in_once() {
    RestClient finn = user("finn");
    Enrolled e = enrol(finn);
    String backup = e.backupCodes().get(3);
    assertThat(login(Map.of("user", "finn", "password", Cast.PASSWORD, "code", backup)).status()).isEqualTo(200);
    Response again = login(Map.of("user", "finn", "password", Cast.PASSWORD, "code", backup));
    assertThat(again.status()).isEqualTo(401);
    assertThat(again.json().get("error").asText()).isEqualTo("totp-invalid");
    try (DdpClient ddp = DdpClient.loggedIn(server.baseUrl(), finn)) {
      assertThat(ddp.call("2fa:checkCodesRemaining").at("/result/remaining").asInt()).isEqualTo(11);
    }
  }

  @Test
  void a_ddp_login_asks_for_the_code_in_meteor_error_form_and_takes_it_in_the_totp_wrapper() {
    RestClient gwen = user("gwen");
    Enrolled e = enrol(gwen);
    Map<String, Object> credentials = Map.of("user", Map.of("username", "gwen"),
        "password", Map.of("digest", sha256(Cast.PASSWORD), "algorithm", "sha-256"));
    try (DdpClient ddp = DdpClient.connect(server.baseUrl())) {
      JsonNode error = ddp.call("login", credentials).path("error");
      assertThat(error.get("error").asText()).isEqualTo("totp-required");
      assertThat(error.get("reason").asText()).isEqualTo("TOTP Required");
      assertThat(error.get("message").asText()).isEqualTo("TOTP Required [totp-required]");
      assertThat(error.at("/details/method").asText()).isEqualTo("totp");

      JsonNode invalid = ddp.call("login", Map.of("totp", Map.of("login", credentials,
          "code", wrongCode(e.secret())))).path("error");
      assertThat(invalid.get("error").asText()).isEqualTo("totp-invalid");

      JsonNode ok = ddp.call("login", Map.of("totp", Map.of("login", credentials,
          "code", OneTimeCodes.now(e.secret()))));
      assertThat(ok.at("/result/id").asText()).as(ok.toString()).isEqualTo(gwen.userId());
      assertThat(ok.at("/result/token").asText()).isNotEmpty();
    }
    try (DdpClient resumed = DdpClient.loggedIn(server.baseUrl(), gwen)) {
      assertThat(resumed.call("2fa:checkCodesRemaining").at("/result/remaining").asInt()).isEqualTo(12);
    }
  }

  @Test
  void protected_endpoints_need_the_x_2fa_headers_totp_for_totp_users_password_for_the_others() {
    String path = "/api/v1/users.generatePersonalAccessToken";
    // Without TOTP: Rocket.Chat's password fallback, the code being the SHA-256 hex of the password.
    RestClient hank = user("hank");
    Response required = hank.postJson(path, Map.of("tokenName", "ci"));
    assertThat(required.status()).isEqualTo(400);
    assertThat(required.json().get("errorType").asText()).isEqualTo("totp-required");
    assertThat(required.json().get("error").asText()).isEqualTo("TOTP Required [totp-required]");
    assertThat(required.json().at("/details/method").asText()).isEqualTo("password");
    assertThat(required.json().at("/details/availableMethods").toString()).isEqualTo("[]");
    assertThat(hank.get("/api/v1/users.getPersonalAccessTokens").json().get("tokens").size()).isZero();
    Response wrongPassword = hank.postJson(path, Map.of("tokenName", "ci"),
        Map.of("x-2fa-code", sha256("wrong"), "x-2fa-method", "password"));
    assertThat(wrongPassword.json().get("errorType").asText()).isEqualTo("totp-invalid");
    Response byPassword = hank.postJson(path, Map.of("tokenName", "ci"),
        Map.of("x-2fa-code", sha256(Cast.PASSWORD), "x-2fa-method", "password"));
    assertThat(byPassword.status()).as(byPassword.body()).isEqualTo(200);

    // With TOTP: the code from the app, and the password no longer does.
    RestClient ivy = user("ivy");
    Enrolled e = enrol(ivy);
    Response totpRequired = ivy.postJson(path, Map.of("tokenName", "ci"));
    assertThat(totpRequired.json().get("errorType").asText()).isEqualTo("totp-required");
    assertThat(totpRequired.json().at("/details/method").asText()).isEqualTo("totp");
    assertThat(ivy.postJson(path, Map.of("tokenName", "ci"),
        Map.of("x-2fa-code", sha256(Cast.PASSWORD), "x-2fa-method", "password")).json().get("errorType").asText())
        .isEqualTo("totp-invalid");
    Response byTotp = ivy.postJson(path, Map.of("tokenName", "ci", "bypassTwoFactor", true),
        Map.of("x-2fa-code", OneTimeCodes.now(e.secret()), "x-2fa-method", "totp"));
    assertThat(byTotp.status()).as(byTotp.body()).isEqualTo(200);
    Response plain = ivy.postJson(path, Map.of("tokenName", "plain"),
        Map.of("x-2fa-code", OneTimeCodes.now(e.secret()), "x-2fa-method", "totp"));
    assertThat(plain.status()).isEqualTo(200);
    assertThat(ivy.postJson(path, Map.of("tokenName", "spare"),
        Map.of("x-2fa-code", OneTimeCodes.now(e.secret()), "x-2fa-method", "totp")).status()).isEqualTo(200);

    // A personal access token made with bypassTwoFactor skips the check; one without does not.
    RestClient bot = cast.anonymous().as(ivy.userId(), byTotp.json().get("token").asText());
    assertThat(bot.postJson("/api/v1/users.regeneratePersonalAccessToken", Map.of("tokenName", "spare")).status())
        .isEqualTo(200);
    RestClient script = cast.anonymous().as(ivy.userId(), plain.json().get("token").asText());
    Response refused = script.postJson("/api/v1/users.removePersonalAccessToken", Map.of("tokenName", "spare"));
    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    assertThat(refused.json().get("errorType").asText()).isEqualTo("totp-required");
  }

  @Test
  void users_update_settings_and_own_email_changes_are_protected_too() {
    RestClient jack = user("jack");
    Enrolled e = enrol(jack);
    String basic = "/api/v1/users.updateOwnBasicInfo";
    Map<String, Object> newEmail = Map.of("data", Map.of("email", "jack2@example.com",
        "currentPassword", sha256(Cast.PASSWORD)));
    // With TOTP on the password is not the second factor; the header code is.
    assertThat(jack.postJson(basic, newEmail).json().get("errorType").asText()).isEqualTo("totp-invalid");
    assertThat(jack.postJson(basic, Map.of("data", Map.of("email", "jack2@example.com")))
        .json().get("errorType").asText()).isEqualTo("totp-required");
    Response changed = jack.postJson(basic, Map.of("data", Map.of("email", "jack2@example.com")),
        Map.of("x-2fa-code", OneTimeCodes.now(e.secret()), "x-2fa-method", "totp"));
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(changed.json().at("/user/emails/0/address").asText()).isEqualTo("jack2@example.com");
    // Changing only the name asks nothing.
    assertThat(jack.postJson(basic, Map.of("data", Map.of("name", "Jack"))).status()).isEqualTo(200);

    Map<String, Object> rename = Map.of("userId", jack.userId(), "data", Map.of("name", "Jack J"));
    Response adminRequired = cast.carol().postJson("/api/v1/users.update", rename);
    assertThat(adminRequired.json().get("errorType").asText()).isEqualTo("totp-required");
    assertThat(cast.carol().postJson("/api/v1/users.update", rename,
        Map.of("x-2fa-code", sha256(Cast.PASSWORD), "x-2fa-method", "password")).status()).isEqualTo(200);

    String setting = "/api/v1/settings/Message_MaxAllowedSize";
    assertThat(cast.carol().postJson(setting, Map.of("value", 4000)).json().get("errorType").asText())
        .isEqualTo("totp-required");
    assertThat(cast.carol().postJson(setting, Map.of("value", 4000),
        Map.of("x-2fa-code", sha256(Cast.PASSWORD), "x-2fa-method", "password")).status()).isEqualTo(200);
    // Members still get 403 first, not a code prompt.
    assertThat(cast.bob().postJson(setting, Map.of("value", 1)).status()).isEqualTo(403);
  }

  @Test
  void users_are_not_asked_right_after_registering_while_remember_for_is_set() {
    Map<String, String> password = Map.of("x-2fa-code", sha256(Cast.PASSWORD), "x-2fa-method", "password");
    String remember = "/api/v1/settings/Accounts_TwoFactorAuthentication_RememberFor";
    // Its own token, so that no other test finds carol's remembered.
    RestClient admin = cast.anonymous().login("carol", Cast.PASSWORD);
    RestClient kim = user("kim");
    String path = "/api/v1/users.generatePersonalAccessToken";
    assertThat(kim.postJson(path, Map.of("tokenName", "a")).json().get("errorType").asText())
        .isEqualTo("totp-required");
    assertThat(admin.postJson(remember, Map.of("value", 600), password).status()).isEqualTo(200);
    try {
      assertThat(kim.postJson(path, Map.of("tokenName", "a")).status()).isEqualTo(200);
    } finally {
      assertThat(admin.postJson(remember, Map.of("value", 0), password).status()).isEqualTo(200);
    }
    assertThat(kim.postJson(path, Map.of("tokenName", "b")).json().get("errorType").asText())
        .isEqualTo("totp-required");
  }

  @Test
  void wrong_codes_count_towards_the_login_block_but_missing_ones_do_not() {
    RestClient lena = user("lena");
    Enrolled e = enrol(lena);
    Map<String, Object> noCode = Map.of("user", "lena", "password", Cast.PASSWORD);
    for (int i = 0; i < 12; i++) {
      assertThat(login(noCode).json().get("error").asText()).isEqualTo("totp-required");
    }
    assertThat(login(Map.of("user", "lena", "password", Cast.PASSWORD, "code", OneTimeCodes.now(e.secret())))
        .status()).isEqualTo(200);
    String wrong = wrongCode(e.secret());
    for (int i = 0; i < 10; i++) {
      assertThat(login(Map.of("user", "lena", "password", Cast.PASSWORD, "code", wrong)).json().get("error")
          .asText()).isEqualTo("totp-invalid");
    }
    Response blocked = login(Map.of("user", "lena", "password", Cast.PASSWORD, "code", OneTimeCodes.now(e.secret())));
    assertThat(blocked.status()).isEqualTo(401);
    assertThat(blocked.json().get("error").asText()).isEqualTo("error-login-blocked-for-user");
  }

  @Test
  void regenerating_codes_and_disabling_need_a_good_code() {
    RestClient mona = user("mona");
    Enrolled e = enrol(mona);
    try (DdpClient ddp = DdpClient.loggedIn(server.baseUrl(), mona)) {
      JsonNode notRegenerated = ddp.call("2fa:regenerateCodes", wrongCode(e.secret()));
      assertThat(notRegenerated.has("error")).isFalse();
      assertThat(notRegenerated.has("result")).isFalse();
      // Spending a backup code to regenerate leaves a fresh set of twelve.
      JsonNode regenerated = ddp.call("2fa:regenerateCodes", e.backupCodes().get(0));
      assertThat(regenerated.at("/result/codes").size()).as(regenerated.toString()).isEqualTo(12);
      assertThat(ddp.call("2fa:checkCodesRemaining").at("/result/remaining").asInt()).isEqualTo(12);
      assertThat(login(Map.of("user", "mona", "password", Cast.PASSWORD, "code", e.backupCodes().get(1)))
          .status()).as("old codes are gone").isEqualTo(401);
      assertThat(login(Map.of("user", "mona", "password", Cast.PASSWORD,
          "code", regenerated.at("/result/codes/0").asText())).status()).isEqualTo(200);

      assertThat(ddp.call("2fa:disable", wrongCode(e.secret())).get("result").asBoolean()).isFalse();
      assertThat(login(Map.of("user", "mona", "password", Cast.PASSWORD)).status()).isEqualTo(401);
      assertThat(ddp.call("2fa:disable", OneTimeCodes.now(e.secret())).get("result").asBoolean()).isTrue();
      assertThat(login(Map.of("user", "mona", "password", Cast.PASSWORD)).status()).isEqualTo(200);
      assertThat(ddp.call("2fa:checkCodesRemaining").at("/error/error").asText()).isEqualTo("invalid-totp");
      assertThat(ddp.call("2fa:disable", OneTimeCodes.now(e.secret())).get("result").asBoolean()).isFalse();
      assertThat(mona.get("/api/v1/me").json().at("/services/totp/enabled").asBoolean(true)).isFalse();
    }
  }

  @Test
  void reset_totp_for_oneself_with_a_code_or_for_others_with_edit_other_user_totp() {
    Map<String, String> password = Map.of("x-2fa-code", sha256(Cast.PASSWORD), "x-2fa-method", "password");
    String path = "/api/v1/users.resetTOTP";
    RestClient omar = user("omar");
    enrol(omar);
    Response notAllowed = cast.mallory().postJson(path, Map.of("username", "omar"), password);
    assertThat(notAllowed.json().get("errorType").asText()).isEqualTo("error-not-allowed");
    assertThat(cast.carol().postJson(path, Map.of("username", "omar")).json().get("errorType").asText())
        .isEqualTo("totp-required");
    assertThat(cast.carol().postJson(path, Map.of("username", "nobody-here"), password).json().get("errorType")
        .asText()).isEqualTo("error-invalid-user");
    assertThat(cast.carol().postJson(path, Map.of("username", "omar"), password).status()).isEqualTo(200);
    assertThat(omar.get("/api/v1/me").status()).as("logged out everywhere").isEqualTo(401);
    assertThat(login(Map.of("user", "omar", "password", Cast.PASSWORD)).status()).isEqualTo(200);

    RestClient pia = user("pia");
    Enrolled e = enrol(pia);
    Response required = pia.postJson(path, Map.of());
    assertThat(required.json().at("/details/method").asText()).isEqualTo("totp");
    assertThat(pia.postJson(path, Map.of(), Map.of("x-2fa-code", OneTimeCodes.now(e.secret()), "x-2fa-method", "totp"))
        .status()).isEqualTo(200);
    assertThat(pia.get("/api/v1/me").status()).isEqualTo(401);
    assertThat(login(Map.of("user", "pia", "password", Cast.PASSWORD)).status()).isEqualTo(200);
  }

  @Test
  void the_rest_endpoints_of_rocket_chat_8_8_do_what_the_ddp_methods_do() {
    Map<String, String> password = Map.of("x-2fa-code", sha256(Cast.PASSWORD), "x-2fa-method", "password");
    RestClient quin = user("quin");
    // Registering an authenticator needs the existing second factor (here the password).
    Response required = quin.postJson("/api/v1/users.enableTotp", Map.of());
    assertThat(required.json().get("errorType").asText()).isEqualTo("totp-required");
    Response enabled = quin.postJson("/api/v1/users.enableTotp", Map.of(), password);
    assertThat(enabled.status()).as(enabled.body()).isEqualTo(200);
    String secret = enabled.json().get("secret").asText();
    assertThat(enabled.json().get("url").asText()).endsWith("secret=" + secret);

    assertThat(quin.postJson("/api/v1/users.validateTotp", Map.of(), password).json().get("errorType").asText())
        .isEqualTo("invalid-params");
    Response wrong = quin.postJson("/api/v1/users.validateTotp", Map.of("code", wrongCode(secret)), password);
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.json().get("error").asText()).isEqualTo("[invalid-totp]");
    assertThat(wrong.json().get("errorType").asText()).isEqualTo("invalid-totp");
    Response validated = quin.postJson("/api/v1/users.validateTotp", Map.of("code", OneTimeCodes.now(secret)), password);
    assertThat(validated.json().get("codes").size()).as(validated.body()).isEqualTo(12);

    assertThat(quin.get("/api/v1/users.totpCodesRemaining").json().get("remaining").asInt()).isEqualTo(12);
    assertThat(quin.postJson("/api/v1/users.regenerateTotpCodes", Map.of("code", wrongCode(secret)))
        .json().get("errorType").asText()).isEqualTo("invalid-totp");
    assertThat(quin.postJson("/api/v1/users.regenerateTotpCodes", Map.of("code", OneTimeCodes.now(secret)))
        .json().get("codes").size()).isEqualTo(12);
    assertThat(quin.postJson("/api/v1/users.disableTotp", Map.of("code", wrongCode(secret)))
        .json().get("errorType").asText()).isEqualTo("invalid-totp");
    assertThat(login(Map.of("user", "quin", "password", Cast.PASSWORD)).status()).isEqualTo(401);
    assertThat(quin.postJson("/api/v1/users.disableTotp", Map.of("code", OneTimeCodes.now(secret))).status())
        .isEqualTo(200);
    assertThat(login(Map.of("user", "quin", "password", Cast.PASSWORD)).status()).isEqualTo(200);
    assertThat(quin.get("/api/v1/users.totpCodesRemaining").json().get("errorType").asText())
        .isEqualTo("invalid-totp");
  }

  /** One DDP method over REST, as Rocket.Chat's web client sends it; the parsed result frame. */
  JsonNode methodCall(RestClient who, String anon, String method, Object... params) {
    try {
      String frame = JSON.writeValueAsString(Map.of("msg", "method", "id", "9", "method", method,
          "params", List.of(params)));
      Response r = who.postJson("/api/v1/" + anon + "/" + RestClient.q(method), Map.of("message", frame));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      return JSON.readTree(r.json().get("message").asText());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void rocket_chats_web_client_path_method_call_sets_up_totp_and_logs_in_with_it() {
    RestClient rex = user("rex");
    String secret = methodCall(rex, "method.call", "2fa:enable").at("/result/secret").asText();
    assertThat(methodCall(rex, "method.call", "2fa:validateTempToken", OneTimeCodes.now(secret))
        .at("/result/codes").size()).isEqualTo(12);
    assertThat(methodCall(rex, "method.call", "2fa:checkCodesRemaining").at("/result/remaining").asInt())
        .isEqualTo(12);
    Map<String, Object> credentials = Map.of("user", Map.of("username", "rex"),
        "password", Map.of("digest", sha256(Cast.PASSWORD), "algorithm", "sha-256"));
    JsonNode refused = methodCall(cast.anonymous(), "method.callAnon", "login", credentials);
    assertThat(refused.at("/error/error").asText()).isEqualTo("totp-required");
    JsonNode ok = methodCall(cast.anonymous(), "method.callAnon", "login",
        Map.of("totp", Map.of("login", credentials, "code", OneTimeCodes.now(secret))));
    assertThat(ok.at("/result/id").asText()).as(ok.toString()).isEqualTo(rex.userId());
  }

  @Test
  void with_two_factor_turned_off_for_the_workspace_nothing_is_asked() {
    try (TestServer off = TestServer.start(backend(), Map.of("Accounts_TwoFactorAuthentication_Enabled", "false",
        "Accounts_TwoFactorAuthentication_RememberFor", "0"))) {
      RestClient anonymous = off.client();
      anonymous.postJson("/api/v1/users.register", Map.of("username", "nora", "email", "nora@example.com",
          "pass", Cast.PASSWORD, "name", "Nora"));
      RestClient nora = anonymous.login("nora", Cast.PASSWORD);
      String secret;
      try (DdpClient ddp = DdpClient.loggedIn(off.baseUrl(), nora)) {
        secret = ddp.call("2fa:enable").at("/result/secret").asText();
        assertThat(ddp.call("2fa:validateTempToken", OneTimeCodes.now(secret)).at("/result/codes").size())
            .isEqualTo(12);
      }
      assertThat(anonymous.postJson("/api/v1/login", Map.of("user", "nora", "password", Cast.PASSWORD)).status())
          .isEqualTo(200);
      assertThat(nora.postJson("/api/v1/users.generatePersonalAccessToken", Map.of("tokenName", "x")).status())
          .isEqualTo(200);
    }
  }
}
