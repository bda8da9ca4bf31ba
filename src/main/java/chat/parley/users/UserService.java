package chat.parley.users;

import chat.parley.auth.PasswordHasher;
import chat.parley.auth.Session;
import chat.parley.common.Ids;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.rooms.RoomService;
import chat.parley.settings.Settings;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Accounts: self-registration, creation by admins, lookups, and the first admin. */
public final class UserService {
  private static final Logger log = LoggerFactory.getLogger(UserService.class);
  /** Rocket.Chat's {@code validateEmail}. */
  private static final Pattern EMAIL = Pattern.compile(
      "^(([^<>()\\[\\]\\\\.,;:\\s@\"]+(\\.[^<>()\\[\\]\\\\.,;:\\s@\"]+)*)|(\".+\"))@"
          + "((\\[[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}])|(([a-zA-Z\\-0-9]+\\.)+[a-zA-Z]{2,}))$");
  /** {@code Accounts_SystemBlockedUsernameList}. */
  private static final Set<String> BLOCKED_USERNAMES = Set.of("admin", "administrator", "system", "user");

  private final Transactor db;
  private final UserStore users;
  private final RoomService rooms;
  private final PasswordHasher hasher;
  private final Settings settings;
  private final Clock clock;
  private final chat.parley.events.EventHub events;
  private volatile CreationHook onCreate = (tx, user, now) -> { };

  /** Work done in the transaction that creates a user (e-mail 2FA auto opt-in). */
  @FunctionalInterface
  public interface CreationHook {
    void created(chat.parley.common.Tx tx, User user, Instant now);
  }

  public void onCreate(CreationHook hook) {
    this.onCreate = hook;
  }

