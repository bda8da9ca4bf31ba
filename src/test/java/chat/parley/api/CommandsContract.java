package chat.parley.api;

import static chat.parley.api.RoomsContract.assertError;
import static chat.parley.api.SeedFlowContract.texts;
import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.DdpClient;
import chat.parley.testing.RestClient;
import chat.parley.testing.RestClient.Response;
import chat.parley.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built-in slash commands, run as {@code commands.run} (issue #7). */
abstract class CommandsContract {
  abstract Backend backend();

  static Response run(RestClient who, String rid, String command, String params) {
    return who.postJson("/api/v1/commands.run", Map.of("command", command, "params", params, "roomId", rid));
  }

  @Test
  void commands_answer_their_user_alone_with_ephemeral_messages_over_the_socket() {
    try (TestServer server = TestServer.start(backend())) {
      Cast cast = Cast.register(server);
      String rid = cast.alice().postJson("/api/v1/channels.create",
          Map.of("name", "ephemeral", "members", List.of("bob"))).json().at("/channel/_id").asText();
      try (DdpClient alice = DdpClient.connect(server.baseUrl()); DdpClient bob = DdpClient.connect(server.baseUrl())) {
        assertThat(alice.call("login", Map.of("resume", cast.alice().token())).has("error")).isFalse();
        assertThat(bob.call("login", Map.of("resume", cast.bob().token())).has("error")).isFalse();
        String mine = cast.alice().userId() + "/message";
        assertThat(alice.sub("stream-notify-user", mine, false).path("msg").asText()).isEqualTo("ready");
        bob.sub("stream-notify-user", cast.bob().userId() + "/message", false);

        Response unknown = run(cast.alice(), rid, "invite", "@nobody-here");
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(200);
        assertThat(unknown.json().get("success").asBoolean()).isTrue();
        assertThat(unknown.json().has("result")).isFalse();
        JsonNode told = alice.await(f -> DdpClient.changed("stream-notify-user", mine).test(f)
            && f.toString().contains("nobody-here"), 5).at("/fields/args/0");
        assertThat(told.path("msg").asText()).isEqualTo("No user exists by the name of `@nobody-here`.");
        assertThat(told.path("rid").asText()).isEqualTo(rid);
        assertThat(told.path("_id").asText()).isNotBlank();
        assertThat(told.at("/ts/$date").asLong()).isPositive();

        run(cast.alice(), rid, "invite", "@bob");
        alice.await(f -> f.toString().contains("`@bob` is already in here."), 5);
        run(cast.alice(), rid, "kick", "@ghost");
        alice.await(f -> f.toString().contains("The username `ghost` doesn't exist."), 5);
        run(cast.alice(), rid, "mute", "@mallory");
        alice.await(f -> f.toString().contains("The user `mallory` is not in this room."), 5);
        // Typed in the client: the DDP slashCommand method answers the same way.
        JsonNode typed = alice.call("slashCommand", Map.of("cmd", "msg", "params", "@ghost hello",
            "msg", Map.of("rid", rid)));
        assertThat(typed.has("error")).as(typed.toString()).isFalse();
        alice.await(f -> f.toString().contains("The username `ghost` doesn't exist."), 5);

        // Only alice was told, and nothing was stored or changed.
        assertThat(bob.nothingMatches(f -> f.toString().contains("doesn't exist")
            || f.toString().contains("nobody-here") || f.toString().contains("already in here"), 300)).isTrue();
        assertThat(cast.bob().get("/api/v1/channels.history?roomId=" + rid).json().toString())
            .doesNotContain("nobody-here").doesNotContain("ghost").doesNotContain("already in here");
        assertThat(cast.mallory().get("/api/v1/subscriptions.getOne?roomId=" + rid).json().get("subscription")
            .isNull()).isTrue();
      }
      // A real invitation still works, and kicking someone who is not in the room is still an error.
      assertThat(run(cast.alice(), rid, "invite", "@mallory @nobody-here").status()).isEqualTo(200);
      assertThat(cast.mallory().get("/api/v1/subscriptions.getOne?roomId=" + rid).json().get("subscription")
          .isNull()).isFalse();
      assertThat(run(cast.alice(), rid, "kick", "@carol").status()).isEqualTo(400);
    }
  }

  @Test
  void each_built_in_command_does_what_it_says() {
    try (TestServer server = TestServer.start(backend())) {
      Cast cast = Cast.register(server);
      String rid = cast.alice().postJson("/api/v1/channels.create",
          Map.of("name", "cmds", "members", List.of("bob"))).json().at("/channel/_id").asText();
      assertThat(cast.bob().get("/api/v1/commands.list").json().get("commands").toString())
          .contains("\"command\":\"me\"", "\"command\":\"invite\"");
      assertThat(cast.bob().get("/api/v1/commands.get?command=topic").json().at("/command/command").asText())
          .isEqualTo("topic");

      assertThat(run(cast.alice(), rid, "me", "waves").status()).isEqualTo(200);
      assertThat(run(cast.alice(), rid, "shrug", "oh well").status()).isEqualTo(200);
      List<String> said = texts(cast.bob().get("/api/v1/channels.history?roomId=" + rid).json().get("messages"));
      assertThat(said.get(1)).isEqualTo("_waves_");
      assertThat(said.get(0)).startsWith("oh well ¯").endsWith("(ツ)_/¯");

      run(cast.alice(), rid, "topic", "Week 2: threads");
      assertThat(cast.bob().get("/api/v1/channels.info?roomId=" + rid).json().at("/channel/topic").asText())
          .isEqualTo("Week 2: threads");

      assertThat(run(cast.alice(), rid, "invite", "@mallory").status()).isEqualTo(200);
      assertThat(cast.mallory().get("/api/v1/subscriptions.getOne?roomId=" + rid).json().get("subscription").isNull())
          .isFalse();
      assertError(run(cast.bob(), rid, "kick", "@mallory"), 403, null);
      assertThat(run(cast.alice(), rid, "kick", "@mallory").status()).isEqualTo(200);
      assertThat(cast.mallory().get("/api/v1/subscriptions.getOne?roomId=" + rid).json().get("subscription").isNull())
          .isTrue();

      assertThat(run(cast.alice(), rid, "mute", "@bob").status()).isEqualTo(200);
      assertError(cast.bob().postJson("/api/v1/chat.sendMessage", Map.of("message", Map.of("rid", rid, "msg", "hi"))),
          400, "error-user-muted");
      run(cast.alice(), rid, "unmute", "@bob");
      assertThat(cast.bob().postJson("/api/v1/chat.sendMessage", Map.of("message", Map.of("rid", rid, "msg", "hi")))
          .status()).isEqualTo(200);

      assertThat(run(cast.bob(), rid, "create", "#study-group").status()).isEqualTo(200);
      assertThat(run(cast.mallory(), "GENERAL", "join", "#study-group").status()).isEqualTo(200);
      assertThat(cast.mallory().get("/api/v1/channels.info?roomName=study-group").json()
          .at("/channel/usersCount").asInt()).isEqualTo(2);

      assertThat(run(cast.alice(), rid, "msg", "@bob see you tomorrow").status()).isEqualTo(200);
      assertThat(cast.bob().get("/api/v1/im.list").json().get("ims")).isNotEmpty();

      assertThat(run(cast.alice(), rid, "archive", "").status()).isEqualTo(200);
      assertThat(cast.bob().get("/api/v1/channels.info?roomId=" + rid).json().at("/channel/archived").asBoolean()).isTrue();
      assertThat(run(cast.carol(), "GENERAL", "unarchive", "#cmds").status()).isEqualTo(200);

      assertThat(run(cast.bob(), rid, "leave", "").status()).isEqualTo(200);
      assertThat(cast.bob().get("/api/v1/subscriptions.getOne?roomId=" + rid).json().get("subscription").isNull()).isTrue();
      assertThat(run(cast.bob(), "GENERAL", "status", "at lunch").status()).isEqualTo(200);
      assertError(run(cast.bob(), "GENERAL", "frobnicate", ""), 400, "error-invalid-command");
    }
  }

  @Test
  void built_in_commands_provide_no_previews() {
    try (TestServer server = TestServer.start(backend())) {
      Cast cast = Cast.register(server);
      Response get = cast.bob().get("/api/v1/commands.preview?command=gimme&params=x&roomId=GENERAL");
      assertError(get, 400, "error-invalid-command");
      assertThat(get.json().get("error").asText()).isEqualTo("Command Does Not Provide Previews [error-invalid-command]");
      Response post = cast.bob().postJson("/api/v1/commands.preview", Map.of("command", "gimme", "params", "x",
          "roomId", "GENERAL", "previewItem", Map.of("id", "1", "type", "text", "value", "hi")));
      assertError(post, 400, "error-invalid-command");
      Response malformed = cast.bob().postJson("/api/v1/commands.preview", Map.of("command", "gimme",
          "roomId", "GENERAL", "previewItem", Map.of("id", "1")));
      assertThat(malformed.json().get("error").asText()).isEqualTo("The preview item being executed is in the wrong format.");
      Response unknown = cast.bob().get("/api/v1/commands.preview?command=nope&roomId=GENERAL");
      assertThat(unknown.json().get("error").asText()).isEqualTo("The command provided does not exist (or is disabled).");
      String secret = cast.alice().postJson("/api/v1/groups.create", Map.of("name", "secret-room"))
          .json().at("/group/_id").asText();
      assertThat(cast.bob().get("/api/v1/commands.preview?command=gimme&roomId=" + secret).status()).isEqualTo(403);
      assertThat(cast.bob().get("/api/v1/commands.preview?command=gimme").status()).isEqualTo(400);
    }
  }
}
