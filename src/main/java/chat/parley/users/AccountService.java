package chat.parley.users;

import chat.parley.auth.PasswordHasher;
import chat.parley.auth.Session;
import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.events.Event;
import chat.parley.events.EventHub;
import chat.parley.rooms.RoomStore;
import chat.parley.rooms.RoomType;
import chat.parley.rooms.Subscription;
import chat.parley.settings.Settings;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Account administration after creation: editing (by admins and by the user), deletion with
 * Rocket.Chat's room and message rules, preferences, queries. Every change publishes its events
 * after commit.
 */
public final class AccountService {
  private static final Pattern EMAIL = Pattern.compile(
      "^(([^<>()\\[\\]\\\\.,;:\\s@\"]+(\\.[^<>()\\[\\]\\\\.,;:\\s@\"]+)*)|(\".+\"))@"
          + "((\\[[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}])|(([a-zA-Z\\-0-9]+\\.)+[a-zA-Z]{2,}))$");

  private final Transactor db;
  private final UserStore users;
  private final AccountStore accounts;
  private final RoomStore rooms;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final Settings settings;
  private final EventHub events;
  private final Clock clock;

  public AccountService(Transactor db, UserStore users, AccountStore accounts, RoomStore rooms,
      PasswordHasher hasher, Settings settings, EventHub events, Clock clock) {
    this.db = db;
    this.users = users;
    this.accounts = accounts;
    this.rooms = rooms;
    this.hasher = hasher;
    this.policy = new PasswordPolicy(settings);
    this.settings = settings;
    this.events = events;
    this.clock = clock;
  }

  /** What {@code users.update} may change; null fields stay as they are. */
  public record Changes(String username, String name, String email, String password,
      Boolean active, List<String> roles, Boolean verified, Boolean requirePasswordChange,
      String nickname, String bio, String statusText) {}

  /** A user with the fields {@link User} lacks. */
  public record Account(User user, AccountStore.Profile profile) {}

  /** Nickname, bio, status text and preferences of a user (empty when unknown). */
  public AccountStore.Profile profile(String userId) {
    return db.read(tx -> accounts.profile(tx, userId));
  }

  public Account account(String userId) {
    return db.read(tx -> users.findById(tx, userId)
        .map(u -> new Account(u, accounts.profile(tx, userId))))
        .orElseThrow(() -> new ParleyException.Invalid("error-invalid-user", "Invalid user [error-invalid-user]"));
  }

  /**
   * {@code users.update} (Rocket.Chat's {@code saveUser}): others need {@code
   * edit-other-user-info}; roles need {@code assign-roles} (admin also {@code assign-admin-role});
   * the active flag needs {@code edit-other-user-active-status}; the last admin stays admin and
   * active. Deactivating revokes tokens and closes sockets.
   */
  public Account update(Session session, String userId, Changes c) {
    return update(session, userId, c, false);
  }

