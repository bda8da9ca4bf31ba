package chat.parley.auth;

/**
 * What a login names: a user by username or email, and a password as plain text or as its
 * SHA-256 hex digest; or a resume token. Exactly one of {@code passwordPlain}/{@code
 * passwordDigest} is set for a password login.
 */
public record LoginRequest(
    String username, String email, String passwordPlain, String passwordDigest, String resumeToken) {}
