package chat.parley.rooms;

import java.util.List;

/**
 * What decides whether a user may post in a room, read at one {@code accessVersion}: the room
 * (null if it does not exist), the user's room roles (null if not a member) and the mute flag.
 */
record PostingFacts(Room room, List<String> memberRoles, boolean muted, long version) {
  /** Bounds memory: one entry per (room, poster) pair; past this the cache starts over. */
  static final int MAX_CACHED = 100_000;

  PostingFacts at(long readVersion) {
    return new PostingFacts(room, memberRoles, muted, readVersion);
  }

  record Key(String roomId, String userId) {}
}
