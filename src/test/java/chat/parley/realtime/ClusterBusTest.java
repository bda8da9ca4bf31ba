package chat.parley.realtime;

import static chat.parley.testing.DdpClient.changed;
import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.config.Config;
import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.DdpClient;
import chat.parley.testing.RestClient;
import chat.parley.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Two Parley nodes on one PostgreSQL: each delivers the other's events to its own sockets. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterBusTest {
  TestServer nodeA;
  TestServer nodeB;
  Cast cast;

  @BeforeAll
  void start() {
    nodeA = TestServer.start(Backend.POSTGRES);
    nodeB = TestServer.start(Config.forTests(TestServer.tempDir(), nodeA.databaseUrl()));
    cast = Cast.register(nodeA);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!(listening(nodeA) && listening(nodeB)) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(listening(nodeA) && listening(nodeB)).as("both nodes LISTEN").isTrue();
  }

  static boolean listening(TestServer node) {
    return node.parley().clusterBus().map(b -> b.isListening()).orElse(false);
  }

  @AfterAll
  void stop() {
    nodeB.close();
    nodeA.close();
  }

  DdpClient onNodeB(RestClient who) {
    DdpClient c = DdpClient.connect(nodeB.baseUrl());
    JsonNode r = c.call("login", Map.of("resume", who.token()));
    assertThat(r.has("error")).as(r.toString()).isFalse();
    return c;
  }

  @Test
  void a_message_posted_on_node_a_reaches_a_socket_on_node_b() {
    try (DdpClient bob = onNodeB(cast.bob())) {
      bob.sub("stream-room-messages", "GENERAL", false);
      cast.alice().postJson("/api/v1/chat.postMessage", Map.of("roomId", "GENERAL", "text", "across nodes"));
      JsonNode frame = bob.await(f -> changed("stream-room-messages", "GENERAL").test(f)
          && "across nodes".equals(f.at("/fields/args/0/msg").asText()), 10);
      assertThat(frame.at("/fields/args/0/u/username").asText()).isEqualTo("alice");
      assertThat(frame.at("/fields/args/0/ts/$date").asLong()).isPositive();
    }
  }

  @Test
  void events_bigger_than_a_notify_payload_travel_by_reference() {
    String big = "会議".repeat(2_000); // 12,000 bytes of UTF-8: over NOTIFY's 8,000
    try (DdpClient bob = onNodeB(cast.bob())) {
      bob.sub("stream-room-messages", "GENERAL", false);
      cast.alice().postJson("/api/v1/chat.postMessage", Map.of("roomId", "GENERAL", "text", big));
      JsonNode frame = bob.await(f -> changed("stream-room-messages", "GENERAL").test(f)
          && big.equals(f.at("/fields/args/0/msg").asText()), 10);
      assertThat(frame.at("/fields/args/0/msg").asText()).hasSize(4_000);
    }
  }

  @Test
  void desktop_notifications_and_typing_cross_nodes_once() {
    try (DdpClient alice = onNodeB(cast.alice()); DdpClient bobOnA = DdpClient.connect(nodeA.baseUrl())) {
      bobOnA.call("login", Map.of("resume", cast.bob().token()));
      String notes = cast.alice().userId() + "/notification";
      alice.sub("stream-notify-user", notes, false);
      String dm = cast.bob().postJson("/api/v1/im.create", Map.of("username", "alice")).json()
          .at("/room/rid").asText();
      alice.sub("stream-notify-room", dm + "/user-activity", false);
      bobOnA.call("stream-notify-room", dm + "/user-activity", "bob", List.of("user-typing"));
      assertThat(alice.await(changed("stream-notify-room", dm + "/user-activity"), 10)
          .at("/fields/args/0").asText()).isEqualTo("bob");
      cast.bob().postJson("/api/v1/chat.sendMessage", Map.of("message", Map.of("rid", dm, "msg", "ping from A")));
      alice.await(f -> changed("stream-notify-user", notes).test(f) && f.toString().contains("ping from A"), 10);
      // Computed once, on the node that stored the message: no second copy arrives.
      assertThat(alice.nothingMatches(f -> f.toString().contains("ping from A")
          && changed("stream-notify-user", notes).test(f), 700)).isTrue();
    }
  }

  @Test
  void logging_out_on_node_a_closes_the_sockets_of_that_token_on_node_b() throws Exception {
    RestClient session = cast.anonymous().login("mallory", Cast.PASSWORD);
    try (DdpClient mallory = onNodeB(session)) {
      mallory.sub("stream-room-messages", "GENERAL", false);
      session.postJson("/api/v1/logout", Map.of());
      assertThat(mallory.closed.get(10, TimeUnit.SECONDS)).isNotNull();
    }
  }

  String presenceOf(RestClient who) {
    return cast.alice().get("/api/v1/users.getPresence?userId=" + who.userId()).json()
        .path("presence").asText();
  }

  String awaitPresence(RestClient who, String expected) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String seen = presenceOf(who);
    while (!seen.equals(expected) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      seen = presenceOf(who);
    }
    return seen;
  }

  @Test
  void presence_counts_connections_on_every_node_and_survives_a_node_starting() throws Exception {
    RestClient carol = cast.carol();
    DdpClient onA = DdpClient.connect(nodeA.baseUrl());
    onA.call("login", Map.of("resume", carol.token()));
    try (DdpClient onB = onNodeB(carol)) {
      assertThat(awaitPresence(carol, "online")).isEqualTo("online");
      // Leaving node A leaves carol online: she is still connected to node B.
      int before = nodeA.parley().realtimeConnections();
      onA.close();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (nodeA.parley().realtimeConnections() >= before && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(nodeA.parley().realtimeConnections()).isLessThan(before);
      // Node A has dropped the socket (and counts presence right after): carol stays online.
      cast.alice().postJson("/api/v1/chat.postMessage", Map.of("roomId", "GENERAL", "text", "a write on A"));
      assertThat(presenceOf(carol)).isEqualTo("online");
      // A third node joining the cluster does not reset anyone's status.
      try (TestServer nodeC = TestServer.start(Config.forTests(TestServer.tempDir(), nodeA.databaseUrl()))) {
        assertThat(presenceOf(carol)).isEqualTo("online");
      }
      onB.close();
      assertThat(awaitPresence(carol, "offline")).isEqualTo("offline");
    }
  }

  @Test
  void a_setting_changed_on_node_a_is_current_on_node_b() {
    assertThat(cast.carol().postJson("/api/v1/settings/Site_Name", Map.of("value", "Cluster HQ")).status())
        .isEqualTo(200);
    RestClient carolOnB = new RestClient(nodeB.baseUrl()).as(cast.carol().userId(), cast.carol().token());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String seen = "";
    while (!seen.equals("Cluster HQ") && System.nanoTime() < deadline) {
      seen = carolOnB.get("/api/v1/settings/Site_Name").json().path("value").asText();
    }
    assertThat(seen).isEqualTo("Cluster HQ");
  }
}
