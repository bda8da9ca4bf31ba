package chat.parley.rooms;

/** How a room list is ordered: Rocket.Chat's {@code sort={"name":1}} for the keys it allows. */
public record RoomSort(Key key, boolean ascending) {
  public enum Key { NAME, CREATED, USERS_COUNT, MSGS, UPDATED, LAST_MESSAGE }

  public static final RoomSort BY_NAME = new RoomSort(Key.NAME, true);

  /** The Rocket.Chat field name of a key, or null when it is not sortable. */
  public static Key keyOf(String field) {
    return switch (field) {
      case "name", "fname" -> Key.NAME;
      case "ts", "createdAt" -> Key.CREATED;
      case "usersCount" -> Key.USERS_COUNT;
      case "msgs" -> Key.MSGS;
      case "_updatedAt" -> Key.UPDATED;
      case "lm" -> Key.LAST_MESSAGE;
      default -> null;
    };
  }
}