  /** {@code ownBasicInfo}: the caller edits their own profile and admin rights don't apply. */
  private Account update(Session session, String userId, Changes c, boolean ownBasicInfo) {
    boolean self = userId.equals(session.userId());
    boolean canEditOthers = !ownBasicInfo && session.can("edit-other-user-info");
    if (!self && !canEditOthers) {
      throw notAllowed("Editing user is not allowed", "Editing_user");
    }
    if (c.roles() != null && c.roles().contains("admin") && !session.can("assign-admin-role")) {
      throw notAllowed("Assigning admin is not allowed", "Assign_admin");
    }
    if (!canEditOthers && (c.verified() != null || c.requirePasswordChange() != null)) {
      // Verifying one's own email or lifting a forced password change is an admin's call.
      throw notAllowed("Editing user is not allowed", "Editing_user");
    }
    if (c.password() != null && !self && !session.can("edit-other-user-password")) {
      throw notAllowed("Editing user password is not allowed", "Edit_user_password");
    }
    if (c.password() != null) {
      policy.validate(c.password());
    }
    String hash = c.password() == null ? null : hasher.hashPlain(c.password());
    Instant now = clock.instant();
    List<Event> after = new ArrayList<>();
    Account saved = db.write(tx -> {
      User user = users.findById(tx, userId).orElseThrow(() -> new ParleyException.Invalid(
          "error-invalid-user", "Invalid user [error-invalid-user]"));
      AccountStore.Profile profile = accounts.profile(tx, userId);
      if (c.roles() != null && !c.roles().equals(user.roles()) && !session.can("assign-roles")) {
        throw notAllowed("Assign roles is not allowed", "Assign_role");
      }
      if (!canEditOthers) {
        if (changed(user.username(), c.username()) && !settings.bool("Accounts_AllowUsernameChange")) {
          throw notAllowed("Edit username is not allowed", "Update_user");
        }
        if (changed(user.name(), c.name()) && !settings.bool("Accounts_AllowRealNameChange")) {
          throw notAllowed("Edit user real name is not allowed", "Update_user");
        }
        if (changed(user.email(), c.email()) && !settings.bool("Accounts_AllowEmailChange")) {
          throw notAllowed("Edit user email is not allowed", "Update_user");
        }
        if (c.password() != null && !settings.bool("Accounts_AllowPasswordChange")) {
          throw notAllowed("Edit user password is not allowed", "Update_user");
        }
      }
      if (c.active() != null && c.active() != user.active()
          && !session.can("edit-other-user-active-status")) {
        throw new ParleyException.Invalid("error-not-allowed", "Not allowed [error-not-allowed]",
            Map.of("method", "setUserActiveStatus"));
      }
      String username = c.username() == null ? user.username() : c.username().trim();
      String email = c.email() == null ? user.email() : c.email().trim();
      if (changed(user.username(), username)) {
        UsernameRule.require(settings, username);
        users.findByUsername(tx, username).filter(o -> !o.id().equals(userId)).ifPresent(o -> {
          throw new ParleyException.Invalid("error-field-unavailable",
              username + " is already in use :( [error-field-unavailable]",
              Map.of("method", "insertOrUpdateUser", "field", username));
        });
      }
      if (changed(user.email(), email)) {
        requireValidEmail(email);
        users.findByEmail(tx, email).filter(o -> !o.id().equals(userId)).ifPresent(o -> {
          throw new ParleyException.Invalid("error-field-unavailable",
              email + " is already in use :( [error-field-unavailable]",
              Map.of("method", "insertOrUpdateUser", "field", email));
        });
      }
      List<String> roles = c.roles() == null ? user.roles() : List.copyOf(c.roles());
      boolean active = c.active() == null ? user.active() : c.active();
      boolean loosesAdmin = user.hasRole("admin") && user.active() && (!roles.contains("admin") || !active);
      if (loosesAdmin && users.countActiveWithRole(tx, "admin") <= 1) {
        throw notAllowed("Leaving the app without admins is not allowed", "Remove_last_admin");
      }
      String name = c.name() == null ? user.name() : c.name().trim();
      User next = new User(user.id(), username, name, email,
          c.verified() != null ? c.verified() : (changed(user.email(), email) ? false : user.emailVerified()),
          hash == null ? user.passwordBcrypt() : hash, roles, user.type(), active, user.status(),
          c.requirePasswordChange() != null ? c.requirePasswordChange() : user.requirePasswordChange(),
          user.createdAt(), now, user.lastLogin());
      try {
        accounts.save(tx, next, c.nickname() == null ? profile.nickname() : c.nickname(),
            c.bio() == null ? profile.bio() : c.bio(), now);
      } catch (UserStore.DuplicateUser e) {
        throw new ParleyException.Invalid("error-field-unavailable",
            username + " is already in use :( [error-field-unavailable]");
      }
      if (c.statusText() != null) {
        accounts.setStatusText(tx, userId, c.statusText(), now);
      }
      if (changed(user.username(), username) || changed(user.name(), name)) {
        accounts.renameEverywhere(tx, userId, user.username(), username, name);
      }
      if (!active && user.active()) {
        users.setActive(tx, userId, false, now);
        after.add(new Event.UserDeactivated(userId));
      }
      if (changed(user.username(), username) || changed(user.name(), name)) {
        after.add(new Event.UserNameChanged(userId, username, name));
      }
      chat.parley.common.UserRef ref = new chat.parley.common.UserRef(userId, username, name);
      roles.stream().filter(r -> !user.roles().contains(r))
          .forEach(r -> after.add(new Event.UserRoleChanged("added", r, ref, null)));
      user.roles().stream().filter(r -> !roles.contains(r))
          .forEach(r -> after.add(new Event.UserRoleChanged("removed", r, ref, null)));
      return new Account(users.findById(tx, userId).orElseThrow(), accounts.profile(tx, userId));
    });
    after.forEach(events::publish);
    return saved;
  }

