package chat.parley.common;

import java.util.Map;

/**
 * What a service throws when a request cannot succeed. Each kind maps to one HTTP status at the
 * edge; {@code errorType} is Rocket.Chat's stable error id and {@code message} its human text.
 */
public abstract sealed class ParleyException extends RuntimeException {
  private final String errorType;
  private final Map<String, Object> details;

  protected ParleyException(String errorType, String message, Map<String, Object> details) {
    super(message, null, false, false);
    this.errorType = errorType;
    this.details = details;
  }

  public String errorType() {
    return errorType;
  }

  public Map<String, Object> details() {
    return details;
  }

  /** Bad or missing input: 400. */
  public static final class Invalid extends ParleyException {
    public Invalid(String errorType, String message) {
      super(errorType, message, Map.of());
    }

    public Invalid(String errorType, String message, Map<String, Object> details) {
      super(errorType, message, details);
    }
  }

  /** The thing does not exist, or the caller may not know it exists: 400, as Rocket.Chat does. */
  public static final class NotFound extends ParleyException {
    public NotFound(String errorType, String message) {
      super(errorType, message, Map.of());
    }
  }

  /** Known caller, forbidden action: 403. */
  public static final class NotAllowed extends ParleyException {
    public NotAllowed(String errorType, String message) {
      super(errorType, message, Map.of());
    }

    public static NotAllowed unauthorized() {
      return new NotAllowed(
          "error-unauthorized",
          "User does not have the permissions required for this action [error-unauthorized]");
    }
  }

  /** The request clashes with stored state (duplicate id, name taken): 400. */
  public static final class Conflict extends ParleyException {
    public Conflict(String errorType, String message) {
      super(errorType, message, Map.of());
    }
  }

  /** No valid session: 401. */
  public static final class Unauthenticated extends ParleyException {
    public Unauthenticated(String errorType, String message) {
      super(errorType, message, Map.of());
    }

    /** With Rocket.Chat's {@code details}, e.g. a login refused for a missing second factor. */
    public Unauthenticated(String errorType, String message, Map<String, Object> details) {
      super(errorType, message, details);
    }
  }

  /** A queue or limit is full; the client should retry later: 503. */
  public static final class Overloaded extends ParleyException {
    public Overloaded(String message) {
      super("error-overloaded", message, Map.of());
    }
  }
}
