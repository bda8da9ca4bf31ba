package chat.parley.users;

import java.util.List;

/**
 * An account to create, from {@code users.register}, {@code users.create} or the {@code
 * ADMIN_*} environment. {@code roles} empty means the default {@code ["user"]}.
 */
public record NewUser(
    String username,
    String email,
    String password,
    String name,
    List<String> roles,
    boolean active,
    boolean verified,
    boolean joinDefaultChannels,
    boolean requirePasswordChange) {}
