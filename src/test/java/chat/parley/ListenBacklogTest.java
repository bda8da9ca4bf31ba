package chat.parley;

import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.rest.RestServer;
import chat.parley.testing.Backend;
import chat.parley.testing.TestServer;
import org.junit.jupiter.api.Test;

/** The HTTP connector Parley builds itself: bound where asked, with a deep accept queue. */
class ListenBacklogTest {
  @Test
  void the_connector_listens_on_the_configured_address_with_a_large_accept_queue() {
    try (TestServer server = TestServer.start(Backend.SQLITE)) {
      assertThat(server.parley().acceptQueueSize()).isEqualTo(RestServer.DEFAULT_ACCEPT_QUEUE_SIZE);
      assertThat(server.parley().port()).isPositive();
      assertThat(server.client().get("/api/info").status()).isEqualTo(200);
    }
  }
}
