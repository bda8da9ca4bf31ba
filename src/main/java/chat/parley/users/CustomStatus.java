package chat.parley.users;

import java.time.Instant;

/** A status users can pick (Rocket.Chat's {@code IUserStatus}): a name over a base presence. */
public record CustomStatus(String id, String name, String statusType, Instant updatedAt) {}
