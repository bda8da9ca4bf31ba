package chat.parley.storage;

/** A database failure the caller cannot fix; the edge answers 500 without detail. */
public final class StorageException extends RuntimeException {
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
