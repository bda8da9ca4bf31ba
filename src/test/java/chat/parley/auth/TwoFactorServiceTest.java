package chat.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.parley.common.ParleyException;
import chat.parley.config.Config;
import chat.parley.events.EventHub;
import chat.parley.settings.Settings;
import chat.parley.storage.Db;
import chat.parley.storage.JdbcSettingStore;
import chat.parley.storage.JdbcTokenStore;
import chat.parley.storage.JdbcTwoFactorStore;
import chat.parley.storage.JdbcUserStore;
import chat.parley.testing.Backend;
import chat.parley.testing.OneTimeCodes;
import chat.parley.testing.TestServer;
import chat.parley.users.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The parts of the check that depend on time, over a real database with a clock the test moves:
 * remembering a good code per token and client, the TOTP window, personal tokens that bypass.
 * Users here registered long ago, so Rocket.Chat's "just registered" grace does not apply.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoFactorServiceTest {
  private static final String PASSWORD_DIGEST = PasswordHasher.sha256Hex("secret words");
  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-29T10:00:00Z"));
  private final JdbcUserStore users = new JdbcUserStore();
  private final JdbcTokenStore tokens = new JdbcTokenStore();
  private final JdbcTwoFactorStore store = new JdbcTwoFactorStore();
  private final PasswordHasher hasher = new PasswordHasher(4);
  private Db db;
  private Settings settings;
  private TwoFactorService twoFactor;
  private int sequence;

  @BeforeAll
  void open() {
    db = Db.open(Config.forTests(TestServer.tempDir(), Backend.SQLITE.freshDatabaseUrl()));
    settings = Settings.load(db, new JdbcSettingStore(), Map.of(), clock);
    twoFactor = new TwoFactorService(db, users, store, hasher, settings, new EventHub(), clock);
  }

  @AfterAll
  void close() {
    db.close();
  }

  private User oldUser() {
    int n = ++sequence;
    Instant longAgo = clock.instant().minus(Duration.ofDays(30));
    User user = new User("u" + n + "-" + System.nanoTime(), "user" + n, "User " + n, null, false,
        hasher.hashDigest(PASSWORD_DIGEST), List.of("user"), "user", true, "offline", false, longAgo, longAgo,
        null);
    db.write(tx -> {
      users.insert(tx, user);
      return null;
    });
    return user;
  }

  private String loginToken(User user) {
    String hashed = PasswordHasher.hashToken("token-" + user.id());
    db.write(tx -> {
      tokens.insert(tx, hashed, user.id(), "login", clock.instant(), clock.instant().plus(Duration.ofDays(90)));
      return null;
    });
    return hashed;
  }

  private static String errorOf(Runnable check) {
    try {
      check.run();
      return "passed";
    } catch (ParleyException e) {
      return e.errorType();
    }
  }

  @Test
  void a_good_code_is_remembered_for_that_token_and_client_for_remember_for_seconds() {
    User user = oldUser();
    String token = loginToken(user);
    TwoFactorService.Caller browser = new TwoFactorService.Caller(token, "Firefox", "10.0.0.1");
    TwoFactorService.Options normal = TwoFactorService.Options.DEFAULT;
    assertThat(errorOf(() -> twoFactor.check(user.id(), null, null, normal, browser))).isEqualTo("totp-required");
    assertThat(errorOf(() -> twoFactor.check(user.id(), PASSWORD_DIGEST.toUpperCase(), "password", normal, browser)))
        .isEqualTo("passed");
    assertThat(errorOf(() -> twoFactor.check(user.id(), null, null, normal, browser))).isEqualTo("passed");
    // Another client with the same token, or the same client after RememberFor (1800 s), is asked.
    assertThat(errorOf(() -> twoFactor.check(user.id(), null, null, normal,
        new TwoFactorService.Caller(token, "curl", "10.0.0.1")))).isEqualTo("totp-required");
    assertThat(errorOf(() -> twoFactor.check(user.id(), null, null, TwoFactorService.Options.NO_REMEMBER, browser)))
        .isEqualTo("totp-required");
    assertThat(errorOf(() -> twoFactor.check(user.id(), null, null, TwoFactorService.Options.REQUIRED, browser)))
        .isEqualTo("totp-required");
    clock.advance(Duration.ofSeconds(1801));
    assertThat(errorOf(() -> twoFactor.check(user.id(), null, null, normal, browser))).isEqualTo("totp-required");
  }

  @Test
  void totp_codes_are_accepted_max_delta_steps_either_side() {
    User user = oldUser();
    String secret = Totp.newSecret();
    db.write(tx -> {
      store.disableAndSetTempSecret(tx, user.id(), secret, clock.instant());
      store.enable(tx, user.id(), secret, List.of(), clock.instant());
      return null;
    });
    long now = clock.instant().getEpochSecond();
    TwoFactorService.Options normal = TwoFactorService.Options.DEFAULT;
    assertThat(errorOf(() -> twoFactor.check(user.id(), OneTimeCodes.totp(secret, now - 30), "totp", normal, null)))
        .isEqualTo("passed");
    assertThat(errorOf(() -> twoFactor.check(user.id(), OneTimeCodes.totp(secret, now + 30), "totp", normal, null)))
        .isEqualTo("passed");
    assertThat(errorOf(() -> twoFactor.check(user.id(), OneTimeCodes.totp(secret, now - 60), "totp", normal, null)))
        .isEqualTo("totp-invalid");
    // The password is no second factor once TOTP is on.
    assertThat(errorOf(() -> twoFactor.check(user.id(), PASSWORD_DIGEST, "password", normal, null)))
        .isEqualTo("totp-invalid");
    settings.set("Accounts_TwoFactorAuthentication_MaxDelta", "0");
    try {
      assertThat(errorOf(() -> twoFactor.check(user.id(), OneTimeCodes.totp(secret, now - 30), "totp", normal, null)))
          .isEqualTo("totp-invalid");
      assertThat(errorOf(() -> twoFactor.check(user.id(), OneTimeCodes.totp(secret, now), "totp", normal, null)))
          .isEqualTo("passed");
    } finally {
      settings.set("Accounts_TwoFactorAuthentication_MaxDelta", "1");
    }
  }

  @Test
  void a_personal_token_with_bypass_two_factor_is_never_asked_unless_a_second_factor_is_required() {
    User user = oldUser();
    String bypassing = PasswordHasher.hashToken("pat-bypass-" + user.id());
    String plain = PasswordHasher.hashToken("pat-plain-" + user.id());
    db.write(tx -> {
      tokens.insertPersonal(tx, bypassing, user.id(), "bot", "abcdef", true, clock.instant());
      tokens.insertPersonal(tx, plain, user.id(), "script", "ghijkl", false, clock.instant());
      return null;
    });
    TwoFactorService.Options normal = TwoFactorService.Options.DEFAULT;
    assertThat(errorOf(() -> twoFactor.check(user.id(), null, null, normal,
        new TwoFactorService.Caller(bypassing, "bot", "10.0.0.2")))).isEqualTo("passed");
    assertThat(errorOf(() -> twoFactor.check(user.id(), null, null, normal,
        new TwoFactorService.Caller(plain, "bot", "10.0.0.2")))).isEqualTo("totp-required");
    assertThat(errorOf(() -> twoFactor.check(user.id(), null, null, TwoFactorService.Options.REQUIRED,
        new TwoFactorService.Caller(bypassing, "bot", "10.0.0.2")))).isEqualTo("totp-required");
    // Another user's token bypasses nothing.
    User other = oldUser();
    assertThatThrownBy(() -> twoFactor.check(other.id(), null, null, normal,
        new TwoFactorService.Caller(bypassing, "bot", "10.0.0.2")))
        .isInstanceOf(ParleyException.Invalid.class).hasMessage("TOTP Required [totp-required]");
  }

  /** A clock the test moves by hand. */
  private static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