  /** What {@code users.updateOwnBasicInfo} may change. */
  public record BasicInfo(String email, String name, String username, String nickname,
      String statusText, String bio, String currentPassword, String newPassword) {}

  /**
   * {@code users.updateOwnBasicInfo} (Rocket.Chat's {@code saveUserProfile}). The caller must have
   * checked the second factor a new email or password needs (TOTP, or {@code currentPassword}, the
   * SHA-256 hex digest of the current password) before calling this.
   */
  public Account updateOwn(Session session, BasicInfo info) {
    User user = account(session.userId()).user();
    boolean emailChange = changed(user.email(), info.email());
    // The second factor a new e-mail or password needs is asked by the caller (REST edge), which
    // holds the request's x-2fa-* headers: TwoFactorService.check with Options.REQUIRED.
    if (changed(user.name(), info.name()) && !settings.bool("Accounts_AllowRealNameChange")) {
      throw new ParleyException.Invalid("error-not-allowed", "Editing user real name is not allowed [error-not-allowed]");
    }
    if (changed(user.username(), info.username()) && !settings.bool("Accounts_AllowUsernameChange")) {
      throw new ParleyException.Invalid("error-not-allowed", "Changing username is not allowed [error-not-allowed]");
    }
    if (emailChange && !settings.bool("Accounts_AllowEmailChange")) {
      throw new ParleyException.Invalid("error-not-allowed", "Changing email is not allowed [error-not-allowed]");
    }
    if (info.statusText() != null && !settings.bool("Accounts_AllowUserStatusMessageChange")) {
      throw new ParleyException.Invalid("error-not-allowed", "Change status is not allowed [error-not-allowed]");
    }
    if (info.newPassword() != null) {
      if (!settings.bool("Accounts_AllowPasswordChange")) {
        throw new ParleyException.Invalid("error-not-allowed", "Changing password is not allowed [error-not-allowed]");
      }
      if (user.passwordBcrypt() != null
          && hasher.matchesDigest(PasswordHasher.sha256Hex(info.newPassword()), user.passwordBcrypt())) {
        throw new ParleyException.Invalid("error-password-same-as-current",
            "Entered password same as current password [error-password-same-as-current]");
      }
    }
    // The checks above are this endpoint's; the save is users.update's on oneself, without the
    // caller's admin rights (Accounts_Allow*Change apply to admins' own profiles too).
    return update(session, session.userId(), new Changes(info.username(), info.name(), info.email(),
        info.newPassword(), null, null, null, null, info.nickname(), info.bio(), info.statusText()),
        true);
  }

