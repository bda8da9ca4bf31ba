package chat.parley.wire;

import chat.parley.events.Event;
import java.util.Map;

/**
 * The payloads of Rocket.Chat's per-user and workspace notices, as its ListenersModule and
 * {@code notifyDesktopUser} emit them on stream-notify-user, -logged, -all and stream-roles.
 */
public final class RcNotices {
  private RcNotices() {}

  /** {@code <uid>/notification}: {title, text, payload:{_id, rid, tmid?, sender, type, message, name}}. */
  public static Map<String, Object> desktop(Event.DesktopNotification n) {
    Doc message = new Doc().with("msg", n.messageText() == null ? "" : n.messageText())
        .with("t", n.messageType());
    Doc payload = new Doc()
        .with("_id", n.messageId())
        .with("rid", n.roomId())
        .with("tmid", n.threadId())
        .with("sender", new Doc().with("_id", n.sender().id()).with("username", n.sender().username())
            .with("name", n.sender().name()))
        .with("type", n.roomType())
        .with("message", message)
        .with("name", n.roomName());
    return new Doc().with("title", n.title() == null ? "" : n.title()).with("text", n.text())
        .with("payload", payload);
  }

  /** {@code <uid>/message}: a private message from rocket.cat that only this user sees. */
  public static Map<String, Object> ephemeral(Event.EphemeralMessage m) {
    return new Doc()
        .with("groupable", false)
        .with("u", new Doc().with("_id", "rocket.cat").with("username", "rocket.cat"))
        .with("private", true)
        .with("_id", m.messageId())
        .with("rid", m.roomId())
        .with("ts", m.ts())
        .with("_updatedAt", m.ts())
        .with("msg", m.text());
  }

  /** {@code <rid>/deleteMessageBulk}: {rid, excludePinned, ignoreDiscussion, ts:{$gt(e),$lt(e)}, users}. */
  public static Map<String, Object> pruned(Event.MessagesPruned e) {
    Doc ts = new Doc().with(e.inclusive() ? "$gte" : "$gt", e.oldest())
        .with(e.inclusive() ? "$lte" : "$lt", e.latest());
    return new Doc().with("rid", e.roomId()).with("excludePinned", false)
        .with("ignoreDiscussion", true).with("ts", ts).with("users", e.usernames());
  }

  /** {@code <uid>/userData} after a presence change: {type, id, diff:{status, statusText?}, unset}. */
  public static Map<String, Object> userData(Event.UserStatusChanged e) {
    boolean hasText = e.statusText() != null && !e.statusText().isEmpty();
    return new Doc().with("type", "updated").with("id", e.userId())
        .with("diff", hasText ? Map.of("status", e.status(), "statusText", e.statusText())
            : Map.of("status", e.status()))
        .with("unset", hasText ? Map.of() : Map.of("statusText", 1));
  }

  public static Map<String, Object> nameChanged(Event.UserNameChanged e) {
    return new Doc().with("_id", e.userId()).with("name", e.name()).with("username", e.username());
  }

  public static Map<String, Object> userDeleted(Event.UserDeleted e) {
    Doc doc = new Doc().with("userId", e.userId()).with("messageErasureType", e.messageErasureType());
    if (e.replacedBy() != null) {
      doc.put("replaceByUser", new Doc().with("_id", e.replacedBy().id())
          .with("username", e.replacedBy().username()).with("alias", e.replacedBy().name()));
    }
    return doc;
  }

  /** {@code updateAvatar}: {username, etag} for a user, {rid, etag} for a room. */
  /** {@code emojiData} of {@code updateEmojiCustom}/{@code deleteEmojiCustom}. */
  public static Map<String, Object> customEmoji(Event.CustomEmojiChanged e) {
    Doc d = new Doc().with("_id", e.id()).with("name", e.name()).with("aliases", e.aliases())
        .with("extension", e.extension()).with("etag", e.etag());
    return e.previousName() == null ? d : d.with("previousName", e.previousName());
  }

  public static Map<String, Object> avatar(Event.AvatarChanged e) {
    return new Doc().with("username", e.username()).with("rid", e.roomId()).with("etag", e.etag());
  }

  /**
   * {@code <uid>/userData} when the user's avatar changed: {@code avatarOrigin} and {@code
   * avatarETag} set (Rocket.Chat's {@code setAvatarData}) or unset on reset.
   */
  public static Map<String, Object> avatarUserData(Event.AvatarChanged e) {
    Doc d = new Doc().with("type", "updated").with("id", e.userId());
    if (e.etag() == null) {
      return d.with("diff", Map.of()).with("unset", Map.of("avatarOrigin", 1, "avatarETag", 1));
    }
    return d.with("diff", Map.of("avatarOrigin", e.origin(), "avatarETag", e.etag()))
        .with("unset", Map.of());
  }

  /** {@code roles-change}: {type: added|removed, _id: role, u:{_id, username, name}, scope?}. */
  public static Map<String, Object> roleChange(Event.UserRoleChanged e) {
    return new Doc().with("type", e.action()).with("_id", e.roleId())
        .with("u", new Doc().with("_id", e.user().id()).with("username", e.user().username())
            .with("name", e.user().name()))
        .with("scope", e.scope());
  }

  /** stream-roles {@code roles}: {type, ...IRole}. */
  public static Map<String, Object> role(Event.RoleDefinitionChanged e) {
    return new Doc().with("type", e.action()).with("_id", e.roleId()).with("name", e.name())
        .with("description", e.description()).with("scope", e.scope())
        .with("protected", e.isProtected()).with("mandatory2fa", e.mandatory2fa())
        .with("_updatedAt", e.updatedAt());
  }

  public static Map<String, Object> permission(Event.PermissionChanged e) {
    return new Doc().with("_id", e.permissionId()).with("roles", e.roles())
        .with("_updatedAt", e.updatedAt());
  }

  public static Map<String, Object> customStatus(Event.CustomUserStatusChanged e) {
    return Map.of("userStatusData", new Doc().with("_id", e.id()).with("name", e.name())
        .with("statusType", e.statusType()));
  }

  public static Map<String, Object> setting(Event.SettingChanged e) {
    return new Doc().with("_id", e.settingId()).with("value", e.value());
  }
}
