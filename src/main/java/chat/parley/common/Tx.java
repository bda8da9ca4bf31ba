package chat.parley.common;

/**
 * An open database transaction, handed to store methods. Services get one from {@link
 * Transactor}; stores never open their own.
 */
public interface Tx {
  /** Runs {@code action} after this transaction commits (never if it rolls back). */
  void afterCommit(Runnable action);
}
