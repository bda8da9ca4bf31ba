package chat.parley.integrations;

import chat.parley.common.Ids;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.events.Event;
import chat.parley.events.EventHub;
import chat.parley.messages.Message;
import chat.parley.messages.MessageService;
import chat.parley.messages.MessageStore;
import chat.parley.rooms.Room;
import chat.parley.rooms.RoomStore;
import chat.parley.users.User;
import chat.parley.users.UserStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires outgoing webhooks, Rocket.Chat's {@code triggerHandler}: listens on the {@link EventHub}
 * like a socket, never on the request path. Events wait in a bounded queue (full: dropped and
 * counted); one dispatcher matches them to webhooks; at most {@link #CONCURRENCY} deliveries run at
 * once on virtual threads; failed calls are retried later per the webhook's {@code retryDelay};
 * every attempt leaves one history entry (at most {@link #HISTORY_KEEP} per webhook).
 */
public final class OutgoingWebhooks implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutgoingWebhooks.class);
  static final int QUEUE = 10_000;
  static final int CONCURRENCY = 16;
  static final int HISTORY_KEEP = 200;
  static final int MAX_PENDING_RETRIES = 1_000;
  private static final Set<Integer> SUCCESS = Set.of(200, 201, 202);
  private static final DateTimeFormatter ISO = DateTimeFormatter
      .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Transactor db;
  private final IntegrationStore integrations;
  private final HistoryStore history;
  private final RoomStore rooms;
  private final UserStore users;
  private final MessageService messages;
  private final MessageStore messageStore;
  private final OutgoingReplies replies;
  private final WebhookSender sender;
  private final TargetGuard guard;
  private final Clock clock;
  private final String siteUrl;

  private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE);
  private final Semaphore permits = new Semaphore(CONCURRENCY);
  private final AtomicInteger pendingRetries = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("outgoing-webhooks-timer").daemon(true).factory());
  private volatile List<Integration> enabled = List.of();
  private volatile Thread dispatcher;
  private volatile boolean closed;
  /** "integrationId/messageId" of answers being posted, so their own events do not fire them. */
  private final Set<String> ownAnswers = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public OutgoingWebhooks(Transactor db, IntegrationStore integrations, HistoryStore history,
      RoomStore rooms, UserStore users, MessageService messages, MessageStore messageStore,
      WebhookSender sender, TargetGuard guard, Clock clock, String siteUrl) {
    this.db = db;
    this.integrations = integrations;
    this.history = history;
    this.rooms = rooms;
    this.users = users;
    this.messages = messages;
    this.messageStore = messageStore;
    this.replies = new OutgoingReplies(db, users, messages);
    this.sender = sender;
    this.guard = guard;
    this.clock = clock;
    this.siteUrl = siteUrl.replaceAll("/+$", "");
  }

  /** The server's live permission table, for the sessions replies are posted with. */
  public void usePermissions(chat.parley.permissions.Permissions table) {
    replies.permissions = table;
  }

  /** Loads the webhooks, subscribes to {@code hub} and starts the dispatcher. */
  public void start(EventHub hub) {
    reload();
    // Local events only: in a cluster every node sees every event, but one node must deliver it.
    hub.subscribeLocal(this::onEvent);
    dispatcher = Thread.ofVirtual().name("outgoing-webhooks").start(this::dispatch);
    // Other nodes may change webhooks too: reread them now and then.
    timer.scheduleWithFixedDelay(this::reloadQuietly, 30, 30, TimeUnit.SECONDS);
  }

  /** Rereads the enabled webhooks; called after every change to an outgoing webhook. */
  public void reload() {
    enabled = db.read(integrations::outgoing).stream().filter(Integration::enabled).toList();
  }

  private void reloadQuietly() {
    try {
      reload();
    } catch (RuntimeException e) {
      log.warn("Reloading outgoing webhooks failed", e);
    }
  }

  /** Events dropped because the queue was full, since start. */
  public long dropped() {
    return dropped.get();
  }

  /** On the publisher's thread: must not block. */
  private void onEvent(Event event) {
    if (enabled.isEmpty() || !relevant(event)) {
      return;
    }
    if (!queue.offer(event) && dropped.incrementAndGet() % 1000 == 1) {
      log.warn("Outgoing webhook queue full: {} events dropped so far", dropped.get());
    }
  }

  private static boolean relevant(Event event) {
    return switch (event) {
      case Event.MessageCreated e -> true;
      case Event.MessageUpdated e -> true;
      case Event.RoomCreated e -> true;
      case Event.RoomArchived e -> true;
      case Event.UserJoinedRoom e -> true;
      case Event.UserLeftRoom e -> true;
      case Event.UserCreated e -> true;
      case Event.FileUploaded e -> true;
      default -> false;
    };
  }

  private void dispatch() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Event event = queue.take();
        handle(event);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.error("Matching an event to outgoing webhooks failed", e);
      }
    }
  }

  /** What an event carries to its webhooks: the message, room and users involved. */
  record Trigger(String event, Message message, Room room, User user, User owner, boolean edited) {}

  record Attempt(String integrationId, String url, Trigger trigger, String triggerWord, int tries) {}

  private void handle(Event event) throws InterruptedException {
    switch (event) {
      case Event.MessageCreated e -> onMessage(e.message(), false);
      case Event.MessageUpdated e -> {
        Message m = e.message();
        // Reactions, pins and thread counters update a message too; only an edit counts here.
        if (m.details().editedAt() != null && m.details().editedAt().equals(m.updatedAt())) {
          onMessage(m, true);
        }
      }
      case Event.RoomCreated e -> onRoomEvent("roomCreated", e.room(), null, e.ownerId());
      case Event.RoomArchived e -> onRoomEvent("roomArchived", e.room(), e.byUserId(), null);
      case Event.UserJoinedRoom e -> onRoomEvent("roomJoined", room(e.roomId()), e.userId(), null);
      case Event.UserLeftRoom e -> onRoomEvent("roomLeft", room(e.roomId()), e.userId(), null);
      case Event.UserCreated e -> {
        List<Integration> candidates = listening("userCreated");
        User user = candidates.isEmpty() ? null : user(e.userId());
        if (user != null) {
          fire(candidates, new Trigger("userCreated", null, null, user, null, false));
        }
      }
      case Event.FileUploaded e -> onFileUploaded(e.message());
      default -> { }
    }
  }

  /**
   * fileUploaded: the message that shares the file, with its room and uploader, through the
   * channel filters (Rocket.Chat's {@code afterFileUpload} callback).
   */
  private void onFileUploaded(Message message) throws InterruptedException {
    List<Integration> candidates = listening("fileUploaded").stream()
        .filter(i -> !i.postAs().id().equals(message.author().id()))
        .toList();
    if (candidates.isEmpty()) {
      return;
    }
    Room room = room(message.roomId());
    User user = user(message.author().id());
    if (room == null || user == null) {
      return;
    }
    fire(OutgoingMatch.matching(candidates, room, message),
        new Trigger("fileUploaded", message, room, user, null, false));
  }

  private List<Integration> listening(String event) {
    return enabled.stream().filter(i -> event.equals(i.outgoing().event())).toList();
  }

  private Room room(String id) {
    return db.read(tx -> rooms.findById(tx, id)).orElse(null);
  }

  private User user(String id) {
    return id == null ? null : db.read(tx -> users.findById(tx, id)).orElse(null);
  }

  /**
   * roomCreated/roomArchived call every such webhook (their channel is not used); roomJoined and
   * roomLeft go through the channel filters like messages.
   */
  private void onRoomEvent(String event, Room room, String userId, String ownerId)
      throws InterruptedException {
    List<Integration> candidates = listening(event);
    if (candidates.isEmpty() || room == null) {
      return;
    }
    if (OutgoingValidation.EVENTS.get(event).channel()) {
      candidates = OutgoingMatch.matching(candidates, room, null);
    }
    User user = user(userId);
    User owner = user(ownerId);
    if ((userId != null && user == null) || (ownerId != null && owner == null)) {
      return;
    }
    fire(candidates, new Trigger(event, null, room, user, owner, false));
  }

  private void onMessage(Message message, boolean edited) throws InterruptedException {
    if (message.isSystem()) {
      return;
    }
    List<Integration> candidates = enabled.stream()
        .filter(i -> "sendMessage".equals(i.outgoing().event()))
        // A webhook never reacts to its own answers: they would call it again, forever.
        .filter(i -> !ownAnswers.remove(i.id() + "/" + message.id()))
        .toList();
    if (candidates.isEmpty()) {
      return;
    }
    Room room = db.read(tx -> rooms.findById(tx, message.roomId())).orElse(null);
    if (room == null) {
      return;
    }
    fire(OutgoingMatch.matching(candidates, room, message),
        new Trigger("sendMessage", message, room, null, null, edited));
  }

  /**
   * Calls each webhook's URLs for {@code trigger}, after the checks that need no network (trigger
   * words, edits), here on the dispatcher so that events are decided in order.
   */
  private void fire(List<Integration> webhooks, Trigger trigger) throws InterruptedException {
    for (Integration integration : webhooks) {
      String word = OutgoingMatch.admit(integration, trigger);
      if (word == null) {
        continue;
      }
      for (String url : integration.outgoing().urls()) {
        submit(new Attempt(integration.id(), url, trigger, word.isEmpty() ? null : word, 0));
      }
    }
  }

  /**
   * Rocket.Chat's {@code replay}: calls {@code entry}'s URL again for its event, rebuilt from the
   * ids in its stored payload (the message, room and users as they are now), on a virtual thread.
   */
  public void replay(Integration integration, HistoryEntry entry) {
    if (!(entry.fields().get("url") instanceof String url)
        || !(entry.fields().get("event") instanceof String event)
        || !OutgoingValidation.EVENTS.containsKey(event)
        || !(entry.fields().get("data") instanceof Map<?, ?> data)) {
      return;
    }
    Thread.ofVirtual().name("outgoing-webhook-replay").start(() -> {
      try {
        Message message = data.get("message_id") instanceof String id
            ? db.read(tx -> messageStore.findById(tx, id)).orElse(null) : null;
        Room room = data.get("channel_id") instanceof String id ? room(id) : null;
        User user = data.get("user_id") instanceof String id ? user(id) : null;
        User owner = data.get("owner") instanceof Map<?, ?> o && o.get("_id") instanceof String id
            ? user(id) : null;
        boolean complete = switch (event) {
          case "sendMessage" -> message != null && room != null;
          case "roomCreated" -> room != null && owner != null;
          case "userCreated" -> user != null;
          case "fileUploaded" -> message != null && room != null && user != null;
          default -> room != null && user != null;
        };
        Trigger trigger = new Trigger(event, message, room, user, owner,
            message != null && message.details().editedAt() != null);
        String word = complete ? OutgoingMatch.admit(integration, trigger) : null;
        if (word != null) {
          submit(new Attempt(integration.id(), url, trigger, word.isEmpty() ? null : word, 0));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        log.error("Replaying an outgoing webhook failed", e);
      }
    });
  }

  /** Waits for a delivery slot (the dispatcher stalls, the bounded queue absorbs), then runs. */
  private void submit(Attempt attempt) throws InterruptedException {
    if (closed) {
      return;
    }
    permits.acquire();
    try {
      Thread.ofVirtual().name("outgoing-webhook").start(() -> {
        try {
          deliver(attempt);
        } catch (RuntimeException e) {
          log.error("An outgoing webhook delivery failed", e);
        } finally {
          permits.release();
        }
      });
    } catch (RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  private Integration current(String id) {
    for (Integration i : enabled) {
      if (i.id().equals(id)) {
        return i;
      }
    }
    return null;
  }

  /** One call of one URL: Rocket.Chat's {@code executeTriggerUrl}, minus scripts. */
  private void deliver(Attempt attempt) {
    Integration integration = current(attempt.integrationId());
    if (integration == null) {
      return; // removed or disabled since: Rocket.Chat stops too
    }
    Integration.Outgoing o = integration.outgoing();
    Trigger t = attempt.trigger();
    String word = attempt.triggerWord();
    Instant started = clock.instant();
    Map<String, Object> data = OutgoingPayload.of(integration, t, word, siteUrl);
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("type", "outgoing-webhook");
    h.put("event", t.event());
    h.put("data", data);
    if (word != null) {
      h.put("triggerWord", word);
    }
    h.put("ranPrepareScript", true);
    h.put("url", attempt.url());
    h.put("httpCallData", data);
    String refusal = guard.refusal(attempt.url());
    if (refusal != null) {
      h.put("step", "refused-target-address");
      h.put("error", true);
      h.put("errorStack", refusal);
      h.put("finished", true);
      record(integration, started, h);
      return;
    }
    WebhookSender.Reply reply;
    try {
      reply = sender.post(attempt.url(), data);
    } catch (IOException e) {
      h.put("httpError", Map.of("message", describe(e)));
      retryOrGiveUp(attempt, o, h);
      record(integration, started, h);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    String content = reply.body() == null ? "" : reply.body();
    h.put("httpResult", content);
    if (content.isEmpty() || !SUCCESS.contains(reply.status())) {
      if (!content.isEmpty() && reply.status() == 410) {
        h.put("step", "after-process-http-status-410");
        h.put("error", true);
        disable(integration);
      } else if (!content.isEmpty() && reply.status() == 500) {
        h.put("step", "after-process-http-status-500");
        h.put("error", true);
      } else {
        retryOrGiveUp(attempt, o, h);
      }
      record(integration, started, h);
      return;
    }
    h.put("step", "after-http-call");
    Map<String, Object> json = reply.json();
    if (json != null && (truthy(json.get("text")) || truthy(json.get("attachments")))) {
      try {
        String answerId = Ids.newId();
        String key = integration.id() + "/" + answerId;
        if (ownAnswers.size() > MAX_PENDING_RETRIES * 10) {
          ownAnswers.clear(); // bounded: answers whose event never came (failed posts) pile up
        }
        ownAnswers.add(key);
        try {
          h.put("resultMessage", replies.post(integration, t, data, json, answerId));
        } catch (RuntimeException e) {
          ownAnswers.remove(key);
          throw e;
        }
        h.put("step", "url-response-sent-message");
      } catch (ParleyException e) {
        h.put("step", "after-http-call-send-message-failed");
        h.put("errorStack", e.getMessage());
      }
      h.put("finished", true);
    }
    record(integration, started, h);
  }

  private static boolean truthy(Object value) {
    return value != null && !(value instanceof String s && s.isEmpty())
        && !(value instanceof Boolean b && !b);
  }

  private void retryOrGiveUp(Attempt attempt, Integration.Outgoing o, Map<String, Object> h) {
    h.put("error", true);
    if (!o.retryFailedCalls() || o.retryCount() <= 0) {
      h.put("step", "failed-and-not-configured-to-retry");
      return;
    }
    if (attempt.tries() >= o.retryCount()) {
      h.put("step", "too-many-retries");
      return;
    }
    if (pendingRetries.incrementAndGet() > MAX_PENDING_RETRIES) {
      pendingRetries.decrementAndGet();
      h.put("step", "retry-queue-full");
      return;
    }
    h.put("step", "going-to-retry-" + (attempt.tries() + 1));
    Attempt next = new Attempt(attempt.integrationId(), attempt.url(), attempt.trigger(),
        attempt.triggerWord(), attempt.tries() + 1);
    timer.schedule(() -> Thread.ofVirtual().start(() -> {
      pendingRetries.decrementAndGet();
      try {
        submit(next);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }), retryDelayMillis(o.retryDelay(), attempt.tries()), TimeUnit.MILLISECONDS);
  }

  /** Rocket.Chat's back-off: 0.1 s, 1 s, 10 s...; 2, 4, 8 s...; or 2, 4, 6 s... */
  static long retryDelayMillis(String retryDelay, int tries) {
    return switch (retryDelay) {
      case "powers-of-two" -> (long) Math.pow(2, tries + 1) * 1000;
      case "increments-of-two" -> (tries + 1) * 2000L;
      default -> (long) Math.min(Math.pow(10, tries + 2), TimeUnit.DAYS.toMillis(2));
    };
  }

  private static String describe(IOException e) {
    String kind = e instanceof java.net.http.HttpTimeoutException ? "Timeout" : e.getClass().getSimpleName();
    return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
  }

  private void disable(Integration integration) {
    db.write(tx -> {
      integrations.find(tx, integration.id()).ifPresent(current -> integrations.update(tx,
          new Integration(current.id(), current.type(), current.name(), false, current.postAs(),
              current.channels(), current.token(), current.alias(), current.avatar(),
              current.emoji(), current.overrideDestinationChannelEnabled(), current.createdBy(),
              current.createdAt(), clock.instant(), current.outgoing())));
      return null;
    });
    reload();
  }

  private void record(Integration integration, Instant started, Map<String, Object> fields) {
    if (closed) {
      return; // shutting down: the database may be closing
    }
    HistoryEntry entry = new HistoryEntry(Ids.newId(), integration.id(), started, clock.instant(),
        fields);
    db.write(tx -> {
      history.insert(tx, entry, HISTORY_KEEP);
      return null;
    });
  }

  static String iso(Instant instant) {
    return instant == null ? null : ISO.format(instant);
  }

  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    sender.close();
    Thread d = dispatcher;
    if (d != null) {
      d.interrupt();
    }
  }
}
