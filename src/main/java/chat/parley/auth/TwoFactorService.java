package chat.parley.auth;

import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.events.Event;
import chat.parley.events.EventHub;
import chat.parley.mail.Mail;
import chat.parley.mail.MailSender;
import chat.parley.settings.Settings;
import chat.parley.users.User;
import chat.parley.users.UserStore;
import java.security.SecureRandom;
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
 * Accounts_TwoFactorAuthentication_Enforce_Password_Fallback} is on. Codes by e-mail ({@code
 * code/EmailCheck.ts}) come second: for users who turned them on and have a verified address,
 * while mail is configured (Rocket.Chat offers them even when no mail can go out).
 */
public final class TwoFactorService {
  static final String TOTP = "totp";
  static final String PASSWORD = "password";
  static final String EMAIL = "email";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final java.time.format.DateTimeFormatter ISO_MILLIS =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
          .withZone(java.time.ZoneOffset.UTC);

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
  private volatile MailSender mail;

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

  /** The mail that carries e-mail codes; without it the e-mail method is never offered. */
  public void useMail(MailSender mail) {
    this.mail = mail;
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
        store.totp(tx, userId).orElse(null), store.email(tx, userId).orElse(null),
        caller == null || caller.hashedToken() == null ? null
            : store.token(tx, caller.hashedToken()).filter(t -> t.userId().equals(userId)).orElse(null)));
    if (facts.user() == null) {
      throw new ParleyException.Invalid("totp-user-not-found", "TOTP User not found [totp-user-not-found]");
    }
    check(facts, code, method, options, caller);
  }

  private record Facts(User user, TwoFactorStore.TotpState totp, TwoFactorStore.EmailState email,
      TwoFactorStore.TokenFacts token) {}

  /**
   * The login's second step (Rocket.Chat's {@code onValidateLogin} hook): only users with TOTP or
   * e-mail codes on are asked, and no password fallback.
   */
  void checkLogin(User user, String code) {
    if (!settings.bool("Accounts_TwoFactorAuthentication_Enabled")) {
      return;
    }
    Facts facts = db.read(tx -> new Facts(user, store.totp(tx, user.id()).orElse(null),
        store.email(tx, user.id()).orElse(null), null));
    check(facts, code, null, Options.LOGIN, null);
  }

  private void check(Facts facts, String code, String method, Options options, Caller caller) {
    User user = facts.user();
    TwoFactorStore.TotpState totp = facts.totp();
    if (caller != null && authorizedForToken(caller, facts.token(), user, options)) {
      return;
    }
    String selected = selectMethod(user, totp, facts.email(), method, options);
    if (selected == null) {
      return;
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("method", selected);
    if (EMAIL.equals(selected)) {
      details.putAll(processInvalidEmailCode(user, facts.email()));
    } else {
      details.put("codeGenerated", false);
    }
    List<String> available = new ArrayList<>(2);
    if (totpEnabled(totp)) {
      available.add(TOTP);
    }
    if (emailEnabled(user, facts.email())) {
      available.add(EMAIL);
    }
    details.put("availableMethods", available);
    if (code == null || code.isEmpty()) {
      throw new ParleyException.Invalid("totp-required", "TOTP Required [totp-required]", details);
    }
    boolean valid = switch (selected) {
      case TOTP -> totpEnabled(totp) && verifyTotpOrBackup(user.id(), totp, code);
      case EMAIL -> verifyEmailCode(user, code);
      default -> user.passwordBcrypt() != null
          && hasher.matchesDigest(code.toLowerCase(Locale.ROOT), user.passwordBcrypt());
    };
    if (!valid) {
      if (EMAIL.equals(selected) && emailAttemptsSpent(user.id())) {
        throw new ParleyException.Invalid("totp-max-attempts",
            "TOTP Maximun Failed Attempts Reached [totp-max-attempts]", details);
      }
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
  private String selectMethod(User user, TwoFactorStore.TotpState totp, TwoFactorStore.EmailState email,
      String method, Options options) {
    // A named method is used even if the user lacks it (the code then fails); else TOTP, then e-mail.
    if (TOTP.equals(method) || EMAIL.equals(method)) {
      return method;
    }
    if (totpEnabled(totp)) {
      return TOTP;
    }
    if (emailEnabled(user, email)) {
      return EMAIL;
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

  // --- codes by e-mail ----------------------------------------------------------------------------

  /**
   * Rocket.Chat's {@code EmailCheck.isEnabled}: the setting, the user's choice, a verified
   * address; and here also mail that can go out.
   */
  private boolean emailEnabled(User user, TwoFactorStore.EmailState email) {
    MailSender sender = mail;
    return email != null && email.enabled() && user.email() != null && user.emailVerified()
        && settings.bool("Accounts_TwoFactorAuthentication_By_Email_Enabled")
        && sender != null && sender.configured();
  }

  /**
   * Rocket.Chat's {@code EmailCheck.processInvalidCode}: a pending code that has not expired (nor
   * run out of attempts) is kept, else a new one is mailed; the answer goes into the error's
   * details.
   */
  private Map<String, Object> processInvalidEmailCode(User user, TwoFactorStore.EmailState email) {
    Instant now = clock.instant();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("emailOrUsername", user.username() != null ? user.username() : user.email());
    boolean pending = email != null && email.codeHash() != null && email.codeExpires() != null
        && email.codeExpires().isAfter(now)
        && email.attempts() < settings.integer("Accounts_TwoFactorAuthentication_Max_Invalid_Email_Code_Attempts");
    if (pending) {
      data.put("codeGenerated", false);
      data.put("codeExpires", ISO_MILLIS.format(email.codeExpires()));
      return data;
    }
    // An expired or exhausted code is simply replaced.
    sendEmailCode(user);
    data.put("codeGenerated", true);
    return data;
  }

  /**
   * Rocket.Chat's {@code EmailCheck.sendEmailCode} ({@code users.2fa.sendEmailCode}): a new
   * six-digit code replaces any pending one, stored as a bcrypt hash, valid for {@code
   * ..._By_Email_Code_Expiration} seconds, mailed to the user's verified address (if any).
   */
  public void sendEmailCode(User user) {
    String code = String.format(Locale.ROOT, "%06d", RANDOM.nextInt(1_000_000));
    String hash = hasher.hashDigest(PasswordHasher.sha256Hex(code));
    Instant now = clock.instant();
    Instant expires = now.plusSeconds(Math.max(0,
        settings.integer("Accounts_TwoFactorAuthentication_By_Email_Code_Expiration")));
    db.write(tx -> {
      store.saveEmailCode(tx, user.id(), hash, expires, now);
      return null;
    });
    MailSender sender = mail;
    if (sender != null && user.email() != null && user.emailVerified()) {
      sender.send(codeMail(user.email(), code.substring(0, 3) + "-" + code.substring(3)));
    }
  }

  /** Rocket.Chat's mail, in English (its {@code Here_is_your_authentication_code} texts). */
  static Mail codeMail(String to, String code) {
    String text = "\nHere is your authentication code:\n\n" + code + "\n\nDo not provide this code to"
        + " anyone.\nIf you didn't try to login in your account please ignore this email.\n";
    String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Authentication code"
        + "</title></head><body><p>Here is your authentication code:</p>"
        + "<p style=\"font-size: 30px;\"><b>" + code + "</b></p>"
        + "<p>Do not provide this code to anyone.</p>"
        + "<p>If you didn't try to login in your account please ignore this email.</p></body></html>";
    return new Mail(to, "Authentication code", html, text);
  }

  /**
   * Rocket.Chat's {@code EmailCheck.verify}: digits only, not expired, matching the pending
   * code's hash; a good code is spent (a second use of it fails), a wrong one counted.
   */
  private boolean verifyEmailCode(User user, String given) {
    TwoFactorStore.EmailState email = db.read(tx -> store.email(tx, user.id())).orElse(null);
    if (!emailEnabled(user, email) || email.codeHash() == null || email.codeExpires() == null) {
      return false;
    }
    String digits = given.replaceAll("[^0-9]", "");
    if (email.codeExpires().isBefore(clock.instant())) {
      return false;
    }
    if (!digits.isEmpty() && hasher.matchesDigest(PasswordHasher.sha256Hex(digits), email.codeHash())) {
      return db.write(tx -> store.spendEmailCode(tx, user.id(), email.codeHash()));
    }
    db.write(tx -> {
      store.countInvalidEmailCode(tx, user.id());
      return null;
    });
    return false;
  }

  /** Rocket.Chat's {@code maxFaildedAttemtpsReached}. */
  private boolean emailAttemptsSpent(String userId) {
    int max = settings.integer("Accounts_TwoFactorAuthentication_Max_Invalid_Email_Code_Attempts");
    return db.read(tx -> store.email(tx, userId))
        .map(e -> e.codeHash() != null && e.attempts() >= max).orElse(false);
  }

  /**
   * {@code users.2fa.enableEmail}: refused while the user's address is unverified; turns e-mail
   * codes on and logs out the user's other sessions (personal tokens stay).
   */
  public void enableEmail(Session session) {
    User user = requireUser(session);
    if (user.email() != null && !user.emailVerified()) {
      throw new ParleyException.Invalid("error-invalid-user",
          "You need to verify your emails before setting up 2FA [error-invalid-user]");
    }
    List<String> removed = db.write(tx -> {
      store.setEmailEnabled(tx, user.id(), true, clock.instant());
      return session.hashedToken() == null ? List.<String>of()
          : store.removeOtherLoginTokens(tx, user.id(), session.hashedToken());
    });
    removed.forEach(h -> events.publish(new Event.UserLoggedOut(user.id(), h)));
  }

  /** {@code users.2fa.disableEmail} (the caller gave a second factor first). */
  public void disableEmail(Session session) {
    User user = requireUser(session);
    db.write(tx -> {
      store.setEmailEnabled(tx, user.id(), false, clock.instant());
      return null;
    });
  }

  /**
   * Rocket.Chat's {@code Accounts_TwoFactorAuthentication_By_Email_Auto_Opt_In}, at creation
   * ({@code onCreateUser}), while two-factor and e-mail codes are on.
   */
  public void autoOptIn(chat.parley.common.Tx tx, String userId, Instant now) {
    if (settings.bool("Accounts_TwoFactorAuthentication_Enabled")
        && settings.bool("Accounts_TwoFactorAuthentication_By_Email_Enabled")
        && settings.bool("Accounts_TwoFactorAuthentication_By_Email_Auto_Opt_In")) {
      store.setEmailEnabled(tx, userId, true, now);
    }
  }

  /** Whether e-mail codes are on for a user ({@code services.email2fa.enabled} in {@code me}). */
  public boolean email2faEnabled(String userId) {
    return db.read(tx -> store.email(tx, userId)).map(TwoFactorStore.EmailState::enabled).orElse(false);
  }

  /**
   * {@code users.2fa.sendEmailCode}: the caller, or the user named by e-mail address (with an
   * {@code @}) or username, is mailed a new code; nothing tells whether such a user exists.
   */
  public void sendEmailCode(Session session, String emailOrUsername) {
    if (emailOrUsername == null || emailOrUsername.isEmpty()) {
      throw new ParleyException.Invalid("error-parameter-required",
          "emailOrUsername is required [error-parameter-required]");
    }
    Optional<User> user = db.read(tx -> session != null ? users.findById(tx, session.userId())
        : emailOrUsername.contains("@") ? users.findByEmail(tx, emailOrUsername)
        : users.findByUsername(tx, emailOrUsername));
    user.ifPresent(this::sendEmailCode);
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
