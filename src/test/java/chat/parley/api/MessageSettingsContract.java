package chat.parley.api;

import static chat.parley.api.MessagesContract.id;
import static chat.parley.api.RoomsContract.assertError;
import static chat.parley.api.SeedFlowContract.send;
import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings that change what may be done to messages, set as an operator would (OVERWRITE_SETTING_*). */
abstract class MessageSettingsContract {
  abstract Backend backend();

  @Test
  void editing_deleting_and_pinning_can_be_switched_off() {
    try (TestServer server = TestServer.start(backend(), Map.of("Message_AllowEditing", "false",
        "Message_AllowDeleting", "false", "Message_AllowPinning", "false"))) {
      Cast cast = Cast.register(server);
      String rid = cast.alice().postJson("/api/v1/channels.create",
          Map.of("name", "settings", "members", List.of("bob"))).json().at("/channel/_id").asText();
      String mid = id(send(cast.bob(), rid, "typo"));
      assertError(cast.bob().postJson("/api/v1/chat.update", Map.of("roomId", rid, "msgId", mid, "text", "fixed")),
          400, "error-action-not-allowed");
      assertError(cast.bob().postJson("/api/v1/chat.delete", Map.of("roomId", rid, "msgId", mid)),
          400, "error-action-not-allowed");
      assertError(cast.alice().postJson("/api/v1/chat.pinMessage", Map.of("messageId", mid)),
          400, "error-action-not-allowed");
      // The room owner keeps edit-message and delete-message.
      assertThat(cast.alice().postJson("/api/v1/chat.update",
          Map.of("roomId", rid, "msgId", mid, "text", "fixed")).status()).isEqualTo(200);
      assertThat(cast.alice().postJson("/api/v1/chat.delete",
          Map.of("roomId", rid, "msgId", mid)).status()).isEqualTo(200);
    }
  }

  @Test
  void with_show_deleted_status_a_deleted_message_leaves_a_trace() {
    try (TestServer server = TestServer.start(backend(), Map.of("Message_ShowDeletedStatus", "true"))) {
      Cast cast = Cast.register(server);
      String mid = id(send(cast.bob(), "GENERAL", "regret"));
      assertThat(cast.bob().postJson("/api/v1/chat.delete", Map.of("roomId", "GENERAL", "msgId", mid))
          .status()).isEqualTo(200);
      var m = cast.alice().get("/api/v1/chat.getMessage?msgId=" + mid).json().get("message");
      assertThat(m.get("t").asText()).isEqualTo("rm");
      assertThat(m.get("msg").asText()).isEmpty();
    }
  }
}
