package chat.parley.rest;

import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.mail.MailSender;
import chat.parley.settings.Settings;
import chat.parley.users.AccountLinks;
import chat.parley.users.StatisticsService;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What needs mail or reports on the workspace (issue #6): {@code users.forgotPassword}, {@code
 * users.sendConfirmationEmail}, {@code smtp.check}, {@code statistics}, {@code statistics.list}.
 * The reset and verification links are redeemed over DDP ({@code resetPassword}, {@code
 * verifyEmail}).
 */
final class MailRoutes {
  private final AccountLinks links;
  private final StatisticsService statistics;
  private final MailSender mail;
  private final Paging paging;

  MailRoutes(AccountLinks links, StatisticsService statistics, MailSender mail, Settings settings) {
    this.links = links;
    this.statistics = statistics;
    this.mail = mail;
    this.paging = new Paging(settings);
  }

  void register(Api api) {
    api.publicPost("users.forgotPassword", req -> {
      JsonNode email = req.body().get("email");
      if (email == null || !email.isTextual() || email.asText().isEmpty()) {
        throw new ParleyException.Invalid(null, "The 'email' param is required");
      }
      // Rocket.Chat answers success whether or not the address is known (and whether mail is on).
      links.forgotPassword(email.asText());
      return Map.of();
    });
    api.post("users.sendConfirmationEmail", req -> {
      req.allowOnly(req.body(), Set.of("email"));
      String email = req.requiredString(req.body(), "email");
      if (!links.sendConfirmation(req.session(), email)) {
        throw new ParleyException.Invalid(null, null); // Rocket.Chat's bare API.v1.failure()
      }
      return Map.of();
    });
    api.get("smtp.check", req -> Map.of("isSMTPConfigured", mail.configured()));
    api.get("statistics", req -> {
      String refresh = req.query("refresh");
      if (refresh != null && !refresh.equals("true") && !refresh.equals("false")) {
        throw RestErrors.invalidQuery("must be equal to one of the allowed values");
      }
      return statistics.latest(req.session(), "true".equals(refresh));
    });
    api.get("statistics.list", req -> {
      Paging.Window w = paging.of(req);
      boolean newestFirst = newestFirst(req.query("sort"));
      if (req.query("query") != null && !req.query("query").isBlank()
          && !req.query("query").replaceAll("\\s", "").equals("{}")) {
        throw new ParleyException.Invalid("error-invalid-query",
            "Statistics can only be listed whole; 'query' must be {} [error-invalid-query]");
      }
      UserListQuery.Fields fields = UserListQuery.fields(req.query("fields"));
      Page<Map<String, Object>> page = statistics.list(req.session(), w.offset(), w.count(), newestFirst);
      List<Map<String, Object>> items = page.items().stream()
          .map(s -> fields.apply(new LinkedHashMap<>(s))).toList();
      return Paging.page("statistics", items, w.offset(), page.total());
    });
  }

  /** {@code sort}: {@code {"createdAt": 1}} (the default, oldest first) or {@code -1}. */
  private static boolean newestFirst(String sort) {
    if (sort == null || sort.isBlank()) {
      return false;
    }
    JsonNode node;
    try {
      node = chat.parley.wire.RcJson.rest().readTree(sort);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ParleyException.Invalid("error-invalid-sort", "Invalid sort parameter provided [error-invalid-sort]");
    }
    if (node == null || !node.isObject() || node.size() != 1 || !node.has("createdAt")
        || !(node.get("createdAt").asInt() == 1 || node.get("createdAt").asInt() == -1)) {
      throw new ParleyException.Invalid("error-invalid-sort",
          "Statistics sort by {\"createdAt\": 1 or -1} [error-invalid-sort]");
    }
    return node.get("createdAt").asInt() == -1;
  }
}
