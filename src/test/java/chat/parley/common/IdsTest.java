package chat.parley.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {
  private static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz";

  @Test
  void idsAreMeteorStyle() {
    assertThat(Ids.newId()).hasSize(17).matches("[" + ALPHABET + "]{17}");
    assertThat(Ids.newTimeOrderedId(System.currentTimeMillis())).hasSize(17)
        .matches("[" + ALPHABET + "]{17}");
    assertThat(Ids.newSecret()).hasSize(43).matches("[A-Za-z0-9_-]{43}");
  }

  @Test
  void timeOrderedIdsSortByTimeAsStrings() {
    long t = 1_790_000_000_000L;
    String earlier = Ids.newTimeOrderedId(t);
    String later = Ids.newTimeOrderedId(t + 1);
    String muchLater = Ids.newTimeOrderedId(t + 86_400_000L * 365 * 50);
    assertThat(earlier.compareTo(later)).isNegative();
    assertThat(later.compareTo(muchLater)).isNegative();
    // Same millisecond: same prefix, different random tails.
    assertThat(Ids.newTimeOrderedId(t)).startsWith(earlier.substring(0, 8)).isNotEqualTo(earlier);
  }

  @Test
  void randomCharactersAreUnbiased() {
    Map<Character, Integer> counts = new HashMap<>();
    Set<String> seen = new HashSet<>();
    int ids = 20_000;
    for (int i = 0; i < ids; i++) {
      String id = Ids.newId();
      assertThat(seen.add(id)).isTrue();
      for (char c : id.toCharArray()) {
        counts.merge(c, 1, Integer::sum);
      }
    }
    assertThat(counts.keySet()).hasSize(ALPHABET.length());
    double expected = ids * 17.0 / ALPHABET.length();
    // Each of the 55 characters within 10% of its expected 6,182 (σ ≈ 78): a biased mapping
    // (e.g. byte % 55 without rejection gives the first 36 characters ≈ 25% more) fails.
    counts.values().forEach(n -> assertThat(Math.abs(n - expected) / expected).isLessThan(0.10));
  }
}
