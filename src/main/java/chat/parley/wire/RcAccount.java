package chat.parley.wire;

import chat.parley.permissions.Role;
import chat.parley.users.AccountService;
import chat.parley.users.CustomStatus;
import chat.parley.users.User;
import java.util.List;
import java.util.Map;

/** Shapes of the administration API: full user documents, roles, custom statuses. */
public final class RcAccount {
  private RcAccount() {}

  /**
   * A user as {@code users.update}, {@code users.list} and {@code users.updateOwnBasicInfo}
   * answer: {@code users.info}'s fields plus profile fields; emails only when {@code full}.
   */
  public static Map<String, Object> user(AccountService.Account a, boolean full) {
    Doc doc = new Doc();
    doc.putAll(RcUser.info(a.user(), full));
    doc.remove("canViewAllInfo");
    doc.with("nickname", a.profile().nickname())
        .with("bio", a.profile().bio())
        .with("statusText", a.profile().statusText());
    return doc;
  }

  /** A list entry without profile fields ({@code users.list}, {@code roles.getUsersInRole}). */
  public static Map<String, Object> listed(User u, boolean full) {
    Doc doc = new Doc();
    doc.putAll(RcUser.info(u, full));
    doc.remove("canViewAllInfo");
    return doc;
  }

  /** A room in {@code users.info}'s {@code rooms}: Rocket.Chat's subscription projection. */
  public static Map<String, Object> userRoom(chat.parley.rooms.Subscription s) {
    return new Doc().with("_id", s.id()).with("rid", s.roomId()).with("name", s.name())
        .with("t", s.type().code()).with("roles", s.roles().isEmpty() ? null : s.roles())
        .with("unread", s.unread());
  }

  /** {@code IRole}; {@code roles.list} leaves out {@code _updatedAt}. */
  public static Map<String, Object> role(Role r, boolean withUpdatedAt) {
    Doc doc = new Doc()
        .with("_id", r.id())
        .with("name", r.name())
        .with("description", r.description())
        .with("mandatory2fa", r.mandatory2fa())
        .with("protected", r.protectedRole())
        .with("scope", r.scope());
    if (withUpdatedAt) {
      doc.with("_updatedAt", r.updatedAt());
    }
    return doc;
  }

  /** A removed role in {@code roles.sync}. */
  public static Map<String, Object> removedRole(Role r) {
    return new Doc().with("_id", r.id()).with("name", r.name()).with("scope", r.scope())
        .with("_deletedAt", r.updatedAt());
  }

  /** {@code IUserStatus}. */
  public static Map<String, Object> status(CustomStatus s) {
    return new Doc().with("_id", s.id()).with("name", s.name()).with("statusType", s.statusType())
        .with("_updatedAt", s.updatedAt());
  }

  /** {@code roles.getUsersInRole}'s projection: name, username, emails, dates. */
  public static Map<String, Object> roleHolder(User u) {
    return new Doc().with("_id", u.id()).with("name", u.name()).with("username", u.username())
        .with("emails", u.email() == null ? null
            : List.of(Map.of("address", u.email(), "verified", u.emailVerified())))
        .with("createdAt", u.createdAt()).with("_updatedAt", u.updatedAt());
  }
}
