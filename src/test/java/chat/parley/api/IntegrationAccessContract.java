package chat.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.testing.Backend;
import chat.parley.testing.Cast;
import chat.parley.testing.RestClient;
import chat.parley.testing.RestClient.Response;
import chat.parley.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Who sees and manages which integrations (issue #7): {@code channels.getIntegrations} /
 * {@code groups.getIntegrations}, and the {@code manage-own-*-integrations} permissions granted
 * through a custom role with {@code permissions.update}. The webhooks here are disabled: nothing
 * is ever called.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IntegrationAccessContract {
  TestServer server;
  Cast cast;
  String roleId;

  abstract Backend backend();

  @BeforeAll
  void start() {
    server = TestServer.start(backend());
    cast = Cast.register(server);
    roleId = cast.carol().postJson("/api/v1/roles.create", Map.of("name", "integrators"))
        .json().at("/role/_id").asText();
    for (String permission : List.of("manage-own-incoming-integrations", "manage-own-outgoing-integrations")) {
      Response r = cast.carol().postJson("/api/v1/permissions.update", Map.of("permissions",
          List.of(Map.of("_id", permission, "roles", List.of("admin", roleId)))));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
    Response r = cast.carol().postJson("/api/v1/roles.addUserToRole", Map.of("roleId", roleId, "username", "bob"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  static Map<String, Object> incoming(String name, String channel, String username) {
    return new LinkedHashMap<>(Map.of("type", "webhook-incoming", "name", name, "enabled", false,
        "username", username, "channel", channel, "scriptEnabled", false));
  }

  static Map<String, Object> outgoing(String name, String channel, String username) {
    return new LinkedHashMap<>(Map.of("type", "webhook-outgoing", "name", name, "enabled", false,
        "event", "roomLeft", "username", username, "channel", channel,
        "urls", List.of("https://hooks.example.com/" + name), "scriptEnabled", false));
  }

  static String create(RestClient who, Map<String, Object> body) {
    Response r = who.postJson("/api/v1/integrations.create", body);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().at("/integration/_id").asText();
  }

  static List<String> ids(JsonNode listing, String key) {
    List<String> ids = new ArrayList<>();
    listing.get(key).forEach(i -> ids.add(i.get("_id").asText()));
    return ids;
  }

  @Test
  void own_permissions_let_a_user_manage_only_the_integrations_they_created() {
    String carolsIncoming = create(cast.carol(), incoming("carol-in", "#general", "carol"));
    String carolsOutgoing = create(cast.carol(), outgoing("carol-out", "#general", "carol"));

    // alice has no integration permission at all.
    assertThat(cast.alice().postJson("/api/v1/integrations.create", incoming("a", "#general", "alice"))
        .status()).isEqualTo(403);
    assertThat(cast.alice().get("/api/v1/integrations.list").status()).isEqualTo(403);

    String bobsIncoming = create(cast.bob(), incoming("bob-in", "#general", "bob"));
    String bobsOutgoing = create(cast.bob(), outgoing("bob-out", "#general", "bob"));
    JsonNode bobsList = cast.bob().get("/api/v1/integrations.list").json();
    assertThat(ids(bobsList, "integrations")).contains(bobsIncoming, bobsOutgoing)
        .doesNotContain(carolsIncoming, carolsOutgoing);
    assertThat(bobsList.get("integrations")).allSatisfy(i ->
        assertThat(i.at("/_createdBy/username").asText()).isEqualTo("bob"));
    assertThat(ids(cast.carol().get("/api/v1/integrations.list?count=100").json(), "integrations"))
        .contains(carolsIncoming, carolsOutgoing, bobsIncoming, bobsOutgoing);

    // bob edits his own...
    Map<String, Object> rename = incoming("bob-in-renamed", "#general", "bob");
    rename.put("integrationId", bobsIncoming);
    Response renamed = cast.bob().putJson("/api/v1/integrations.update", rename);
    assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
    assertThat(renamed.json().at("/integration/name").asText()).isEqualTo("bob-in-renamed");
    Map<String, Object> retarget = outgoing("bob-out", "#general", "bob");
    retarget.put("integrationId", bobsOutgoing);
    retarget.put("token", "bobs-token");
    retarget.put("urls", List.of("https://hooks.example.com/elsewhere"));
    Response retargeted = cast.bob().putJson("/api/v1/integrations.update", retarget);
    assertThat(retargeted.status()).as(retargeted.body()).isEqualTo(200);
    assertThat(retargeted.json().at("/integration/urls/0").asText()).isEqualTo("https://hooks.example.com/elsewhere");

    // ...but not carol's: they do not exist for him, and nothing changes.
    assertThat(cast.bob().get("/api/v1/integrations.get?integrationId=" + carolsIncoming).json()
        .get("errorType").asText()).isEqualTo("error-invalid-integration");
    Map<String, Object> hijack = incoming("hijacked", "#general", "bob");
    hijack.put("integrationId", carolsIncoming);
    assertThat(cast.bob().putJson("/api/v1/integrations.update", hijack).status()).isEqualTo(400);
    Map<String, Object> hijackOut = outgoing("hijacked", "#general", "bob");
    hijackOut.put("integrationId", carolsOutgoing);
    hijackOut.put("token", "t");
    assertThat(cast.bob().putJson("/api/v1/integrations.update", hijackOut).status()).isEqualTo(400);
    assertThat(cast.bob().postJson("/api/v1/integrations.remove", Map.of("type", "webhook-outgoing",
        "integrationId", carolsOutgoing)).status()).isEqualTo(400);
    assertThat(cast.carol().get("/api/v1/integrations.get?integrationId=" + carolsIncoming).json()
        .at("/integration/name").asText()).isEqualTo("carol-in");
    assertThat(cast.carol().get("/api/v1/integrations.get?integrationId=" + carolsOutgoing).json()
        .at("/integration/name").asText()).isEqualTo("carol-out");

    // Only the admin-level permission may aim an outgoing webhook at every private group.
    Response scoped = cast.bob().postJson("/api/v1/integrations.create", outgoing("x", "all_private_groups", "bob"));
    assertThat(scoped.status()).isEqualTo(400);
    assertThat(scoped.json().get("errorType").asText()).isEqualTo("error-invalid-channel");

    // bob removes his own.
    assertThat(cast.bob().postJson("/api/v1/integrations.remove", Map.of("type", "webhook-incoming",
        "integrationId", bobsIncoming)).status()).isEqualTo(200);
    assertThat(cast.carol().get("/api/v1/integrations.get?integrationId=" + bobsIncoming).status()).isEqualTo(400);
  }

  @Test
  void get_integrations_lists_a_rooms_integrations_to_those_who_may_manage_them() {
    String rid = cast.carol().postJson("/api/v1/channels.create", Map.of("name", "deploys",
        "members", List.of("bob"))).json().at("/channel/_id").asText();
    String in = create(cast.carol(), incoming("deploys-in", "#deploys", "carol"));
    String out = create(cast.carol(), outgoing("deploys-out", "#deploys", "carol"));
    String everywhere = create(cast.carol(), outgoing("everywhere", "all_public_channels", "carol"));
    String elsewhere = create(cast.carol(), incoming("elsewhere", "#general", "carol"));
    String bobs = create(cast.bob(), incoming("bobs-deploys", "#deploys", "bob"));

    JsonNode all = cast.carol().get("/api/v1/channels.getIntegrations?roomId=" + rid).json();
    assertThat(all.get("success").asBoolean()).isTrue();
    assertThat(ids(all, "integrations")).containsExactly(in, out, everywhere, bobs);
    assertThat(all.get("total").asInt()).isEqualTo(4);
    assertThat(all.get("offset").asInt()).isZero();
    assertThat(ids(all, "integrations")).doesNotContain(elsewhere);
    assertThat(all.at("/integrations/0/channel/0").asText()).isEqualTo("#deploys");

    JsonNode page = cast.carol().get("/api/v1/channels.getIntegrations?roomName=deploys&offset=1&count=2").json();
    assertThat(ids(page, "integrations")).containsExactly(out, everywhere);
    assertThat(page.get("count").asInt()).isEqualTo(2);
    assertThat(page.get("total").asInt()).isEqualTo(4);

    JsonNode onlyThisRoom = cast.carol()
        .get("/api/v1/channels.getIntegrations?roomId=" + rid + "&includeAllPublicChannels=false").json();
    assertThat(ids(onlyThisRoom, "integrations")).containsExactly(in, out, bobs);

    // bob holds only the own-permissions: he sees his own.
    assertThat(ids(cast.bob().get("/api/v1/channels.getIntegrations?roomId=" + rid).json(), "integrations"))
        .containsExactly(bobs);
    // alice has no integration permission.
    Response denied = cast.alice().get("/api/v1/channels.getIntegrations?roomId=" + rid);
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.json().get("errorType").asText()).isEqualTo("error-unauthorized");
    assertThat(cast.carol().get("/api/v1/channels.getIntegrations?roomId=nope").json().get("errorType").asText())
        .isEqualTo("error-room-not-found");

    // Private groups: #name plus all_private_groups; a group the caller is not in does not exist.
    String gid = cast.carol().postJson("/api/v1/groups.create", Map.of("name", "ops-secret"))
        .json().at("/group/_id").asText();
    String groupHook = create(cast.carol(), incoming("ops-in", "#ops-secret", "carol"));
    String allGroups = create(cast.carol(), outgoing("all-groups", "all_private_groups", "carol"));
    JsonNode group = cast.carol().get("/api/v1/groups.getIntegrations?roomId=" + gid).json();
    assertThat(ids(group, "integrations")).containsExactly(groupHook, allGroups);
    assertThat(ids(cast.carol().get("/api/v1/groups.getIntegrations?roomName=ops-secret"
        + "&includeAllPrivateGroups=false").json(), "integrations")).containsExactly(groupHook);
    Response outsider = cast.bob().get("/api/v1/groups.getIntegrations?roomId=" + gid);
    assertThat(outsider.status()).isEqualTo(400);
    assertThat(outsider.json().get("errorType").asText()).isEqualTo("error-room-not-found");
    assertThat(cast.alice().get("/api/v1/groups.getIntegrations?roomId=" + gid).status()).isEqualTo(403);
    // A channel is not a group.
    assertThat(cast.carol().get("/api/v1/groups.getIntegrations?roomId=" + rid).status()).isEqualTo(400);
  }
}
