package chat.parley.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Rocket.Chat's signed file URL tokens: what is accepted and what is not. */
class RcFileTokenTest {
  private static final Instant NOW = Instant.parse("2026-11-29T02:00:00Z");

  @Test
  void a_token_opens_its_file_within_its_lifetime_only() {
    String t = RcFileToken.sign("r1", "u1", "f1", "secret", NOW, 3600);
    assertThat(RcFileToken.opens(t, "secret", "f1", NOW)).isTrue();
    assertThat(RcFileToken.opens(t, "secret", "f1", NOW.plusSeconds(3599))).isTrue();
    assertThat(RcFileToken.opens(t, "secret", "f1", NOW.plusSeconds(3600))).isFalse();
    assertThat(RcFileToken.opens(t, "secret", "f1", NOW.minusSeconds(1))).isFalse(); // nbf
    assertThat(RcFileToken.opens(t, "secret", "f2", NOW)).isFalse();
    assertThat(RcFileToken.opens(t, "other", "f1", NOW)).isFalse();
    assertThat(RcFileToken.opens(t, "", "f1", NOW)).isFalse();
  }

  @Test
  void the_payload_is_rocket_chats() {
    String t = RcFileToken.sign("r1", "u1", "f1", "secret", NOW, 3600);
    String[] parts = t.split("\\.");
    String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    assertThat(header).isEqualTo("{\"typ\":\"JWT\",\"alg\":\"HS256\"}");
    assertThat(payload).contains("\"aud\":\"RocketChat\"").contains("\"fileId\":\"f1\"")
        .contains("\"rid\":\"r1\"").contains("\"userId\":\"u1\"")
        .contains("\"exp\":" + (NOW.getEpochSecond() + 3600));
  }

  @Test
  void tampered_or_foreign_tokens_are_refused() {
    String t = RcFileToken.sign("r1", "u1", "f1", "secret", NOW, 3600);
    String[] parts = t.split("\\.");
    String longer = Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("{\"exp\":" + (NOW.getEpochSecond() + 999_999) + ",\"context\":{\"fileId\":\"f1\"}}")
            .getBytes(StandardCharsets.UTF_8));
    assertThat(RcFileToken.opens(parts[0] + "." + longer + "." + parts[2], "secret", "f1", NOW))
        .isFalse();
    String hs512 = Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"alg\":\"HS512\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(RcFileToken.opens(hs512 + "." + parts[1] + "." + parts[2], "secret", "f1", NOW))
        .isFalse();
    assertThat(RcFileToken.opens("a.b", "secret", "f1", NOW)).isFalse();
    assertThat(RcFileToken.opens("%%%.###.$$$", "secret", "f1", NOW)).isFalse();
  }
}
