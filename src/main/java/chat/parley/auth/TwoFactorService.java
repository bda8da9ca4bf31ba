package chat.parley.auth;

import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.events.Event;
import chat.parley.events.EventHub;
import chat.parley.settings.Settings;
import chat.parley.users.User;
import chat.parley.users.UserStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Rocket.Chat's two-factor authentication ({@code apps/meteor/app/2fa/server}): TOTP with backup
 * codes, set up with the {@code 2fa:*} methods, asked for at login and by the endpoints Rocket.Chat
 * marks {@code twoFactorRequired}; users without TOTP give their password instead when {@code
 * Accounts_TwoFactorAuthentication_Enforce_Password_Fallback} is on. The e-mail method is not
 * offered (Parley sends no 2FA mail).
 */
public final class TwoFactorService {
  static final String TOTP = "totp";
  static final String PASSWORD = "password";

  /** Rocket.Chat's {@code ITwoFactorOptions}. */
  public record Options(boolean disablePasswordFallback, boolean disableRememberMe,
      boolean requireSecondFactor) {
    public static final Options DEFAULT = new Options(false, false, false);
    /** {@code twoFactorOptions: {disableRememberMe: true}}. */
    public static final Options NO_REMEMBER = new Options(false, true, false);
    /** Changing one's own e-mail or password ({@code saveUserProfile}). */
    public static final Options REQUIRED = new Options(false, false, true);
    /** At login: TOTP only, never the password a second time. */
    static final Options LOGIN = new Options(true, false, false);
  }

  /**
   * Rocket.Chat's method "connection": the (hashed) token the request came with and who sent it,
   * so a good code is remembered for that token and client for {@code ..._RememberFor} seconds.
   */
  public record Caller(String hashedToken, String userAgent, String clientAddress) {
    String fingerprint() {
      return PasswordHasher.sha256Hex((userAgent == null ? "" : userAgent) + "\n"
          + (clientAddress == null ? "" : clientAddress));
    }
  }

  /** {@code 2fa:enable}'s answer: the pending secret and the URL to scan. */
  public record Enrolment(String secret, String url) {}

  private final Transactor db;
  private final UserStore users;
  private final TwoFactorStore store;
  private final PasswordHasher hasher;
  private final Settings settings;
  private final EventHub events;
  private final Clock clock;

  public TwoFactorService(Transactor db, UserStore users, TwoFactorStore store, PasswordHasher hasher,
      Settings settings, EventHub events, Clock clock) {
    this.db = db;
    this.users = users;
    this.store = store;
    this.hasher = hasher;
    this.settings = settings;
    this.events = events;
    this.clock = clock;
  }

  // --- the check ----------------------------------------------------------------------------------

  /**
   * Rocket.Chat's {@code checkCodeForUser}: returns when the caller may go on, else throws {@code
   * totp-required} (no code) or {@code totp-invalid} (wrong code), 400 with {@code details:
   * {method, codeGenerated, availableMethods}}.
   */
  public void check(String userId, String code, String method, Options options, Caller caller) {
    if (!settings.bool("Accounts_TwoFactorAuthentication_Enabled")) {
      return;
    }
    // One read for all the check needs: the user, their TOTP, the token the request came with.
    Facts facts = db.read(tx -> new Facts(users.findById(tx, userId).orElse(null),
        store.totp(tx, userId).orElse(null),
        caller == null || caller.hashedToken() == null ? null
            : store.token(tx, caller.hashedToken()).filter(t -> t.userId().equals(userId)).orElse(null)));
    if (facts.user() == null) {
      throw new ParleyException.Invalid("totp-user-not-found", "TOTP User not found [totp-user-not-found]");
    }
    check(facts, code, method, options, caller);
  }

  private record Facts(User user, TwoFactorStore.TotpState totp, TwoFactorStore.TokenFacts token) {}

  /**
   * The login's second step (Rocket.Chat's {@code onValidateLogin} hook): only users with TOTP on
   * are asked, and no password fallback.
   */
  void checkLogin(User user, String code) {
    if (!settings.bool("Accounts_TwoFactorAuthentication_Enabled")) {
      return;
    }
    check(new Facts(user, db.read(tx -> store.totp(tx, user.id())).orElse(null), null), code, null,
        Options.LOGIN, null);
  }

