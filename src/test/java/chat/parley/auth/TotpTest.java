package chat.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.OneTimeCodes;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parley's TOTP against RFC 6238's own test vectors, and against the tests' separate maker. */
class TotpTest {
  /** RFC 6238 appendix B: the SHA-1 seed, times and 8-digit codes. */
  private static final byte[] SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
  private static final long[] TIMES = {59L, 1111111109L, 1111111111L, 1234567890L, 2000000000L, 20000000000L};
  private static final String[] CODES = {"94287082", "07081804", "14050471", "89005924", "69279037", "65353130"};

  @Test
  void both_implementations_give_the_rfc_6238_sha1_vectors() {
    for (int i = 0; i < TIMES.length; i++) {
      long step = TIMES[i] / 30;
      assertThat(Totp.hotp(SEED, step, 8, "HmacSHA1")).as("Parley at T=%d", TIMES[i]).isEqualTo(CODES[i]);
      assertThat(OneTimeCodes.code(SEED, step, 8, "HmacSHA1")).as("test maker at T=%d", TIMES[i])
          .isEqualTo(CODES[i]);
    }
  }

  @Test
  void base32_round_trips_and_six_digit_codes_agree_with_the_test_maker() {
    String secret = Totp.base32(SEED);
    assertThat(secret).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    assertThat(Totp.unbase32(secret)).isEqualTo(SEED);
    for (long t : TIMES) {
      assertThat(Totp.codeAt(secret, t)).isEqualTo(OneTimeCodes.totp(secret, t))
          .isEqualTo(CODES[java.util.Arrays.binarySearch(TIMES, t)].substring(2));
    }
    String fresh = Totp.newSecret();
    assertThat(fresh).hasSize(52).matches("[A-Z2-7]+");
    assertThat(OneTimeCodes.base32Decode(fresh)).hasSize(32);
  }

  @Test
  void verify_accepts_the_window_around_now_and_nothing_else() {
    String secret = Totp.newSecret();
    long now = 1_700_000_000L;
    assertThat(Totp.verify(secret, OneTimeCodes.totp(secret, now), now, 0)).isTrue();
    assertThat(Totp.verify(secret, OneTimeCodes.totp(secret, now - 30), now, 0)).isFalse();
    assertThat(Totp.verify(secret, OneTimeCodes.totp(secret, now - 30), now, 1)).isTrue();
    assertThat(Totp.verify(secret, OneTimeCodes.totp(secret, now + 30), now, 1)).isTrue();
    assertThat(Totp.verify(secret, OneTimeCodes.totp(secret, now - 60), now, 1)).isFalse();
    assertThat(Totp.verify(secret, OneTimeCodes.totp(secret, now - 60), now, 2)).isTrue();
    assertThat(Totp.verify(secret, "12345", now, 1)).isFalse();
    assertThat(Totp.verify(secret, "abcdef", now, 1)).isFalse();
    assertThat(Totp.verify(null, "123456", now, 1)).isFalse();
  }

  @Test
  void backup_codes_are_twelve_distinct_eight_character_codes_hashed_as_sha256_hex() {
    List<String> codes = Totp.newBackupCodes();
    assertThat(codes).hasSize(12).allMatch(c -> c.matches("[23456789A-HJ-NP-TW-Za-km-z]{8}"));
    assertThat(new HashSet<>(codes)).hasSize(12);
    assertThat(Totp.hashBackupCode("abcdefgh"))
        .isEqualTo("9c56cc51b374c3ba189210d5b6d4bf57790d351c96c47c02190ecf1e430635ab");
  }

  @Test
  void the_otpauth_url_names_the_site_and_user_and_carries_the_secret() {
    assertThat(Totp.otpauthUrl("ABC", "Parley", "alice"))
        .isEqualTo("otpauth://totp/Parley%3Aalice?secret=ABC");
  }
}
