package chat.parley.rest;

/**
 * Rocket.Chat's {@code API.v1.notFound(message)}: 404 {@code {success: false, error: message}},
 * {@code Resource not found} when it names nothing. (Parley's {@code ParleyException.NotFound} is
 * Rocket.Chat's far more common {@code API.v1.failure} for a missing thing: 400.)
 */
final class NotFound extends RuntimeException {
  NotFound() {
    this("Resource not found");
  }

  NotFound(String message) {
    super(message, null, false, false);
  }
}
