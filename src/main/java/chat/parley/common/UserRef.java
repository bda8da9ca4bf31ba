package chat.parley.common;

/** Who did something, as messages and rooms record it: Rocket.Chat's {@code u} object. */
public record UserRef(String id, String username, String name) {}
