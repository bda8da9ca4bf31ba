package chat.parley.rooms;

/** Rocket.Chat's {@code t} of a room: public channel, private group, direct message. */
public enum RoomType {
  CHANNEL("c"),
  PRIVATE_GROUP("p"),
  DIRECT("d");

  private final String code;

  RoomType(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static RoomType fromCode(String code) {
    for (RoomType type : values()) {
      if (type.code.equals(code)) {
        return type;
      }
    }
    throw new IllegalArgumentException("Unknown room type " + code);
  }
}
