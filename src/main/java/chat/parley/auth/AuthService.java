package chat.parley.auth;

import chat.parley.common.Ids;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.events.Event;
import chat.parley.events.EventHub;
import chat.parley.settings.Settings;
import chat.parley.users.User;
import chat.parley.users.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logins, token checks and logouts. Tokens live {@code Accounts_LoginExpiration} days; logging in
 * again adds a token and keeps the others (as Rocket.Chat does, up to 50 per user).
 */
public final class AuthService {
  /** Rocket.Chat's MAX_RESUME_LOGIN_TOKENS default. */
  static final int MAX_LOGIN_TOKENS = 50;
  /**
   * How long a verified token is trusted without asking the database again. Logout on this node
   * evicts at once; the bound matters only for other nodes until the bus carries evictions.
   */
  private static final Duration SESSION_CACHE_TTL = Duration.ofSeconds(10);
  private static final int SESSION_CACHE_MAX = 100_000;

  private final Transactor db;
  private final UserStore users;
  private final TokenStore tokens;
  private final PasswordHasher hasher;
  private final Settings settings;
  private final EventHub events;
  private final Clock clock;
  private final ConcurrentHashMap<String, CachedSession> sessionCache = new ConcurrentHashMap<>();
  private final LoginThrottle throttle;
  private final chat.parley.permissions.Permissions permissions;
  private final TwoFactorService twoFactor;

  public AuthService(Transactor db, UserStore users, TokenStore tokens, PasswordHasher hasher,
      Settings settings, EventHub events, Clock clock) {
    this(db, users, tokens, hasher, settings, events, clock,
        chat.parley.permissions.Permissions.defaults());
  }

  /** As below, without two-factor authentication (nothing is ever asked). */
  public AuthService(Transactor db, UserStore users, TokenStore tokens, PasswordHasher hasher,
      Settings settings, EventHub events, Clock clock,
      chat.parley.permissions.Permissions permissions) {
    this(db, users, tokens, hasher, settings, events, clock, permissions, null);
  }

  /**
   * With the server's live permission table for the sessions it makes, and the two-factor check
   * logins go through.
   */
  public AuthService(Transactor db, UserStore users, TokenStore tokens, PasswordHasher hasher,
      Settings settings, EventHub events, Clock clock,
      chat.parley.permissions.Permissions permissions, TwoFactorService twoFactor) {
    this.permissions = permissions;
    this.twoFactor = twoFactor;
    this.db = db;
    this.users = users;
    this.tokens = tokens;
    this.hasher = hasher;
    this.settings = settings;
    this.events = events;
    this.clock = clock;
    this.throttle = new LoginThrottle(settings, clock);
    events.subscribe(event -> {
      if (event instanceof Event.UserLoggedOut out) {
        sessionCache.remove(out.hashedToken());
      }
      if (event instanceof Event.UserDeactivated) {
        sessionCache.clear();
      }
      if (event instanceof Event.UserRoleChanged changed && changed.scope() == null) {
        sessionCache.values().removeIf(c -> c.session.userId().equals(changed.user().id()));
      }
      if (event instanceof Event.UserNameChanged renamed) {
        // Sessions carry the username messages are signed with.
        sessionCache.values().removeIf(c -> c.session.userId().equals(renamed.userId()));
      }
      if (event instanceof Event.UserDeleted deleted) {
        sessionCache.values().removeIf(c -> c.session.userId().equals(deleted.userId()));
      }
    });
  }

  /** Checks the credentials and issues a new token; any failure is the same 401. */
  public LoginResult login(LoginRequest request) {
    return login(request, null);
  }

  /**
   * As {@link #login(LoginRequest)}, counting failures per account and per {@code clientIp} for
   * Rocket.Chat's {@code Block_Multiple_Failed_Logins_*} protection.
   */
  public LoginResult login(LoginRequest request, String clientIp) {
    return login(request, clientIp, null);
  }

  /**
   * As above with the second factor {@code code} (TOTP or backup code) for users who turned TOTP
   * on: none is {@code totp-required}, a wrong one {@code totp-invalid} (and counts as a failed
   * login), both 401 with Rocket.Chat's {@code details}. Resume tokens are never asked.
   */
  public LoginResult login(LoginRequest request, String clientIp, String code) {
    if (request.resumeToken() != null) {
      return resume(request.resumeToken());
    }
    String account = request.email() != null ? request.email() : request.username();
    throttle.checkAllowed(account, clientIp);
    User user = db.read(tx -> request.email() != null
            ? users.findByEmail(tx, request.email())
            : users.findByUsername(tx, request.username()))
        .orElse(null);
    String digest = request.passwordDigest() != null
        ? request.passwordDigest()
        : PasswordHasher.sha256Hex(request.passwordPlain());
    if (user == null || !hasher.matchesDigest(digest, user.passwordBcrypt())) {
      throttle.failed(account, clientIp);
      throw unauthorized();
    }
    if (!user.active()) {
      throw new ParleyException.Unauthenticated("error-user-is-not-activated",
          "User is not activated");
    }
    requireVerifiedEmail(user);
    if (twoFactor != null) {
      try {
        twoFactor.checkLogin(user, code);
      } catch (ParleyException.Invalid e) {
        if ("totp-invalid".equals(e.errorType()) || "totp-max-attempts".equals(e.errorType())) {
          // Rocket.Chat counts every failed login but the one that only lacked the code.
          throttle.failed(account, clientIp);
        }
        throw loginRefusal(e);
      }
    }
    throttle.succeeded(account);
    return issueToken(user);
  }

