package chat.parley.auth;

import chat.parley.common.Tx;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A user's TOTP state (Rocket.Chat's {@code services.totp}) and the "second factor given" mark
 * on a login token (Rocket.Chat's {@code twoFactorAuthorizedUntil/Hash}).
 */
public interface TwoFactorStore {
  /** {@code secret} is set once enabled; {@code tempSecret} between enable and validation. */
  record TotpState(String secret, String tempSecret, boolean enabled, List<String> hashedBackup) {
    public TotpState {
      hashedBackup = List.copyOf(hashedBackup);
    }
  }

  Optional<TotpState> totp(Tx tx, String userId);

  /** {@code 2fa:enable}: TOTP off, a new pending secret, no backup codes. */
  void disableAndSetTempSecret(Tx tx, String userId, String tempSecret, Instant now);

  /** {@code 2fa:validateTempToken}: the pending secret becomes the active one. */
  void enable(Tx tx, String userId, String secret, List<String> hashedBackup, Instant now);

  /** Turns TOTP off and forgets its secrets; true when it was on. */
  boolean disable(Tx tx, String userId, Instant now);

  /**
   * Replaces the backup codes only if they are still {@code expected}: two logins spending the
   * same code at once cannot both succeed.
   */
  boolean replaceBackupCodes(Tx tx, String userId, List<String> expected, List<String> hashedBackup,
      Instant now);

  /** What the check needs to know of the token a request came with. */
  record TokenFacts(String userId, boolean personal, boolean bypassTwoFactor, Instant authorizedUntil,
      String authorizedHash) {}

  Optional<TokenFacts> token(Tx tx, String hashedToken);

  void rememberOnToken(Tx tx, String hashedToken, Instant until, String fingerprint);

  /** Forgets all TOTP state of a user ({@code users.resetTOTP}); true when there was some. */
  boolean reset(Tx tx, String userId);

  /** Removes every token of the user, personal ones included. */
  void removeAllTokens(Tx tx, String userId);

  /** Removes the user's login tokens other than {@code keepHashedToken}; returns the removed. */
  List<String> removeOtherLoginTokens(Tx tx, String userId, String keepHashedToken);

  // --- codes by e-mail (Rocket.Chat's services.email2fa and services.emailCode) ------------------

  /** Whether e-mail codes are on, and the one pending code (null hash when none). */
  record EmailState(boolean enabled, String codeHash, Instant codeExpires, int attempts) {}

  Optional<EmailState> email(Tx tx, String userId);

  /** {@code users.2fa.enableEmail} / {@code disableEmail}, and auto opt-in at creation. */
  void setEmailEnabled(Tx tx, String userId, boolean enabled, Instant now);

  /** Replaces the pending code with a new one, no wrong attempts yet. */
  void saveEmailCode(Tx tx, String userId, String codeHash, Instant expires, Instant now);

  /** Removes the pending code if it is still {@code codeHash}; true when this call did. */
  boolean spendEmailCode(Tx tx, String userId, String codeHash);

  /** One more wrong code given against the pending one. */
  void countInvalidEmailCode(Tx tx, String userId);
}
