package chat.parley.invites;

import java.time.Instant;

/**
 * An invite link to a room: valid for {@code days} (0 = never expires) and {@code maxUses} joins
 * (0 = unlimited). The id is the token in the link; it is a 17-character random id rather than
 * Rocket.Chat's 6 characters, so links cannot be guessed.
 */
public record Invite(String id, String roomId, String userId, int days, int maxUses, int uses,
    Instant createdAt, Instant expiresAt, Instant updatedAt) {

  public boolean expiredAt(Instant now) {
    return (expiresAt != null && !expiresAt.isAfter(now)) || (maxUses > 0 && uses >= maxUses);
  }
}