  /**
   * Rocket.Chat's {@code Accounts_EmailVerification}: a password login needs a verified address.
   * Enforced only while mail is on (Rocket.Chat's setting needs {@code SMTP_Host} too), so an
   * admin cannot lock everyone out with no way to verify; bots are exempt.
   */
  private void requireVerifiedEmail(User user) {
    if (settings.bool("Accounts_EmailVerification") && !settings.string("SMTP_Host").isBlank()
        && !"bot".equals(user.type()) && user.email() != null && !user.emailVerified()) {
      throw new ParleyException.Unauthenticated("error-invalid-email", "Invalid email " + user.email());
    }
  }

  /**
   * A new login token for a user who proved who they are another way (a mailed reset or
   * verification link); Meteor logs them in the same way.
   */
  public LoginResult issueLogin(User user) {
    if (!user.active()) {
      throw new ParleyException.Unauthenticated("error-user-is-not-activated", "User is not activated");
    }
    return issueToken(user);
  }

  /**
   * {@code users.generatePersonalAccessToken}: a token that never expires, for bots and scripts;
   * shown once, stored hashed. Needs {@code create-personal-access-tokens}.
   */
  public String generatePersonalToken(Session session, String name, boolean bypassTwoFactor) {
    requirePersonalTokens(session);
    if (name == null || name.isBlank()) {
      throw new ParleyException.Invalid("error-invalid-token-name", "Token name is required");
    }
    String token = Ids.newSecret();
    db.write(tx -> {
      if (tokens.personalTokens(tx, session.userId()).stream().anyMatch(t -> t.name().equals(name))) {
        throw new ParleyException.Invalid("error-token-already-exists",
            "A token with this name already exists [error-token-already-exists]");
      }
      tokens.insertPersonal(tx, PasswordHasher.hashToken(token), session.userId(), name,
          token.substring(token.length() - 6), bypassTwoFactor, clock.instant());
      return null;
    });
    return token;
  }

  public String regeneratePersonalToken(Session session, String name) {
    requirePersonalTokens(session);
    TokenStore.PersonalToken old = db.read(tx -> tokens.personalTokens(tx, session.userId())).stream()
        .filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow(() -> new ParleyException.Invalid("error-token-does-not-exists",
            "Token does not exist [error-token-does-not-exists]"));
    removePersonalToken(session, name);
    return generatePersonalToken(session, name, old.bypassTwoFactor());
  }

  public void removePersonalToken(Session session, String name) {
    requirePersonalTokens(session);
    db.write(tx -> {
      if (!tokens.deletePersonal(tx, session.userId(), name)) {
        throw new ParleyException.Invalid("error-token-does-not-exists",
            "Token does not exist [error-token-does-not-exists]");
      }
      return null;
    });
    sessionCache.clear();
  }

  public java.util.List<TokenStore.PersonalToken> personalTokens(Session session) {
    requirePersonalTokens(session);
    return db.read(tx -> tokens.personalTokens(tx, session.userId()));
  }

  private static void requirePersonalTokens(Session session) {
    if (!session.can("create-personal-access-tokens")) {
      throw new ParleyException.Invalid("not-authorized", "Not Authorized [not-authorized]");
    }
  }

  private LoginResult resume(String token) {
    String hashed = PasswordHasher.hashToken(token);
    Instant now = clock.instant();
    // The resume token names no user; find it by hash alone.
    Optional<User> owner = db.read(tx -> tokens.findOwnerOf(tx, hashed, now)
        .flatMap(userId -> users.findById(tx, userId)));
    User user = owner.filter(User::active).orElseThrow(AuthService::unauthorized);
    return issueToken(user);
  }

  private LoginResult issueToken(User user) {
    String token = Ids.newSecret();
    Instant now = clock.instant();
    Instant expires = now.plus(Duration.ofDays(settings.loginExpirationDays()));
    db.write(tx -> {
      tokens.insert(tx, PasswordHasher.hashToken(token), user.id(), "login", now, expires);
      tokens.trimLoginTokens(tx, user.id(), MAX_LOGIN_TOKENS);
      users.recordLogin(tx, user.id(), now);
      return null;
    });
    return new LoginResult(token, expires, user);
  }

