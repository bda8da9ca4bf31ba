package chat.parley.users;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What account administration needs beyond {@link UserStore}: edits, deletion, queries. */
public interface AccountStore {
  /** Profile fields that {@link User} does not carry. */
  record Profile(String nickname, String bio, String statusText, Map<String, Object> preferences) {}

  Profile profile(Tx tx, String userId);

  /** Saves the editable fields of {@code user} (username, name, email, password, roles, flags). */
  void save(Tx tx, User user, String nickname, String bio, Instant at);

  void setStatusText(Tx tx, String userId, String statusText, Instant at);

  void setPreferences(Tx tx, String userId, Map<String, Object> preferences, Instant at);

  /** Copies a changed username or name into subscriptions, messages and direct rooms. */
  void renameEverywhere(Tx tx, String userId, String oldUsername, String newUsername,
      String newName);

  /** A page of users matching {@code query}. */
  Page<User> list(Tx tx, UserQuery query);

  /** Active users whose username or name starts with or contains {@code term}, except some. */
  List<User> autocomplete(Tx tx, String term, List<String> exceptUsernames, int limit);

  /** Deletes the user's messages (leaving tombstones for sync); returns the affected room ids. */
  List<String> deleteMessagesOf(Tx tx, String userId, Instant at);

  /** Removes the account row (tokens and subscriptions go with it). */
  void delete(Tx tx, String userId);

  /** Turns off integrations that post as the user (Rocket.Chat's {@code disableByUserId}). */
  void disableIntegrationsOf(Tx tx, String userId);

  /**
   * Ids of active users holding {@code role} whose last login is before {@code lastLoginBefore}
   * (users who never logged in are left alone, as in Rocket.Chat).
   */
  List<String> idleWithRole(Tx tx, String role, Instant lastLoginBefore);

  /** Counts (and the latest login and message times) for {@code statistics}. */
  Map<String, Object> statistics(Tx tx);
}
