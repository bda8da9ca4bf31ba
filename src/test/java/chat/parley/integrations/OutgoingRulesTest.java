package chat.parley.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** The pure rules of outgoing webhooks: which addresses are private, and Rocket.Chat's back-off. */
class OutgoingRulesTest {
  static boolean isPrivate(String address) throws UnknownHostException {
    return TargetGuard.isPrivate(InetAddress.getByName(address));
  }

  @Test
  void loopback_private_link_local_and_unique_local_addresses_are_private() throws Exception {
    for (String a : new String[] {"127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "192.168.1.1",
        "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1",
        "224.0.0.1", "198.18.0.1"}) {
      assertThat(isPrivate(a)).as(a).isTrue();
    }
    for (String a : new String[] {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111"}) {
      assertThat(isPrivate(a)).as(a).isFalse();
    }
  }

  @Test
  void the_guard_refuses_private_targets_unless_allowed_and_only_speaks_http() {
    TargetGuard strict = new TargetGuard(() -> false);
    assertThat(strict.refusal("http://127.0.0.1:8080/hook")).contains(TargetGuard.SETTING);
    assertThat(strict.refusal("http://[::1]/hook")).contains(TargetGuard.SETTING);
    assertThat(strict.refusal("ftp://example.com/")).isNotNull();
    assertThat(strict.refusal("http://203.0.113.9/hook")).isNull();
    assertThat(new TargetGuard(() -> true).refusal("http://127.0.0.1:8080/hook")).isNull();
  }

  @Test
  void retry_delays_follow_rocket_chat() {
    assertThat(OutgoingWebhooks.retryDelayMillis("powers-of-ten", 0)).isEqualTo(100);
    assertThat(OutgoingWebhooks.retryDelayMillis("powers-of-ten", 1)).isEqualTo(1_000);
    assertThat(OutgoingWebhooks.retryDelayMillis("powers-of-ten", 2)).isEqualTo(10_000);
    assertThat(OutgoingWebhooks.retryDelayMillis("powers-of-two", 0)).isEqualTo(2_000);
    assertThat(OutgoingWebhooks.retryDelayMillis("powers-of-two", 2)).isEqualTo(8_000);
    assertThat(OutgoingWebhooks.retryDelayMillis("increments-of-two", 0)).isEqualTo(2_000);
    assertThat(OutgoingWebhooks.retryDelayMillis("increments-of-two", 2)).isEqualTo(6_000);
  }
}