  /**
   * {@code users.delete} / {@code users.deleteOwnAccount} (Rocket.Chat's {@code deleteUser}):
   * rooms the user alone owns pass to the oldest other active member, or are deleted when none
   * is left (both only with {@code confirmRelinquish}, else {@code user-last-owner}); rooms where
   * they were the only member and their direct rooms are deleted; their messages follow {@code
   * Message_ErasureType}; their tokens go and their sockets close.
   */
  public void delete(Session session, String userId, boolean confirmRelinquish) {
    if (!session.can("delete-user")) {
      throw ParleyException.NotAllowed.unauthorized();
    }
    erase(userId, confirmRelinquish);
  }

  /** {@code users.deleteOwnAccount}: {@code passwordDigest} is the SHA-256 hex digest. */
  public void deleteOwn(Session session, String passwordDigest, boolean confirmRelinquish) {
    if (!settings.bool("Accounts_AllowDeleteOwnAccount")) {
      throw new ParleyException.Invalid("error-not-allowed", "Not allowed [error-not-allowed]");
    }
    User user = account(session.userId()).user();
    boolean ok = user.passwordBcrypt() != null
        ? hasher.matchesDigest(passwordDigest.trim().toLowerCase(Locale.ROOT), user.passwordBcrypt())
        : passwordDigest.trim().equals(user.username());
    if (!ok) {
      throw new ParleyException.Invalid("error-invalid-password", "Invalid password [error-invalid-password]",
          Map.of("method", "deleteUserOwnAccount"));
    }
    erase(user.id(), confirmRelinquish);
  }

  private record RoomFate(String roomId, String roomName, String newOwner, boolean remove) {}