  /**
   * DDP's {@code login({resume})}: the session of an existing, unexpired token (which stays the
   * same, as in Meteor), with its expiry.
   */
  public Optional<ResumedSession> resumeSession(String token) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    String hashed = PasswordHasher.hashToken(token);
    Instant now = clock.instant();
    return db.read(tx -> tokens.findOwnerOf(tx, hashed, now)
        .flatMap(userId -> users.findById(tx, userId))
        .filter(User::active)
        .map(u -> new ResumedSession(sessionOf(u, hashed),
            tokens.expiresAt(tx, hashed).orElse(null))));
  }

  /** A session picked up again from its token; {@code expires} is null for tokens that never do. */
  public record ResumedSession(Session session, Instant expires) {}

  /** The session for a request's {@code X-User-Id}/{@code X-Auth-Token}, if they are valid. */
  public Optional<Session> authenticate(String userId, String token) {
    if (userId == null || token == null || userId.isBlank() || token.isBlank()) {
      return Optional.empty();
    }
    String hashed = PasswordHasher.hashToken(token);
    long nowMillis = clock.millis();
    CachedSession cached = sessionCache.get(hashed);
    if (cached != null && cached.validUntilMillis > nowMillis
        && cached.session.userId().equals(userId)) {
      return Optional.of(cached.session);
    }
    Instant now = Instant.ofEpochMilli(nowMillis);
    Optional<Session> session = db.read(tx -> tokens.findOwner(tx, hashed, userId, now)
        .flatMap(id -> users.findById(tx, id))
        .filter(User::active)
        .map(u -> sessionOf(u, hashed)));
    session.ifPresent(s -> {
      if (sessionCache.size() >= SESSION_CACHE_MAX) {
        sessionCache.clear();
      }
      sessionCache.put(hashed, new CachedSession(s, nowMillis + SESSION_CACHE_TTL.toMillis()));
    });
    return session;
  }

  /** A session of {@code user}, checked against this server's permission table. */
  public Session sessionOf(User user, String hashedToken) {
    return new Session(user.id(), user.username(), user.name(), user.roles(), hashedToken,
        permissions);
  }

  /**
   * {@code users.logout} for another user: removes every token (login and personal) and closes
   * their sockets. Needs {@code logout-other-user} unless it is the caller themselves.
   */
  public void logoutEverywhere(Session session, String userId) {
    if (!userId.equals(session.userId()) && !session.can("logout-other-user")) {
      throw ParleyException.NotAllowed.unauthorized();
    }
    db.write(tx -> {
      if (users.findById(tx, userId).isEmpty()) {
        throw new ParleyException.Invalid("error-invalid-user-id", "Invalid user id [error-invalid-user-id]");
      }
      tokens.deleteAllOf(tx, userId);
      tx.afterCommit(() -> events.publish(new Event.UserDeactivated(userId)));
      return null;
    });
  }

  /**
   * {@code users.logoutOtherClients} / {@code users.removeOtherTokens}: removes the user's other
   * login tokens (personal access tokens stay) and closes their sockets; returns when the token
   * in use expires.
   */
  public Instant logoutOtherClients(Session session) {
    List<String> removed = db.write(tx -> {
      List<String> others = new java.util.ArrayList<>(tokens.loginTokensOf(tx, session.userId()));
      others.remove(session.hashedToken());
      others.forEach(h -> tokens.delete(tx, h));
      return others;
    });
    removed.forEach(h -> events.publish(new Event.UserLoggedOut(session.userId(), h)));
    return db.read(tx -> tokens.expiresAt(tx, session.hashedToken())).orElse(null);
  }

  /** The full account behind a session (for {@code me}). */
  public User currentUser(Session session) {
    return db.read(tx -> users.findById(tx, session.userId()))
        .orElseThrow(() -> new ParleyException.Unauthenticated("You must be logged in to do this.",
            "You must be logged in to do this."));
  }

  /** Revokes the token the session used; other tokens of the user stay valid. */
  public void logout(Session session) {
    db.write(tx -> {
      tokens.delete(tx, session.hashedToken());
      tx.afterCommit(() -> events.publish(
          new Event.UserLoggedOut(session.userId(), session.hashedToken())));
      return null;
    });
  }

  /** Drops expired tokens; run periodically (Meteor does every 10 minutes). */
  public int pruneExpiredTokens() {
    return db.write(tx -> tokens.deleteExpired(tx, clock.instant()));
  }

  /** The two-factor check for REST calls and methods Rocket.Chat marks {@code twoFactorRequired}. */
  public TwoFactorService twoFactor() {
    return twoFactor;
  }

  private static ParleyException loginRefusal(ParleyException.Invalid e) {
    // The login's wording: "TOTP Required", not the method error's "TOTP Required [totp-required]".
    return new ParleyException.Unauthenticated(e.errorType(),
        e.getMessage().replaceAll("\\s*\\[[^\\]]+\\]$", ""), e.details());
  }

  private static ParleyException unauthorized() {
    return new ParleyException.Unauthenticated("Unauthorized", "Unauthorized");
  }

  private record CachedSession(Session session, long validUntilMillis) {}
}
