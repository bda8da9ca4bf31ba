package chat.parley.rooms;

import java.time.Instant;

/**
 * That a room left a user's view (they left, were removed, or it was deleted), for the {@code
 * remove} lists of {@code rooms.get} and {@code subscriptions.get}.
 */
public record Removal(String roomId, String subscriptionId, Instant removedAt) {}