  private void erase(String userId, boolean confirmRelinquish) {
    Instant now = clock.instant();
    List<Event> after = new ArrayList<>();
    db.write(tx -> {
      User user = users.findById(tx, userId).orElseThrow(() -> new ParleyException.Invalid(
          "error-invalid-user", "Invalid user [error-invalid-user]"));
      if (user.hasRole("admin") && user.active() && users.countActiveWithRole(tx, "admin") <= 1) {
        throw notAllowed("Leaving the app without admins is not allowed", "Remove_last_admin");
      }
      List<Subscription> subs = rooms.subscriptionsOfUser(tx, userId, null);
      List<RoomFate> fates = new ArrayList<>();
      List<String> directRooms = new ArrayList<>();
      for (Subscription s : subs) {
        if (s.type() == RoomType.DIRECT) {
          directRooms.add(s.roomId());
          continue;
        }
        String roomName = s.fname() != null ? s.fname() : s.name();
        if (s.roles().contains("owner")) {
          if (rooms.membersWithRole(tx, s.roomId(), "owner").size() == 1) {
            Optional<String> heir = oldestOtherActiveMember(tx, s.roomId(), userId);
            fates.add(new RoomFate(s.roomId(), roomName, heir.orElse(null), heir.isEmpty()));
          }
        } else if (rooms.members(tx, s.roomId(), null, 0, 2).total() == 1) {
          fates.add(new RoomFate(s.roomId(), roomName, null, true));
        }
      }
      if (!fates.isEmpty() && !confirmRelinquish) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("shouldBeRemoved", fates.stream().filter(RoomFate::remove).map(RoomFate::roomName).toList());
        details.put("shouldChangeOwner", fates.stream().filter(f -> !f.remove()).map(RoomFate::roomName).toList());
        throw new ParleyException.Invalid("user-last-owner", "[user-last-owner]", details);
      }
      for (RoomFate f : fates) {
        if (f.remove()) {
          rooms.delete(tx, f.roomId(), now);
          after.add(new Event.RoomDeleted(f.roomId()));
        } else {
          Subscription heir = rooms.subscription(tx, f.roomId(), f.newOwner()).orElseThrow();
          List<String> roles = new ArrayList<>(heir.roles());
          roles.add("owner");
          rooms.setSubscriptionRoles(tx, f.roomId(), f.newOwner(), roles, now);
          after.add(new Event.SubscriptionChanged(rooms.subscription(tx, f.roomId(), f.newOwner()).orElseThrow()));
        }
      }
      for (String rid : directRooms) {
        rooms.delete(tx, rid, now);
        after.add(new Event.RoomDeleted(rid));
      }
      if ("Delete".equals(settings.string("Message_ErasureType"))) {
        accounts.deleteMessagesOf(tx, userId, now);
      }
      List<String> removed = fates.stream().filter(RoomFate::remove).map(RoomFate::roomId).toList();
      for (Subscription s : subs) {
        if (s.type() != RoomType.DIRECT && !removed.contains(s.roomId())) {
          rooms.unsubscribe(tx, s.roomId(), userId, now);
          after.add(new Event.SubscriptionRemoved(userId, s.roomId()));
        }
      }
      accounts.disableIntegrationsOf(tx, userId);
      accounts.delete(tx, userId);
      after.add(new Event.UserDeleted(userId, settings.string("Message_ErasureType"), null));
      return null;
    });
    after.forEach(events::publish);
  }

  private Optional<String> oldestOtherActiveMember(chat.parley.common.Tx tx, String roomId, String userId) {
    int offset = 0;
    while (true) {
      Page<Subscription> page = rooms.members(tx, roomId, null, offset, 100);
      List<Subscription> sorted = new ArrayList<>(page.items());
      sorted.sort(java.util.Comparator.comparing(Subscription::createdAt));
      List<String> ids = sorted.stream().map(s -> s.user().id()).filter(id -> !id.equals(userId)).toList();
      Map<String, User> found = new java.util.HashMap<>();
      users.findByIds(tx, ids).forEach(u -> found.put(u.id(), u));
      for (String id : ids) {
        User u = found.get(id);
        if (u != null && u.active()) {
          return Optional.of(id);
        }
      }
      offset += page.items().size();
      if (page.items().isEmpty() || offset >= page.total()) {
        return Optional.empty();
      }
    }
  }

  /**
   * {@code users.deactivateIdle}: deactivates active holders of {@code role} not logged in for
   * {@code daysIdle} days (revoking their tokens, closing their sockets); never the caller, and
   * never the last active admin. Returns how many.
   */
  public int deactivateIdle(Session session, int daysIdle, String role) {
    if (!session.can("edit-other-user-active-status")) {
      throw ParleyException.NotAllowed.unauthorized();
    }
    Instant now = clock.instant();
    Instant before = now.minus(java.time.Duration.ofDays(Math.max(0, daysIdle)));
    List<String> done = db.write(tx -> {
      List<String> ids = new ArrayList<>(accounts.idleWithRole(tx, role, before));
      ids.remove(session.userId());
      List<String> out = new ArrayList<>();
      for (String id : ids) {
        User u = users.findById(tx, id).orElseThrow();
        if (u.hasRole("admin") && users.countActiveWithRole(tx, "admin") <= 1) {
          continue;
        }
        users.setActive(tx, id, false, now);
        out.add(id);
      }
      return out;
    });
    done.forEach(id -> events.publish(new Event.UserDeactivated(id)));
    return done.size();
  }

  /**
   * {@code users.info} with {@code includeUserRooms}: the user's subscriptions, sorted by type
   * then name; empty unless it is the caller or they hold {@code view-other-user-channels}.
   */
  public List<Subscription> roomsOf(Session session, String userId) {
    if (!userId.equals(session.userId()) && !session.can("view-other-user-channels")) {
      return List.of();
    }
    List<Subscription> subs = new ArrayList<>(db.read(tx -> rooms.subscriptionsOfUser(tx, userId, null)));
    subs.sort(java.util.Comparator.comparing((Subscription s) -> s.type().code())
        .thenComparing(Subscription::name));
    return subs;
  }

  /** {@code users.getPreferences}: the stored preferences plus {@code language}. */
  public Map<String, Object> preferences(String userId) {
    return new LinkedHashMap<>(account(userId).profile().preferences());
  }

  /** {@code users.setPreferences}: merges {@code data} into the user's preferences. */
  public Map<String, Object> setPreferences(Session session, String userId, Map<String, Object> data) {
    String target = userId == null ? session.userId() : userId;
    if (!target.equals(session.userId()) && !session.can("edit-other-user-info")) {
      throw new ParleyException.Invalid("error-action-not-allowed",
          "Editing user is not allowed [error-action-not-allowed]");
    }
    return db.write(tx -> {
      if (users.findById(tx, target).isEmpty()) {
        throw new ParleyException.Invalid("error-invalid-user",
            "The optional \"userId\" param provided does not match any users [error-invalid-user]");
      }
      Map<String, Object> merged = new LinkedHashMap<>(accounts.profile(tx, target).preferences());
      merged.putAll(data);
      accounts.setPreferences(tx, target, merged, clock.instant());
      return merged;
    });
  }

  /** {@code users.getUsernameSuggestion}: a free username derived from the user's name. */
  public String usernameSuggestion(Session session) {
    User user = account(session.userId()).user();
    String base = java.text.Normalizer.normalize(user.name() == null ? user.username() : user.name(),
            java.text.Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT).trim()
        .replaceAll("[^0-9a-z\\-_.]+", ".").replaceAll("^\\.+|\\.+$", "");
    if (base.isEmpty()) {
      base = "user";
    }
    String candidate = base;
    for (int i = 1; i < 1000; i++) {
      String c = candidate;
      boolean taken = c.equals(user.username()) ? false
          : db.read(tx -> users.findByUsername(tx, c)).isPresent();
      if (!taken) {
        return c;
      }
      candidate = base + i;
    }
    return base + chat.parley.common.Ids.newId().substring(0, 5).toLowerCase(Locale.ROOT);
  }

  /**
   * {@code users.checkUsernameAvailability}: true for the caller's own username, else when the
   * name is valid, not reserved and not taken.
   */
  public boolean usernameAvailable(Session session, String username) {
    if (username == null || username.isBlank()) {
      throw new ParleyException.Invalid("error-invalid-param", "Invalid username [error-invalid-param]",
          Map.of("method", "setUsername"));
    }
    if (username.equals(session.username())) {
      return true;
    }
    if (!UsernameRule.valid(settings, username)
        || List.of("admin", "administrator", "system", "user").contains(username.toLowerCase(Locale.ROOT))) {
      return false;
    }
    return db.read(tx -> users.findByUsername(tx, username)).isEmpty();
  }

  /** {@code users.autocomplete}: up to 10 active users for a mention or invite box. */
  public List<User> autocomplete(String term, List<String> exceptions) {
    return db.read(tx -> accounts.autocomplete(tx, term == null ? "" : term, exceptions, 10));
  }

  /** {@code users.list}: needs {@code view-d-room}; emails only to {@code view-full-other-user-info}. */
  public Page<User> list(Session session, UserQuery query) {
    if (!session.can("view-d-room")) {
      throw ParleyException.NotAllowed.unauthorized();
    }
    boolean full = session.can("view-full-other-user-info");
    if (!full && (query.anyOf().stream().anyMatch(t -> t.field().equals("emails.address"))
        || query.allOf().stream().anyMatch(t -> t.field().equals("emails.address")))) {
      throw new ParleyException.Invalid("error-invalid-query", "Invalid query [error-invalid-query]");
    }
    return db.read(tx -> accounts.list(tx, query));
  }

  private static boolean changed(String current, String next) {
    return next != null && !next.trim().equals(current);
  }

  private static ParleyException notAllowed(String message, String action) {
    return new ParleyException.Invalid("error-action-not-allowed",
        message + " [error-action-not-allowed]",
        Map.of("method", "insertOrUpdateUser", "action", action));
  }

  private static void requireValidEmail(String email) {
    if (email == null || !EMAIL.matcher(email).matches()) {
      throw new ParleyException.Invalid("error-invalid-email",
          "Invalid email " + email + " [error-invalid-email]");
    }
  }
}
