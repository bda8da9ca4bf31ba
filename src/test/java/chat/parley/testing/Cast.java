package chat.parley.testing;

import java.util.Map;

/**
 * The fixture users, after Zulip's habit of a cast rather than user1/user2: carol registers
 * first and so becomes admin; alice and bob are members; mallory is the outsider.
 */
public record Cast(RestClient anonymous, RestClient carol, RestClient alice, RestClient bob,
    RestClient mallory) {

  public static final String PASSWORD = "correct horse battery";

  public static Cast register(TestServer server) {
    RestClient anonymous = server.client();
    for (String name : new String[] {"carol", "alice", "bob", "mallory"}) {
      RestClient.Response r = anonymous.postJson("/api/v1/users.register", Map.of(
          "username", name, "email", name + "@example.com", "pass", PASSWORD,
          "name", Character.toUpperCase(name.charAt(0)) + name.substring(1)));
      if (r.status() != 200) {
        throw new AssertionError("register " + name + " failed: " + r);
      }
    }
    return new Cast(anonymous, anonymous.login("carol", PASSWORD), anonymous.login("alice", PASSWORD),
        anonymous.login("bob", PASSWORD), anonymous.login("mallory", PASSWORD));
  }
}
