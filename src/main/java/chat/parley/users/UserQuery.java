package chat.parley.users;

import java.util.List;

/**
 * The safe subset of Rocket.Chat's {@code users.list} Mongo selector: each field is an optional
 * filter; text filters match case-insensitively ({@code prefix} anchors at the start).
 */
public record UserQuery(
    Boolean active,
    List<String> types,
    List<String> roles,
    List<String> statuses,
    List<Text> anyOf,
    List<Text> allOf,
    String sortKey,
    boolean ascending,
    int offset,
    int count) {

  /** One {@code $regex} or equality on username, name or email, turned into LIKE. */
  public record Text(String field, String value, boolean prefix, boolean exact) {}

  public static final List<String> SORT_KEYS =
      List.of("username", "name", "createdAt", "lastLogin", "status", "active", "type", "_updatedAt");

  public UserQuery {
    types = List.copyOf(types);
    roles = List.copyOf(roles);
    statuses = List.copyOf(statuses);
    anyOf = List.copyOf(anyOf);
    allOf = List.copyOf(allOf);
  }
}
