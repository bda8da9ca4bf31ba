package chat.parley.messages;

import java.time.Instant;

/**
 * Which part of a room's history to read, as {@code channels.history} asks: messages between
 * {@code oldest} and {@code latest} (either may be null), bounds included when {@code inclusive},
 * newest first, skipping {@code offset} and returning at most {@code count}. Thread replies
 * appear only when {@code showThreadMessages} or when they were also sent to the room.
 */
public record HistoryQuery(String roomId, Instant latest, Instant oldest, boolean inclusive,
    int offset, int count, boolean showThreadMessages) {

  public HistoryQuery(String roomId, Instant latest, Instant oldest, boolean inclusive, int offset,
      int count) {
    this(roomId, latest, oldest, inclusive, offset, count, false);
  }
}
