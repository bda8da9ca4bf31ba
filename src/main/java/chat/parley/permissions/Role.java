package chat.parley.permissions;

import java.time.Instant;

/**
 * A role, as Rocket.Chat's {@code IRole}: scope {@code Users} (held globally, in the user's
 * roles) or {@code Subscriptions} (held per room). Protected roles are Rocket.Chat's built-in ones;
 * the default roles keep their name as id.
 */
public record Role(String id, String name, String description, String scope,
    boolean protectedRole, boolean mandatory2fa, Instant updatedAt) {

  public static final String USERS = "Users";
  public static final String SUBSCRIPTIONS = "Subscriptions";
}
