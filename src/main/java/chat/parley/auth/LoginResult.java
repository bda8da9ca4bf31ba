package chat.parley.auth;

import chat.parley.users.User;
import java.time.Instant;

/** A successful login: the new token (shown once, stored hashed) and the user. */
public record LoginResult(String token, Instant tokenExpires, User user) {}
