package chat.parley.rest;

import chat.parley.common.ParleyException;
import chat.parley.users.UserQuery;
import chat.parley.wire.RcJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code users.list}'s {@code query}, {@code sort} and {@code fields} (Mongo JSON, as
 * Rocket.Chat's {@code parseJsonQuery}) into a {@link UserQuery}. Only a safe subset is understood
 * — equality and {@code $in} on active/type/roles/status, literal or {@code ^}-anchored
 * {@code $regex} on username/name/emails.address, {@code $or}/{@code $and} of those — anything else
 * is {@code error-invalid-query}. Nothing of the input ever reaches SQL as text.
 */
final class UserListQuery {
  private static final Set<String> TEXT_FIELDS = Set.of("username", "name", "emails.address");

  private UserListQuery() {}

  static UserQuery parse(String query, String sort, int offset, int count) {
    Builder b = new Builder();
    if (query != null && !query.isBlank()) {
      JsonNode node = json(query, "error-invalid-query", "Invalid query parameter provided");
      if (!node.isObject()) {
        throw invalid("query must be an object");
      }
      b.and(node);
    }
    String sortKey = "username";
    boolean asc = true;
    if (sort != null && !sort.isBlank()) {
      JsonNode node = json(sort, "error-invalid-sort", "Invalid sort parameter provided");
      if (!node.isObject() || node.size() != 1) {
        throw new ParleyException.Invalid("error-invalid-sort",
            "Invalid sort parameter provided: \"" + sort + "\" [error-invalid-sort]");
      }
      sortKey = node.fieldNames().next();
      int dir = node.get(sortKey).asInt(0);
      if (!UserQuery.SORT_KEYS.contains(sortKey) || (dir != 1 && dir != -1)) {
        throw new ParleyException.Invalid("error-invalid-sort",
            "Invalid sort parameter provided: \"" + sort + "\" [error-invalid-sort]");
      }
      asc = dir == 1;
    }
    return new UserQuery(b.active, b.types, b.roles, b.statuses, b.anyOf, b.allOf, sortKey, asc,
        offset, count);
  }

  /** The {@code fields} projection: keys to keep (inclusive) or to drop (exclusive). */
  record Fields(Set<String> include, Set<String> exclude) {
    Map<String, Object> apply(Map<String, Object> doc) {
      if (!include.isEmpty()) {
        doc.keySet().removeIf(k -> !k.equals("_id") && !include.contains(k));
      }
      doc.keySet().removeAll(exclude);
      return doc;
    }
  }

  static Fields fields(String fields) {
    Set<String> include = new java.util.HashSet<>();
    Set<String> exclude = new java.util.HashSet<>();
    if (fields != null && !fields.isBlank()) {
      JsonNode node = json(fields, "error-invalid-fields", "Invalid fields parameter provided");
      if (!node.isObject()) {
        throw new ParleyException.Invalid("error-invalid-fields", "Invalid fields parameter provided [error-invalid-fields]");
      }
      node.fields().forEachRemaining(e -> (e.getValue().asInt(1) == 0 ? exclude : include).add(e.getKey()));
    }
    return new Fields(include, exclude);
  }

  private static final class Builder {
    Boolean active;
    final List<String> types = new ArrayList<>();
    final List<String> roles = new ArrayList<>();
    final List<String> statuses = new ArrayList<>();
    final List<UserQuery.Text> anyOf = new ArrayList<>();
    final List<UserQuery.Text> allOf = new ArrayList<>();

    void and(JsonNode node) {
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        JsonNode value = e.getValue();
        switch (key) {
          case "$and" -> {
            requireArray(value);
            value.forEach(this::and);
          }
          case "$or" -> {
            requireArray(value);
            if (!anyOf.isEmpty()) {
              throw invalid("only one $or is supported");
            }
            for (JsonNode alt : value) {
              if (!alt.isObject() || alt.size() != 1) {
                throw invalid("each $or branch must test one text field");
              }
              String field = alt.fieldNames().next();
              anyOf.add(text(field, alt.get(field)));
            }
          }
          case "active" -> {
            if (!value.isBoolean()) {
              throw invalid("active must be a boolean");
            }
            active = value.asBoolean();
          }
          case "type" -> types.addAll(values(value));
          case "roles" -> roles.addAll(values(value));
          case "status" -> statuses.addAll(values(value));
          default -> allOf.add(text(key, value));
        }
      }
    }
  }

  private static List<String> values(JsonNode value) {
    if (value.isTextual()) {
      return List.of(value.asText());
    }
    if (value.isObject() && value.size() == 1 && value.has("$in") && value.get("$in").isArray()) {
      List<String> out = new ArrayList<>();
      value.get("$in").forEach(v -> {
        if (!v.isTextual()) {
          throw invalid("$in takes strings");
        }
        out.add(v.asText());
      });
      if (out.isEmpty()) {
        throw invalid("$in must not be empty");
      }
      return out;
    }
    throw invalid("unsupported operator");
  }

  private static UserQuery.Text text(String field, JsonNode value) {
    if (!TEXT_FIELDS.contains(field)) {
      throw invalid("unsupported field " + field);
    }
    if (value.isTextual()) {
      return new UserQuery.Text(field, value.asText(), false, true);
    }
    if (value.isObject() && value.has("$regex") && value.get("$regex").isTextual()) {
      for (Iterator<String> k = value.fieldNames(); k.hasNext(); ) {
        String op = k.next();
        if (!op.equals("$regex") && !op.equals("$options")) {
          throw invalid("unsupported operator " + op);
        }
      }
      String regex = value.get("$regex").asText();
      boolean prefix = regex.startsWith("^");
      String body = prefix ? regex.substring(1) : regex;
      StringBuilder literal = new StringBuilder();
      for (int i = 0; i < body.length(); i++) {
        char c = body.charAt(i);
        if (c == '\\' && i + 1 < body.length() && !Character.isLetterOrDigit(body.charAt(i + 1))) {
          literal.append(body.charAt(++i));
        } else if (".*+?()[]{}|^$\\".indexOf(c) >= 0) {
          throw invalid("only literal (optionally ^-anchored) $regex is supported");
        } else {
          literal.append(c);
        }
      }
      return new UserQuery.Text(field, literal.toString(), prefix, false);
    }
    throw invalid("unsupported operator on " + field);
  }

  private static void requireArray(JsonNode value) {
    if (!value.isArray()) {
      throw invalid("$and/$or take an array");
    }
  }

  private static JsonNode json(String text, String errorType, String message) {
    try {
      return RcJson.rest().readTree(text);
    } catch (JsonProcessingException e) {
      throw new ParleyException.Invalid(errorType, message + ": \"" + text + "\" [" + errorType + "]");
    }
  }

  private static ParleyException invalid(String why) {
    return new ParleyException.Invalid("error-invalid-query", why + " [error-invalid-query]");
  }
}