  public UserService(Transactor db, UserStore users, RoomService rooms, PasswordHasher hasher,
      Settings settings, chat.parley.events.EventHub events, Clock clock) {
    this.events = events;
    this.db = db;
    this.users = users;
    this.rooms = rooms;
    this.hasher = hasher;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * {@code users.register}: anyone, while registration is public. The first account becomes
   * admin when no admin exists; the new user joins the default channels.
   */
  public User register(String username, String email, String password, String name) {
    return register(username, email, password, name, null);
  }

  /**
   * {@code Accounts_RegistrationForm}: {@code Public}, {@code Disabled}, or {@code Secret URL},
   * where only a caller who sends {@code Accounts_RegistrationForm_SecretURL} as {@code secret}
   * may register.
   */
  public User register(String username, String email, String password, String name, String secret) {
    String form = settings.string("Accounts_RegistrationForm");
    if ("Secret URL".equalsIgnoreCase(form)) {
      String expected = settings.string("Accounts_RegistrationForm_SecretURL");
      if (secret == null || expected == null || expected.isEmpty()
          || !java.security.MessageDigest.isEqual(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
              expected.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
        throw new ParleyException.Invalid("error-user-registration-secret",
            "User registration is only allowed via Secret URL [error-user-registration-secret]");
      }
    } else if (!"Public".equalsIgnoreCase(form)) {
      throw new ParleyException.Invalid("error-user-registration-disabled",
          "User registration is disabled [error-user-registration-disabled]");
    }
    if (BLOCKED_USERNAMES.contains(username.toLowerCase(Locale.ROOT))) {
      throw new ParleyException.Invalid("error-blocked-username",
          username + " is blocked and can't be used! [error-blocked-username]");
    }
    UsernameRule.require(settings, username);
    requireValidEmail(email);
    new PasswordPolicy(settings).validate(password);
    NewUser user = new NewUser(username, email, password, name, List.of(), true, false, true, false);
    return insert(user, (existing, field) -> field.equals("username")
        ? new ParleyException.Conflict("error-field-unavailable", "Username is already in use")
        : new ParleyException.Conflict("403", "Email already exists. [403]"), true);
  }

  /** {@code users.create}: needs {@code create-user}; admins may set roles and status. */
  public User create(Session session, NewUser user) {
    if (!session.can("create-user")) {
      throw new ParleyException.Invalid("error-action-not-allowed", "Adding user is not allowed",
          Map.of("method", "insertOrUpdateUser", "action", "Adding_user"));
    }
    if (user.roles().contains("admin") && !session.can("assign-admin-role")) {
      throw new ParleyException.Invalid("error-action-not-allowed",
          "Assigning admin is not allowed");
    }
    UsernameRule.require(settings, user.username());
    requireValidEmail(user.email());
    new PasswordPolicy(settings).validate(user.password());
    return insert(user, (value, field) -> new ParleyException.Conflict("error-field-unavailable",
        value + " is already in use :( [error-field-unavailable]"), false);
  }

  private interface DuplicateError {
    ParleyException of(String value, String field);
  }

  private User insert(NewUser spec, DuplicateError duplicate, boolean firstUserBecomesAdmin) {
    Instant now = clock.instant();
    String hash = hasher.hashPlain(spec.password());
    return db.write(tx -> {
      if (users.findByUsername(tx, spec.username()).isPresent()) {
        throw duplicate.of(spec.username(), "username");
      }
      if (spec.email() != null && users.findByEmail(tx, spec.email()).isPresent()) {
        throw duplicate.of(spec.email(), "email");
      }
      List<String> roles = new ArrayList<>(spec.roles().isEmpty() ? List.of("user") : spec.roles());
      if (firstUserBecomesAdmin && !users.anyUserHasRole(tx, "admin") && !roles.contains("admin")) {
        roles.add("admin");
      }
      User user = new User(Ids.newId(), spec.username(),
          spec.name() == null || spec.name().isBlank() ? spec.username() : spec.name(),
          spec.email(), spec.verified(), hash, roles, "user", spec.active(), "offline",
          spec.requirePasswordChange(), now, now, null);
      try {
        users.insert(tx, user);
      } catch (UserStore.DuplicateUser e) {
        // A concurrent insert won the race after our checks.
        throw duplicate.of(spec.username(), "username");
      }
      onCreate.created(tx, user, now);
      if (spec.joinDefaultChannels()) {
        rooms.joinDefaultChannels(tx, user, now);
      }
      tx.afterCommit(() -> events.publish(new chat.parley.events.Event.UserCreated(user.id())));
      return user;
    });
  }

  /** {@code users.info}: any user by id or username. */
  public User info(String userId, String username) {
    Optional<User> user = db.read(tx -> userId != null
        ? users.findById(tx, userId)
        : users.findByUsername(tx, username));
    return user.orElseThrow(() -> new ParleyException.NotFound("error-user-not-found",
        "User not found."));
  }

  /**
   * The user a request names by {@code userId}, {@code username} or {@code user} (Rocket.Chat's
   * {@code getUserFromParams}).
   */
  public User resolve(String userId, String username) {
    if (userId == null && username == null) {
      throw new ParleyException.Invalid("error-user-param-not-provided",
          "The required \"userId\" or \"username\" param was not provided [error-user-param-not-provided]");
    }
    Optional<User> user = db.read(tx -> userId != null
        ? users.findById(tx, userId)
        : users.findByUsername(tx, username));
    return user.orElseThrow(() -> new ParleyException.Invalid("error-invalid-user",
        "The required \"userId\" or \"username\" param provided does not match any users"
            + " [error-invalid-user]"));
  }

  /**
   * {@code users.setActiveStatus}: deactivating revokes every token of the user and closes their
   * sockets; the last active admin cannot be deactivated.
   */
  public User setActive(Session session, String userId, boolean active) {
    if (!session.can("edit-other-user-active-status")) {
      throw ParleyException.NotAllowed.unauthorized();
    }
    User updated = db.write(tx -> {
      User user = users.findById(tx, userId).orElseThrow(() ->
          new ParleyException.Invalid("error-invalid-user", "Invalid user [error-invalid-user]"));
      if (!active && user.active() && user.hasRole("admin") && users.countActiveWithRole(tx, "admin") <= 1) {
        throw new ParleyException.Invalid("error-action-not-allowed",
            "Leaving the app without admins is not allowed. [error-action-not-allowed]");
      }
      users.setActive(tx, userId, active, clock.instant());
      if (!active) {
        tx.afterCommit(() -> events.publish(new chat.parley.events.Event.UserDeactivated(userId)));
      }
      return users.findById(tx, userId).orElseThrow();
    });
    return updated;
  }

  /** {@code users.list}: everyone, for those who may see the user administration. */
  public chat.parley.common.Page<User> list(Session session, String text, int offset, int count) {
    if (!session.can("view-user-administration") && !session.can("view-d-room")) {
      throw ParleyException.NotAllowed.unauthorized();
    }
    return db.read(tx -> users.search(tx, text, offset, count));
  }

  /** Active users matching {@code text} by username or name. */
  public chat.parley.common.Page<User> search(String text, int offset, int count) {
    return db.read(tx -> users.search(tx, text, offset, count));
  }

  public List<User> allActive(int limit) {
    return db.read(tx -> users.allActive(tx, limit));
  }

  public Optional<User> findByUsername(String username) {
    return db.read(tx -> users.findByUsername(tx, username));
  }

  /** {@code getUserRoles}: everyone with a global role besides {@code user}. */
  public List<User> withRolesBeyondUser() {
    return db.read(tx -> users.withRolesBeyondUser(tx, 10_000));
  }

  public Optional<User> findById(String userId) {
    return db.read(tx -> users.findById(tx, userId));
  }

  /**
   * On every start, as Rocket.Chat does: with {@code ADMIN_PASS} and no admin yet, create the
   * admin; with users but no admin, promote the oldest user.
   */
  public void bootstrapAdmin(Optional<String> username, Optional<String> pass,
      Optional<String> email, Optional<String> name) {
    boolean hasAdmin = db.read(tx -> users.anyUserHasRole(tx, "admin"));
    if (!hasAdmin && pass.isPresent()) {
      String adminName = username.orElse("admin");
      if (db.read(tx -> users.findByUsername(tx, adminName)).isPresent()) {
        log.warn("ADMIN_USERNAME {} is taken by a non-admin account; not creating the admin", adminName);
      } else {
        insert(new NewUser(adminName, email.orElse(null), pass.get(), name.orElse("Administrator"),
            List.of("admin"), true, email.isPresent(), true, false),
            (value, field) -> new ParleyException.Conflict("error-field-unavailable", value), false);
        log.info("Created the admin user {} from ADMIN_PASS", adminName);
        return;
      }
    }
    if (!hasAdmin) {
      db.write(tx -> {
        users.oldestUser(tx).ifPresent(oldest -> {
          List<String> roles = new ArrayList<>(oldest.roles());
          roles.add("admin");
          users.setRoles(tx, oldest.id(), roles, clock.instant());
          log.info("No admin existed; promoted the oldest user {}", oldest.username());
        });
        return null;
      });
    }
  }

  private static void requireValidEmail(String email) {
    if (email == null || !EMAIL.matcher(email).matches()) {
      throw new ParleyException.Invalid("error-invalid-email",
          "Invalid email " + email + " [error-invalid-email]");
    }
  }
}
