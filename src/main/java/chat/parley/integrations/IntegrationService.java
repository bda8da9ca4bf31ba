package chat.parley.integrations;

import chat.parley.auth.Session;
import chat.parley.common.Ids;
import chat.parley.common.Page;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.messages.Message;
import chat.parley.messages.MessageService;
import chat.parley.messages.SendMessage;
import chat.parley.rooms.RoomStore;
import chat.parley.users.User;
import chat.parley.users.UserStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Managing integrations ({@code manage-incoming-integrations} / {@code
 * manage-outgoing-integrations}, or the {@code manage-own-*} variants for one's own), receiving
 * incoming webhooks' posts and reading outgoing webhooks' delivery history.
 */
public final class IntegrationService {
  private final Transactor db;
  private final IntegrationStore integrations;
  private final HistoryStore history;
  private final UserStore users;
  private final MessageService messages;
  private final OutgoingValidation outgoingValidation;
  private final OutgoingWebhooks outgoing;
  private final Clock clock;

  public IntegrationService(Transactor db, IntegrationStore integrations, HistoryStore history,
      UserStore users, RoomStore rooms, MessageService messages, OutgoingWebhooks outgoing,
      Clock clock) {
    this.db = db;
    this.integrations = integrations;
    this.history = history;
    this.users = users;
    this.messages = messages;
    this.outgoingValidation = new OutgoingValidation(rooms, users);
    this.outgoing = outgoing;
    this.clock = clock;
  }

  private volatile chat.parley.permissions.Permissions permissions =
      chat.parley.permissions.Permissions.defaults();

  /** The server's live permission table, for the sessions incoming webhooks post with. */
  public void usePermissions(chat.parley.permissions.Permissions table) {
    this.permissions = table;
  }

  /** What {@code integrations.create}/{@code update} carry. */
  public record Spec(String name, boolean enabled, String username, List<String> channels,
      String alias, String avatar, String emoji, boolean overrideDestinationChannelEnabled) {}

  public Integration create(Session session, Spec spec) {
    requireManage(session, Integration.INCOMING);
    User postAs = validate(spec);
    Instant now = clock.instant();
    Integration integration = new Integration(Ids.newId(), Integration.INCOMING, spec.name(),
        spec.enabled(), postAs.ref(), spec.channels(), Ids.newSecret(), spec.alias(), spec.avatar(),
        spec.emoji(), spec.overrideDestinationChannelEnabled(), session.ref(), now, now, null);
    db.write(tx -> {
      integrations.insert(tx, integration);
      return null;
    });
    return integration;
  }

  public Integration update(Session session, String id, Spec spec) {
    Integration current = get(session, id);
    if (current.isOutgoing()) {
      throw noIntegration();
    }
    User postAs = validate(spec);
    Integration updated = new Integration(current.id(), current.type(), spec.name(), spec.enabled(),
        postAs.ref(), spec.channels(), current.token(), spec.alias(), spec.avatar(), spec.emoji(),
        spec.overrideDestinationChannelEnabled(), current.createdBy(), current.createdAt(),
        clock.instant(), null);
    db.write(tx -> {
      integrations.update(tx, updated);
      return null;
    });
    return updated;
  }

  /** Removes an integration and, for an outgoing webhook, its history. */
  public Integration remove(Session session, String id) {
    Integration current = get(session, id);
    db.write(tx -> {
      history.deleteAll(tx, id);
      return integrations.delete(tx, id);
    });
    if (current.isOutgoing()) {
      outgoing.reload();
    }
    return current;
  }

  /** One integration, if the caller may manage it (unknown and forbidden look the same). */
  public Integration get(Session session, String id) {
    if (!canManageAny(session)) {
      throw ParleyException.NotAllowed.unauthorized();
    }
    return db.read(tx -> integrations.find(tx, id))
        .filter(i -> mayManage(session, i))
        .orElseThrow(IntegrationService::noIntegration);
  }

  /** Rocket.Chat's {@code mountIntegrationQueryBasedOnPermissions}: all, or one's own, per type. */
  public Page<Integration> list(Session session, int offset, int count) {
    if (!canManageAny(session)) {
      throw ParleyException.NotAllowed.unauthorized();
    }
    Set<String> all = new HashSet<>();
    Set<String> own = new HashSet<>();
    for (String type : List.of(Integration.INCOMING, Integration.OUTGOING)) {
      if (session.can(Integration.managePermission(type))) {
        all.add(type);
      } else if (session.can(Integration.manageOwnPermission(type))) {
        own.add(type);
      }
    }
    return db.read(tx -> integrations.list(tx, all, own, session.userId(), offset, count));
  }

  /**
   * {@code channels.getIntegrations} / {@code groups.getIntegrations}: the integrations the caller
   * may manage (as {@link #list}) whose channel list holds one of {@code channels}, oldest first.
   * The caller has already been allowed to see the room.
   */
  public Page<Integration> forChannels(Session session, Set<String> channels, int offset,
      int count) {
    if (!canManageAny(session)) {
      throw ParleyException.NotAllowed.unauthorized();
    }
    Set<String> all = new HashSet<>();
    Set<String> own = new HashSet<>();
    for (String type : List.of(Integration.INCOMING, Integration.OUTGOING)) {
      if (session.can(Integration.managePermission(type))) {
        all.add(type);
      } else if (session.can(Integration.manageOwnPermission(type))) {
        own.add(type);
      }
    }
    List<Integration> matching = db.read(tx ->
        integrations.withChannels(tx, all, own, session.userId(), channels));
    int from = Math.min(offset, matching.size());
    int to = count <= 0 ? matching.size() : Math.min(matching.size(), from + count);
    return new Page<>(matching.subList(from, to), offset, matching.size());
  }

  private static boolean canManageAny(Session session) {
    return session.can("manage-incoming-integrations") || session.can("manage-own-incoming-integrations")
        || session.can("manage-outgoing-integrations") || session.can("manage-own-outgoing-integrations");
  }

  private static boolean mayManage(Session session, Integration i) {
    return session.can(Integration.managePermission(i.type()))
        || (i.createdBy().id().equals(session.userId())
            && session.can(Integration.manageOwnPermission(i.type())));
  }

  private static void requireManage(Session session, String type) {
    if (!session.can(Integration.managePermission(type))
        && !session.can(Integration.manageOwnPermission(type))) {
      throw ParleyException.NotAllowed.unauthorized();
    }
  }

  private static ParleyException.Invalid noIntegration() {
    return new ParleyException.Invalid("error-invalid-integration",
        "Invalid integration [error-invalid-integration]");
  }

  /** {@code integrations.create} for {@code webhook-outgoing}; a missing token is generated. */
  public Integration createOutgoing(Session session, OutgoingSpec spec) {
    requireManage(session, Integration.OUTGOING);
    Instant now = clock.instant();
    Integration created = db.write(tx -> {
      OutgoingValidation.Valid v = outgoingValidation.validate(tx, session, spec);
      String token = spec.token() == null || spec.token().isBlank() ? Ids.newSecret() : spec.token();
      Integration integration = new Integration(Ids.newId(), Integration.OUTGOING, name(spec),
          spec.enabled(), v.postAs().ref(), v.channels(), token, spec.alias(), spec.avatar(),
          spec.emoji(), false, session.ref(), now, now, v.outgoing());
      integrations.insert(tx, integration);
      return integration;
    });
    outgoing.reload();
    return created;
  }

  /** {@code integrations.update} for {@code webhook-outgoing}; the token must be given. */
  public Integration updateOutgoing(Session session, String id, OutgoingSpec spec) {
    Integration current = get(session, id);
    if (!current.isOutgoing()) {
      throw noIntegration();
    }
    Integration updated = db.write(tx -> {
      OutgoingValidation.Valid v = outgoingValidation.validate(tx, session, spec);
      if (spec.token() == null || spec.token().isBlank()) {
        throw new ParleyException.Invalid("error-invalid-token", "Invalid token [error-invalid-token]");
      }
      Integration next = new Integration(current.id(), current.type(), name(spec), spec.enabled(),
          v.postAs().ref(), v.channels(), spec.token(), spec.alias(), spec.avatar(), spec.emoji(),
          false, current.createdBy(), current.createdAt(), clock.instant(), v.outgoing());
      integrations.update(tx, next);
      return next;
    });
    outgoing.reload();
    return updated;
  }

  /**
   * Rocket.Chat's {@code clearIntegrationHistory}: every outgoing webhook for {@code
   * manage-outgoing-integrations}, one's own for {@code manage-own-outgoing-integrations}.
   */
  public void clearHistory(Session session, String integrationId) {
    Integration integration = outgoingFor(session, integrationId, "clearIntegrationHistory");
    db.write(tx -> {
      history.deleteAll(tx, integration.id());
      return null;
    });
  }

  /**
   * {@code integrations.replayOutgoing}: calls the attempt's URL again with the event rebuilt from
   * its stored data (the message, room and users as they are now), off the request path.
   */
  public void replay(Session session, String integrationId, String historyId) {
    Integration integration = outgoingFor(session, integrationId, "replayOutgoingIntegration");
    HistoryEntry entry = db.read(tx -> history.find(tx, integration.id(), historyId))
        .orElseThrow(() -> new ParleyException.Invalid("error-invalid-integration-history",
            "Invalid Integration History [error-invalid-integration-history]",
            java.util.Map.of("method", "replayOutgoingIntegration")));
    outgoing.replay(integration, entry);
  }

  private Integration outgoingFor(Session session, String integrationId, String method) {
    boolean all = session.can("manage-outgoing-integrations");
    if (!all && !session.can("manage-own-outgoing-integrations")) {
      throw new ParleyException.Invalid("not_authorized", "Unauthorized [not_authorized]",
          java.util.Map.of("method", method));
    }
    return db.read(tx -> integrations.find(tx, integrationId))
        .filter(Integration::isOutgoing)
        .filter(i -> all || i.createdBy().id().equals(session.userId()))
        .orElseThrow(() -> new ParleyException.Invalid("error-invalid-integration",
            "Invalid integration [error-invalid-integration]", java.util.Map.of("method", method)));
  }

  private static String name(OutgoingSpec spec) {
    return spec.name() == null ? "" : spec.name();
  }

  /** The id of the outgoing webhook named by id or by one of its URLs ({@code target_url}). */
  public String findOutgoing(Session session, String integrationId, String targetUrl) {
    Optional<Integration> found = targetUrl != null
        ? db.read(tx -> integrations.findOutgoingByUrl(tx, targetUrl))
        : db.read(tx -> integrations.find(tx, integrationId));
    return found.filter(Integration::isOutgoing).map(Integration::id)
        .orElseThrow(() -> new ParleyException.Invalid("error-invalid-integration", "No integration found."));
  }

  /**
   * {@code integrations.history}: an outgoing webhook's delivery attempts, newest first. Callers
   * with only {@code manage-own-outgoing-integrations} see their own webhooks' history; an
   * integration they may not see has an empty history, as in Rocket.Chat.
   */
  public Page<HistoryEntry> history(Session session, String integrationId, int offset, int count) {
    requireManage(session, Integration.OUTGOING);
    boolean visible = db.read(tx -> integrations.find(tx, integrationId))
        .filter(i -> session.can("manage-outgoing-integrations")
            || i.createdBy().id().equals(session.userId()))
        .isPresent();
    if (!visible) {
      return new Page<>(List.of(), offset, 0);
    }
    return db.read(tx -> history.page(tx, integrationId, offset, count));
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
    Session session = new Session(postAs.id(), postAs.username(), postAs.name(), postAs.roles(), null,
        permissions);
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
