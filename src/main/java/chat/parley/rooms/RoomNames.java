package chat.parley.rooms;

import chat.parley.common.ParleyException;
import java.util.Map;
import java.util.regex.Pattern;

/** Rocket.Chat's room name rule ({@code UTF8_Channel_Names_Validation}'s default). */
final class RoomNames {
  private static final Pattern VALID = Pattern.compile("^[0-9a-zA-Z\\-_.]+$");

  private RoomNames() {}

  static String requireValid(String name) {
    if (name == null || !VALID.matcher(name).matches()) {
      throw new ParleyException.Invalid("error-invalid-room-name",
          name + " is not a valid room name. [error-invalid-room-name]",
          Map.of("channel_name", String.valueOf(name)));
    }
    return name;
  }

  static ParleyException duplicate(String name) {
    return new ParleyException.Conflict("error-duplicate-channel-name",
        "A channel with name '" + name + "' exists [error-duplicate-channel-name]");
  }
}
