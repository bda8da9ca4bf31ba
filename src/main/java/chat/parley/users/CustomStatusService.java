package chat.parley.users;

import chat.parley.auth.Session;
import chat.parley.common.Ids;
import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.events.Event;
import chat.parley.events.EventHub;
import java.time.Clock;
import java.util.regex.Pattern;

/**
 * {@code custom-user-status.*}: statuses users can pick. Changes need {@code manage-user-status}
 * and are published as Rocket.Chat's {@code updateCustomUserStatus} / {@code
 * deleteCustomUserStatus} on {@code stream-notify-logged}.
 */
public final class CustomStatusService {
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1F\\x7F-\\x9F]");

  private final Transactor db;
  private final CustomStatusStore store;
  private final EventHub events;
  private final Clock clock;

  public CustomStatusService(Transactor db, CustomStatusStore store, EventHub events, Clock clock) {
    this.db = db;
    this.store = store;
    this.events = events;
    this.clock = clock;
  }

  public Page<CustomStatus> list(String name, String id, int offset, int count) {
    return db.read(tx -> store.list(tx, name, id, offset, count));
  }

  /** Creates ({@code id} null) or updates a status. */
  public CustomStatus save(Session session, String id, String name, String statusType) {
    if (!session.can("manage-user-status")) {
      throw new ParleyException.Invalid("not_authorized", "not_authorized");
    }
    String trimmed = name == null ? "" : name.trim();
    if (trimmed.isEmpty()) {
      throw new ParleyException.Invalid("error-the-field-is-required",
          "The field Name is required [error-the-field-is-required]");
    }
    if (CONTROL.matcher(trimmed).find()) {
      throw new ParleyException.Invalid("error-input-is-not-a-valid-field",
          trimmed + " is not a valid name [error-input-is-not-a-valid-field]");
    }
    if (statusType != null && !statusType.isEmpty() && !PresenceService.STATUSES.contains(statusType)) {
      throw new ParleyException.Invalid("error-input-is-not-a-valid-field",
          statusType + " is not a valid status type [error-input-is-not-a-valid-field]");
    }
    CustomStatus saved = db.write(tx -> {
      CustomStatus current = null;
      if (id != null) {
        current = store.byId(tx, id).orElseThrow(() -> new ParleyException.Invalid(
            "invalid-params", "No custom user status found with the id of \"" + id + "\"."));
      }
      var clash = store.byName(tx, trimmed);
      if (clash.isPresent() && (current == null || !clash.get().id().equals(current.id()))) {
        throw new ParleyException.Invalid("Custom_User_Status_Error_Name_Already_In_Use",
            "The custom user status name is already in use [Custom_User_Status_Error_Name_Already_In_Use]");
      }
      String type = statusType != null ? statusType : current != null ? current.statusType() : "";
      CustomStatus next = new CustomStatus(current == null ? Ids.newId() : current.id(), trimmed,
          type, clock.instant());
      store.upsert(tx, next);
      return next;
    });
    events.publish(new Event.CustomUserStatusChanged(false, saved.id(), saved.name(), saved.statusType()));
    return saved;
  }

  public void delete(Session session, String id) {
    if (!session.can("manage-user-status")) {
      throw new ParleyException.Invalid("not_authorized", "not_authorized");
    }
    CustomStatus removed = db.write(tx -> {
      CustomStatus s = store.byId(tx, id).orElseThrow(() -> new ParleyException.Invalid(
          "Custom_User_Status_Error_Invalid_User_Status",
          "Invalid user status [Custom_User_Status_Error_Invalid_User_Status]"));
      store.delete(tx, id);
      return s;
    });
    events.publish(new Event.CustomUserStatusChanged(true, removed.id(), removed.name(),
        removed.statusType()));
  }
}
