package chat.parley.common;

import java.util.function.Function;

/** How services run store calls: every write is one transaction, published after commit. */
public interface Transactor {
  /**
   * Runs {@code work} in a write transaction and returns once it is durably committed. Writes from
   * many callers are committed together (group commit); a failing {@code work} is rolled back
   * alone and its exception rethrown to its caller.
   */
  <T> T write(Function<Tx, T> work);

  /** Runs {@code work} on a read-only snapshot. */
  <T> T read(Function<Tx, T> work);

  /**
   * A number that changes whenever rooms, memberships, room mutes or users may have changed
   * (message counters and read marks excepted), or {@link #NO_ACCESS_VERSION} when this database
   * cannot promise that (another node may write it). Facts read at version {@code v} are still
   * true while this returns {@code v}; hot paths use it to skip re-reading them.
   */
  default long accessVersion() {
    return NO_ACCESS_VERSION;
  }

  long NO_ACCESS_VERSION = -1;
}
