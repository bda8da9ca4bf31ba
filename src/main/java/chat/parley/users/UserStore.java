package chat.parley.users;

import chat.parley.common.Tx;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where accounts live. Usernames and emails are unique ignoring case. */
public interface UserStore {
  /** Inserts a new user; throws {@link DuplicateUser} when the username or email is taken. */
  void insert(Tx tx, User user);

  Optional<User> findById(Tx tx, String id);

  Optional<User> findByUsername(Tx tx, String username);

  /** The users among {@code ids} that exist, in one query. */
  List<User> findByIds(Tx tx, java.util.Collection<String> ids);

  /** Active users whose username or name contains {@code text} (may be null), by username. */
  chat.parley.common.Page<User> search(Tx tx, String text, int offset, int count);

  /** Every active user (for {@code channels.addAll}), oldest first. */
  List<User> allActive(Tx tx, int limit);

  Optional<User> findByEmail(Tx tx, String email);

  /** Users holding any global role besides {@code user} ({@code getUserRoles}), by username. */
  List<User> withRolesBeyondUser(Tx tx, int limit);

  boolean anyUserHasRole(Tx tx, String role);

  /** The oldest account of type {@code user}, the one promoted when no admin exists. */
  Optional<User> oldestUser(Tx tx);

  void setRoles(Tx tx, String userId, List<String> roles, Instant at);

  /** Sets the effective presence status ({@code online}, {@code away}, {@code busy}, {@code offline}). */
  void setStatus(Tx tx, String userId, String status, Instant at);

  /** Every user's effective status back to offline (a fresh node has no connections). */
  void resetAllStatuses(Tx tx);

  /** The status the user chose: online, away, busy, or offline (invisible). */
  String statusDefault(Tx tx, String userId);

  void setStatusDefault(Tx tx, String userId, String status, Instant at);

  void setStatusText(Tx tx, String userId, String text, Instant at);

  void setActive(Tx tx, String userId, boolean active, Instant at);

  long countActiveWithRole(Tx tx, String role);

  void recordLogin(Tx tx, String userId, Instant at);

  /** Raised by {@link #insert} when a unique username or email is already taken. */
  final class DuplicateUser extends RuntimeException {
    public DuplicateUser(String message) {
      super(message, null, false, false);
    }
  }
}
