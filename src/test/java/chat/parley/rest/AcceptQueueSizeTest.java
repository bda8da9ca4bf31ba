package chat.parley.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AcceptQueueSizeTest {
  @Test
  void parley_accept_queue_size_overrides_the_default_when_it_is_a_positive_number() {
    assertThat(RestServer.acceptQueueSize(Map.of())).isEqualTo(1024);
    assertThat(RestServer.acceptQueueSize(Map.of("PARLEY_ACCEPT_QUEUE_SIZE", "4096"))).isEqualTo(4096);
    assertThat(RestServer.acceptQueueSize(Map.of("PARLEY_ACCEPT_QUEUE_SIZE", "0"))).isEqualTo(1024);
    assertThat(RestServer.acceptQueueSize(Map.of("PARLEY_ACCEPT_QUEUE_SIZE", "lots"))).isEqualTo(1024);
  }
}
