package chat.parley.users;

import chat.parley.auth.PasswordHasher;
import chat.parley.auth.Session;
import chat.parley.auth.TokenStore;
import chat.parley.common.Ids;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.events.Event;
import chat.parley.events.EventHub;
import chat.parley.mail.Mail;
import chat.parley.mail.MailSender;
import chat.parley.settings.Settings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The links Rocket.Chat mails to users (Meteor's accounts-password): {@code users.forgotPassword}
 * mails {@code ROOT_URL/reset-password/<token>}, valid {@link #RESET_LIFETIME} and once, which the
 * DDP method {@code resetPassword} redeems; {@code users.sendConfirmationEmail} (and a new account
 * when {@code Accounts_EmailVerification} is on) mails {@code ROOT_URL/verify-email/<token>} for
 * {@code verifyEmail}. Tokens are random, mailed once and stored hashed. Mail goes through {@link
 * MailSender}'s queue; who exists is never revealed by an answer or by its timing.
 */
public final class AccountLinks {
  /** Meteor's {@code DEFAULT_PASSWORD_RESET_TOKEN_EXPIRATION_DAYS}. */
  public static final Duration RESET_LIFETIME = Duration.ofDays(3);
  static final String RESET = "reset";
  static final String VERIFY = "verify";

  private final Transactor db;
  private final UserStore users;
  private final AccountLinkStore links;
  private final TokenStore tokens;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final MailSender mail;
  private final Settings settings;
  private final EventHub events;
  private final Clock clock;
  private final String rootUrl;

  public AccountLinks(Transactor db, UserStore users, AccountLinkStore links, TokenStore tokens,
      PasswordHasher hasher, MailSender mail, Settings settings, EventHub events, Clock clock,
      String rootUrl) {
    this.db = db;
    this.users = users;
    this.links = links;
    this.tokens = tokens;
    this.hasher = hasher;
    this.policy = new PasswordPolicy(settings);
    this.mail = mail;
    this.settings = settings;
    this.events = events;
    this.clock = clock;
    this.rootUrl = rootUrl.replaceAll("/+$", "");
    // Rocket.Chat's registerUser mails the verification link to a new account's address.
    events.subscribeLocal(event -> {
      if (event instanceof Event.UserCreated created && settings.bool("Accounts_EmailVerification")) {
        mail.submit(() -> verificationMail(created.userId(), null));
      }
    });
  }

  /**
   * {@code users.forgotPassword}: when {@code email} belongs to a user and mail is on, mails a
   * reset link (replacing an earlier one). Always returns normally: the lookup happens on the
   * mail thread, so neither the answer nor its timing tells whether the address is known.
   */
  public void forgotPassword(String email) {
    String address = email.trim().toLowerCase(Locale.ROOT);
    mail.submit(() -> {
      Optional<User> user = db.read(tx -> users.findByEmail(tx, address));
      if (user.isEmpty() || user.get().email() == null) {
        return Optional.empty();
      }
      User u = user.get();
      String token = newLink(u, RESET, clock.instant().plus(RESET_LIFETIME));
      String url = rootUrl + "/reset-password/" + token;
      return Optional.of(compose(u, "Forgot_Password_Email_Subject", "Forgot_Password_Email",
          Map.of("Forgot_Password_Url", url)));
    });
  }

  /**
   * {@code users.sendConfirmationEmail}: mails a verification link to the user with that address.
   * False when nobody has it, or when it is someone else's and the caller lacks {@code
   * edit-other-user-info} (the same answer, so it reveals nothing). Needs SMTP.
   */
  public boolean sendConfirmation(Session session, String email) {
    if (!mail.configured()) {
      throw new ParleyException.Invalid("error-email-send-failed",
          "Error trying to send email: SMTP is not configured [error-email-send-failed]",
          Map.of("method", "registerUser", "message", "SMTP is not configured"));
    }
    Optional<User> user = db.read(tx -> users.findByEmail(tx, email.trim()));
    if (user.isEmpty() || (!user.get().id().equals(session.userId())
        && !session.can("edit-other-user-info"))) {
      return false;
    }
    String userId = user.get().id();
    if (!mail.submit(() -> verificationMail(userId, email.trim()))) {
      throw new ParleyException.Invalid("error-email-send-failed",
          "Error trying to send email: the mail queue is full [error-email-send-failed]",
          Map.of("method", "registerUser", "message", "the mail queue is full"));
    }
    return true;
  }

  private Optional<Mail> verificationMail(String userId, String email) {
    Optional<User> user = db.read(tx -> users.findById(tx, userId));
    if (user.isEmpty() || user.get().email() == null
        || (email == null && user.get().emailVerified()) // a new account made already verified
        || (email != null && !user.get().email().equalsIgnoreCase(email))) {
      return Optional.empty();
    }
    String token = newLink(user.get(), VERIFY, null);
    return Optional.of(compose(user.get(), "Verification_Email_Subject", "Verification_Email",
        Map.of("Verification_Url", rootUrl + "/verify-email/" + token)));
  }

  private String newLink(User user, String kind, Instant expires) {
    String token = Ids.newSecret();
    Instant now = clock.instant();
    db.write(tx -> {
      if (RESET.equals(kind)) {
        links.deleteOf(tx, user.id(), RESET); // Meteor keeps one reset token per user
      }
      links.insert(tx, new AccountLinkStore.Link(PasswordHasher.hashToken(token), user.id(), kind,
          user.email().toLowerCase(Locale.ROOT), now, expires));
      return null;
    });
    return token;
  }

  /**
   * DDP {@code resetPassword(token, newPassword)}: checks the link (unknown, used or expired:
   * {@code Token expired}), applies the password policy to a plain password, saves the new
   * password, marks the address verified, removes the link and every token of the user (their
   * sockets close). Returns the user; the caller logs them in. {@code digest} is the SHA-256 hex
   * Meteor clients send instead of the plain password.
   */
  public User resetPassword(String token, String plain, String digest) {
    AccountLinkStore.Link link = validLink(token, RESET, "Token expired");
    if (plain != null) {
      policy.validate(plain);
    }
    // bcrypt runs here, before the write transaction, so the single writer never waits on it.
    String bcrypt = plain != null ? hasher.hashPlain(plain) : hasher.hashDigest(digest.toLowerCase(Locale.ROOT));
    Instant now = clock.instant();
    User user = db.write(tx -> {
      User u = users.findById(tx, link.userId()).orElseThrow(() -> expired("Token expired"));
      if (u.email() == null || !u.email().equalsIgnoreCase(link.email())) {
        throw expired("Token has invalid email address");
      }
      if (!links.delete(tx, link.hashedToken())) {
        throw expired("Token expired"); // redeemed meanwhile
      }
      links.setPassword(tx, u.id(), bcrypt, now);
      tokens.deleteAllOf(tx, u.id());
      tx.afterCommit(() -> events.publish(new Event.UserDeactivated(u.id())));
      return users.findById(tx, u.id()).orElseThrow();
    });
    return user;
  }

  /**
   * DDP {@code verifyEmail(token)}: marks the address the link went to as verified and removes the
   * user's verification links. Returns the user; the caller logs them in, as Meteor does.
   */
  public User verifyEmail(String token) {
    AccountLinkStore.Link link = validLink(token, VERIFY, "Verify email link expired");
    Instant now = clock.instant();
    return db.write(tx -> {
      User u = users.findById(tx, link.userId())
          .orElseThrow(() -> expired("Verify email link expired"));
      if (u.email() == null || !u.email().equalsIgnoreCase(link.email())) {
        throw expired("Verify email link is for unknown address");
      }
      if (!links.delete(tx, link.hashedToken())) {
        throw expired("Verify email link expired");
      }
      links.deleteOf(tx, u.id(), VERIFY);
      links.markEmailVerified(tx, u.id(), now);
      return users.findById(tx, u.id()).orElseThrow();
    });
  }

  private AccountLinkStore.Link validLink(String token, String kind, String reason) {
    if (token == null || token.isBlank()) {
      throw expired(reason);
    }
    Instant now = clock.instant();
    return db.read(tx -> links.find(tx, PasswordHasher.hashToken(token)))
        .filter(l -> l.kind().equals(kind))
        .filter(l -> l.expiresAt() == null || now.isBefore(l.expiresAt()))
        .orElseThrow(() -> expired(reason));
  }

  /** Drops expired links; run periodically with the token pruning. */
  public int pruneExpired() {
    return db.write(tx -> links.deleteExpired(tx, clock.instant()));
  }

  /** Meteor answers these with error 403; the DDP edge turns this into that. */
  private static ParleyException expired(String reason) {
    return new ParleyException.NotAllowed("403", reason);
  }

  private Mail compose(User user, String subjectSetting, String bodySetting, Map<String, String> urls) {
    Map<String, String> values = new java.util.LinkedHashMap<>(urls);
    String name = user.name() == null || user.name().isBlank() ? user.username() : user.name();
    values.put("Site_Name", settings.string("Site_Name"));
    values.put("Site_URL", rootUrl);
    values.put("name", name);
    values.put("fname", name.split(" ")[0]);
    values.put("lname", name.contains(" ") ? name.substring(name.lastIndexOf(' ') + 1) : "");
    values.put("username", user.username());
    values.put("email", user.email());
    String subject = MailTemplates.fill(settings.string(subjectSetting), values, false);
    String html = MailTemplates.fill(settings.string(bodySetting), values, true);
    return new Mail(user.email(), subject, MailTemplates.page(subject, html), MailTemplates.text(html));
  }
}