  private void check(Facts facts, String code, String method, Options options, Caller caller) {
    User user = facts.user();
    TwoFactorStore.TotpState totp = facts.totp();
    if (caller != null && authorizedForToken(caller, facts.token(), user, options)) {
      return;
    }
    String selected = selectMethod(user, totp, method, options);
    if (selected == null) {
      return;
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("method", selected);
    details.put("codeGenerated", false);
    details.put("availableMethods", totpEnabled(totp) ? List.of(TOTP) : List.of());
    if (code == null || code.isEmpty()) {
      throw new ParleyException.Invalid("totp-required", "TOTP Required [totp-required]", details);
    }
    boolean valid = TOTP.equals(selected)
        ? totpEnabled(totp) && verifyTotpOrBackup(user.id(), totp, code)
        : user.passwordBcrypt() != null
            && hasher.matchesDigest(code.toLowerCase(Locale.ROOT), user.passwordBcrypt());
    if (!valid) {
      throw new ParleyException.Invalid("totp-invalid", "TOTP Invalid [totp-invalid]", details);
    }
    if (caller != null && !options.disableRememberMe()) {
      rememberFor(caller).ifPresent(until -> db.write(tx -> {
        store.rememberOnToken(tx, caller.hashedToken(), until, caller.fingerprint());
        return null;
      }));
    }
  }

  /** Rocket.Chat's {@code getSecondFactorMethod}; null when nothing is asked of this user. */
  private String selectMethod(User user, TwoFactorStore.TotpState totp, String method, Options options) {
    // A named method is used even if the user lacks it (the code then fails); "email" is not offered.
    if (TOTP.equals(method) || totpEnabled(totp)) {
      return TOTP;
    }
    if (options.requireSecondFactor()) {
      return PASSWORD;
    }
    if (!options.disablePasswordFallback()
        && settings.bool("Accounts_TwoFactorAuthentication_Enforce_Password_Fallback")
        && user.passwordBcrypt() != null) {
      return PASSWORD;
    }
    return null;
  }

  private boolean totpEnabled(TwoFactorStore.TotpState totp) {
    return totp != null && totp.enabled()
        && settings.bool("Accounts_TwoFactorAuthentication_By_TOTP_Enabled");
  }

  /** Rocket.Chat's {@code isAuthorizedForToken}. */
  private boolean authorizedForToken(Caller caller, TwoFactorStore.TokenFacts token, User user,
      Options options) {
    if (token == null || options.requireSecondFactor()) {
      return false;
    }
    if (token.bypassTwoFactor()) {
      return true;
    }
    if (options.disableRememberMe()) {
      return false;
    }
    Instant now = clock.instant();
    // Users are not asked right after registering.
    Optional<Instant> afterRegistration = rememberFor(user.createdAt());
    if (afterRegistration.isPresent() && !afterRegistration.get().isBefore(now)) {
      return true;
    }
    return token.authorizedUntil() != null && token.authorizedHash() != null
        && !token.authorizedUntil().isBefore(now) && token.authorizedHash().equals(caller.fingerprint());
  }

  private Optional<Instant> rememberFor(Caller caller) {
    return caller.hashedToken() == null ? Optional.empty() : rememberFor(clock.instant());
  }

  private Optional<Instant> rememberFor(Instant from) {
    int seconds = settings.integer("Accounts_TwoFactorAuthentication_RememberFor");
    return seconds <= 0 || from == null ? Optional.empty() : Optional.of(from.plusSeconds(seconds));
  }

  /** Rocket.Chat's {@code TOTP.verify}: 8 characters is a backup code (spent), else a TOTP code. */
  private boolean verifyTotpOrBackup(String userId, TwoFactorStore.TotpState totp, String code) {
    if (code.length() == 8) {
      String hashed = Totp.hashBackupCode(code);
      if (!totp.hashedBackup().contains(hashed)) {
        return false;
      }
      List<String> left = new ArrayList<>(totp.hashedBackup());
      left.remove(hashed);
      return db.write(tx -> store.replaceBackupCodes(tx, userId, totp.hashedBackup(), left, clock.instant()));
    }
    return verifyTotp(totp.secret(), code);
  }

  private boolean verifyTotp(String secret, String code) {
    return Totp.verify(secret, code, clock.instant().getEpochSecond(),
        Math.max(0, settings.integer("Accounts_TwoFactorAuthentication_MaxDelta")));
  }

  // --- the 2fa:* methods --------------------------------------------------------------------------

  /** {@code 2fa:enable}: a new pending secret (TOTP stays off until a code from it is given). */
  public Enrolment enable(Session session) {
    User user = requireUser(session);
    String secret = Totp.newSecret();
    db.write(tx -> {
      if (store.totp(tx, user.id()).map(TwoFactorStore.TotpState::enabled).orElse(false)) {
        throw new ParleyException.Invalid("error-2fa-already-enabled", "[error-2fa-already-enabled]");
      }
      store.disableAndSetTempSecret(tx, user.id(), secret, clock.instant());
      return null;
    });
    return new Enrolment(secret, Totp.otpauthUrl(secret, settings.string("Site_Name"), user.username()));
  }

  /**
   * {@code 2fa:validateTempToken}: a code from the pending secret turns TOTP on; answers the
   * backup codes (shown once) and logs out the user's other sessions (personal tokens stay).
   */
  public List<String> validateTempToken(Session session, String code) {
    User user = requireUser(session);
    TwoFactorStore.TotpState totp = db.read(tx -> store.totp(tx, user.id())).orElse(null);
    if (totp == null || totp.tempSecret() == null || code == null || !verifyTotp(totp.tempSecret(), code)) {
      throw invalidTotp();
    }
    List<String> codes = Totp.newBackupCodes();
    List<String> removed = db.write(tx -> {
      store.enable(tx, user.id(), totp.tempSecret(), codes.stream().map(Totp::hashBackupCode).toList(),
          clock.instant());
      return session.hashedToken() == null ? List.<String>of()
          : store.removeOtherLoginTokens(tx, user.id(), session.hashedToken());
    });
    removed.forEach(h -> events.publish(new Event.UserLoggedOut(user.id(), h)));
    return codes;
  }

  /** {@code 2fa:disable}: false (nothing changes) unless TOTP is on and the code is good. */
  public boolean disable(Session session, String code) {
    User user = requireUser(session);
    TwoFactorStore.TotpState totp = db.read(tx -> store.totp(tx, user.id())).orElse(null);
    if (totp == null || !totp.enabled() || code == null || !verifyTotpOrBackup(user.id(), totp, code)) {
      return false;
    }
    return db.write(tx -> store.disable(tx, user.id(), clock.instant()));
  }

  /** {@code 2fa:regenerateCodes}: new backup codes for a good code; empty for a wrong one. */
  public Optional<List<String>> regenerateCodes(Session session, String code) {
    User user = requireUser(session);
    TwoFactorStore.TotpState totp = db.read(tx -> store.totp(tx, user.id())).orElse(null);
    if (totp == null || !totp.enabled()) {
      throw invalidTotp();
    }
    if (code == null || !verifyTotpOrBackup(user.id(), totp, code)) {
      return Optional.empty();
    }
    List<String> codes = Totp.newBackupCodes();
    // Read again: the code just given may have been a backup code, now spent.
    boolean saved = db.write(tx -> store.totp(tx, user.id())
        .filter(TwoFactorStore.TotpState::enabled)
        .map(current -> store.replaceBackupCodes(tx, user.id(), current.hashedBackup(),
            codes.stream().map(Totp::hashBackupCode).toList(), clock.instant()))
        .orElse(false));
    return saved ? Optional.of(codes) : Optional.empty();
  }

  /** {@code 2fa:checkCodesRemaining}: how many backup codes are left. */
  public int codesRemaining(Session session) {
    User user = requireUser(session);
    return db.read(tx -> store.totp(tx, user.id()))
        .filter(TwoFactorStore.TotpState::enabled)
        .map(t -> t.hashedBackup().size())
        .orElseThrow(TwoFactorService::invalidTotp);
  }

  /**
   * {@code users.resetTOTP}: forgets a user's TOTP (their own, or with {@code
   * edit-other-user-totp} another's, named by id or username) and, if there was one, logs them out
   * everywhere. The caller has asked for the second factor first. No notice is mailed.
   */
  public void reset(Session session, String otherUserId, String otherUsername) {
    String target = session.userId();
    if (otherUserId != null || otherUsername != null) {
      if (!session.can("edit-other-user-totp")) {
        throw new ParleyException.Invalid("error-not-allowed", "Not allowed [error-not-allowed]");
      }
      if (!settings.bool("Accounts_TwoFactorAuthentication_Enabled")) {
        throw new ParleyException.Invalid("error-two-factor-not-enabled",
            "Two factor authentication is not enabled [error-two-factor-not-enabled]");
      }
      target = db.read(tx -> otherUserId != null && !otherUserId.isBlank()
              ? users.findById(tx, otherUserId)
              : users.findByUsername(tx, otherUsername == null ? "" : otherUsername))
          .map(User::id)
          .orElseThrow(() -> new ParleyException.Invalid("error-invalid-user",
              "The required \"userId\" or \"username\" param provided does not match any users [error-invalid-user]"));
    }
    String userId = target;
    db.write(tx -> {
      boolean removed = store.reset(tx, userId);
      if (removed) {
        store.removeAllTokens(tx, userId);
        tx.afterCommit(() -> events.publish(new Event.UserDeactivated(userId)));
      }
      return removed;
    });
  }

  /** Whether TOTP is on for a user ({@code services.totp.enabled} in {@code me}). */
  public boolean totpEnabled(String userId) {
    return db.read(tx -> store.totp(tx, userId)).map(TwoFactorStore.TotpState::enabled).orElse(false);
  }

  private User requireUser(Session session) {
    if (session == null) {
      throw new ParleyException.Invalid("not-authorized", "[not-authorized]");
    }
    return db.read(tx -> users.findById(tx, session.userId()))
        .orElseThrow(() -> new ParleyException.Invalid("error-invalid-user", "Invalid user [error-invalid-user]"));
  }

  private static ParleyException invalidTotp() {
    return new ParleyException.Invalid("invalid-totp", "[invalid-totp]");
  }
}
