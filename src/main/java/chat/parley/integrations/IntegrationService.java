package chat.parley.integrations;

import chat.parley.auth.Session;
import chat.parley.common.Ids;
import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.messages.Message;
import chat.parley.messages.MessageService;
import chat.parley.messages.SendMessage;
import chat.parley.users.User;
import chat.parley.users.UserStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Managing incoming webhooks ({@code manage-incoming-integrations}, or {@code
 * manage-own-incoming-integrations} for one's own) and receiving their posts.
 */
public final class IntegrationService {
  private final Transactor db;
  private final IntegrationStore integrations;
  private final UserStore users;
  private final MessageService messages;
  private final Clock clock;

  public IntegrationService(Transactor db, IntegrationStore integrations, UserStore users,
      MessageService messages, Clock clock) {
    this.db = db;
    this.integrations = integrations;
    this.users = users;
    this.messages = messages;
    this.clock = clock;
  }

  /** What {@code integrations.create}/{@code update} carry. */
  public record Spec(String name, boolean enabled, String username, List<String> channels,
      String alias, String avatar, String emoji, boolean overrideDestinationChannelEnabled) {}

  public Integration create(Session session, Spec spec) {
    requireManage(session);
    User postAs = validate(spec);
    Instant now = clock.instant();
    Integration integration = new Integration(Ids.newId(), Integration.INCOMING, spec.name(),
        spec.enabled(), postAs.ref(), spec.channels(), Ids.newSecret(), spec.alias(), spec.avatar(),
        spec.emoji(), spec.overrideDestinationChannelEnabled(), session.ref(), now, now);
    db.write(tx -> {
      integrations.insert(tx, integration);
      return null;
    });
    return integration;
  }

  public Integration update(Session session, String id, Spec spec) {
    Integration current = get(session, id);
    User postAs = validate(spec);
    Integration updated = new Integration(current.id(), current.type(), spec.name(), spec.enabled(),
        postAs.ref(), spec.channels(), current.token(), spec.alias(), spec.avatar(), spec.emoji(),
        spec.overrideDestinationChannelEnabled(), current.createdBy(), current.createdAt(),
        clock.instant());
    db.write(tx -> {
      integrations.update(tx, updated);
      return null;
    });
    return updated;
  }

  public Integration remove(Session session, String id) {
    Integration current = get(session, id);
    db.write(tx -> integrations.delete(tx, id));
    return current;
  }

  /** One integration, if the caller may manage it (unknown and forbidden look the same). */
  public Integration get(Session session, String id) {
    requireManage(session);
    return db.read(tx -> integrations.find(tx, id))
        .filter(i -> session.can("manage-incoming-integrations")
            || i.createdBy().id().equals(session.userId()))
        .orElseThrow(() -> new ParleyException.Invalid("error-invalid-integration",
            "Invalid integration [error-invalid-integration]"));
  }

  public Page<Integration> list(Session session, int offset, int count) {
    requireManage(session);
    String owner = session.can("manage-incoming-integrations") ? null : session.userId();
    return db.read(tx -> integrations.list(tx, owner, offset, count));
  }

  private static void requireManage(Session session) {
    if (!session.can("manage-incoming-integrations") && !session.can("manage-own-incoming-integrations")) {
      throw ParleyException.NotAllowed.unauthorized();
    }
  }

  private User validate(Spec spec) {
    if (spec.name() == null || spec.name().isBlank()) {
      throw new ParleyException.Invalid("error-invalid-name", "Invalid name [error-invalid-name]");
    }
    if (spec.channels().isEmpty() || spec.channels().stream().anyMatch(c -> c.isBlank()
        || !(c.startsWith("#") || c.startsWith("@")))) {
      throw new ParleyException.Invalid("error-invalid-channel",
          "Invalid Channel [error-invalid-channel]");
    }
    return db.read(tx -> users.findByUsername(tx, spec.username())).orElseThrow(() ->
        new ParleyException.Invalid("error-invalid-user", "Invalid user [error-invalid-user]"));
  }

  /**
   * {@code POST /hooks/{id}/{token}}: posts as the integration's user. A wrong id or token, or a
   * disabled hook, is refused before anything is read from the payload.
   */
  public List<Message> receive(String id, String token, IncomingWebhook hook) {
    Integration integration = db.read(tx -> integrations.find(tx, id))
        .filter(i -> Integration.INCOMING.equals(i.type()))
        .filter(i -> MessageDigest.isEqual(i.token().getBytes(StandardCharsets.UTF_8),
            String.valueOf(token).getBytes(StandardCharsets.UTF_8)))
        .orElseThrow(() -> new ParleyException.Unauthenticated("error-invalid-integration",
            "Invalid integration id or token provided."));
    if (!integration.enabled()) {
      throw new ParleyException.Overloaded("Integration disabled");
    }
    if ((hook.text() == null || hook.text().isBlank())
        && (hook.attachments() == null || hook.attachments().isEmpty())) {
      throw new ParleyException.Invalid("error-invalid-payload", "Empty message: give text or attachments");
    }
    List<String> targets = integration.channels();
    if (!hook.channels().isEmpty()) {
      if (!integration.overrideDestinationChannelEnabled()) {
        throw new ParleyException.Invalid("error-invalid-channel",
            "overriding destination channel is disabled for this integration");
      }
      targets = hook.channels();
    }
    User postAs = db.read(tx -> users.findById(tx, integration.postAs().id())).filter(User::active)
        .orElseThrow(() -> new ParleyException.Invalid("error-invalid-user", "Invalid user [error-invalid-user]"));
    Session session = new Session(postAs.id(), postAs.username(), postAs.name(), postAs.roles(), null);
    SendMessage cmd = new SendMessage(null, null, hook.text() == null ? "" : hook.text(),
        first(hook.alias(), integration.alias()), first(hook.emoji(), integration.emoji()),
        first(hook.avatar(), integration.avatar()), hook.attachments(), hook.customFields(), false,
        hook.attachments() == null, hook.threadId(), false);
    List<Message> sent = new ArrayList<>();
    for (String target : targets) {
      sent.add(messages.postAsIntegration(session, target, cmd));
    }
    return sent;
  }

  private static String first(String a, String b) {
    return a != null && !a.isBlank() ? a : b;
  }
}
