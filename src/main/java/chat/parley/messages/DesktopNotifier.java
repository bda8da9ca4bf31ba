package chat.parley.messages;

import chat.parley.common.Transactor;
import chat.parley.common.UserRef;
import chat.parley.events.Event;
import chat.parley.events.EventHub;
import chat.parley.rooms.Room;
import chat.parley.rooms.RoomStore;
import chat.parley.rooms.Subscription;
import chat.parley.settings.Settings;
import chat.parley.users.User;
import chat.parley.users.UserStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rocket.Chat's desktop notifications ({@code sendNotificationsOnMessage}): after a message is
 * stored, each member who should hear about it gets a {@link Event.DesktopNotification} worded
 * for them. Who: with the default preference {@code all}, every online, not busy member of a room
 * up to {@code Notifications_Max_Room_Members}; in bigger rooms only the mentioned; in threads only
 * the thread's followers and the mentioned. Never the sender, nor someone who ignores the sender.
 *
 * <p>Runs on its own thread from a bounded queue, so the commit path never waits for it; only
 * messages published on this node are handled (each node notifies for its own writes).
 */
public final class DesktopNotifier {
  private static final Logger log = LoggerFactory.getLogger(DesktopNotifier.class);
  static final int QUEUE_CAPACITY = 10_000;

  private final Transactor db;
  private final MessageStore messages;
  private final RoomStore rooms;
  private final UserStore users;
  private final Settings settings;
  private final EventHub events;
  private final BlockingQueue<Message> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);

  public DesktopNotifier(Transactor db, MessageStore messages, RoomStore rooms, UserStore users,
      Settings settings, EventHub events) {
    this.db = db;
    this.messages = messages;
    this.rooms = rooms;
    this.users = users;
    this.settings = settings;
    this.events = events;
    events.subscribeLocal(event -> {
      if (event instanceof Event.MessageCreated created && !created.message().isSystem()
          && !queue.offer(created.message())) {
        log.warn("Desktop notification queue full ({}); skipping message {}", QUEUE_CAPACITY,
            created.message().id());
      }
    });
    Thread.ofVirtual().name("desktop-notifier").start(this::run);
  }

  /** Under load, messages are handled in batches: one read transaction, one lookup per room. */
  private static final int BATCH = 256;
  /**
   * How long a batch gathers after its first message: without it, at thousands of messages a
   * second each batch held one or two messages and its room queries cost 7% of the server's CPU
   * (bench/README.md); a notification 20 ms later is not noticeable.
   */
  private static final long GATHER_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20);

  private void run() {
    List<Message> batch = new ArrayList<>(BATCH);
    while (true) {
      try {
        batch.add(queue.take());
        long deadline = System.nanoTime() + GATHER_NANOS;
        while (batch.size() < BATCH) {
          queue.drainTo(batch, BATCH - batch.size());
          long left = deadline - System.nanoTime();
          if (batch.size() >= BATCH || left <= 0) {
            break;
          }
          Message next = queue.poll(left, java.util.concurrent.TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          batch.add(next);
        }
      } catch (InterruptedException e) {
        return;
      }
      try {
        notificationsFor(batch).forEach(events::publish);
      } catch (RuntimeException e) {
        log.warn("Desktop notifications for {} messages failed", batch.size(), e);
      }
      batch.clear();
    }
  }

  /** Rocket.Chat's {@code Notifications_Max_Room_Members} (0: no limit). */
  private static boolean tooBig(Room room, int maxMembers) {
    return maxMembers != 0 && room.usersCount() > maxMembers;
  }

  /** What one batch reads per room: the room and its reachable members. */
  private record RoomFacts(Room room, List<Subscription> reachable) {}

  List<Event.DesktopNotification> notificationsFor(List<Message> batch) {
    String preference = settings.string("Accounts_Default_User_Preferences_desktopNotifications");
    if (preference.equals("nothing")) {
      return List.of();
    }
    return db.read(tx -> {
      Map<String, RoomFacts> rooms = new java.util.HashMap<>();
      List<Event.DesktopNotification> out = new ArrayList<>();
      for (Message message : batch) {
        out.addAll(notificationsFor(tx, message, preference, rooms));
      }
      return out;
    });
  }

  private List<Event.DesktopNotification> notificationsFor(chat.parley.common.Tx tx, Message message,
      String preference, Map<String, RoomFacts> seen) {
    int maxMembers = settings.integer("Notifications_Max_Room_Members");
    RoomFacts facts = seen.computeIfAbsent(message.roomId(), rid -> rooms.findById(tx, rid)
        // Only members who are online or away can be notified; usually few, often none. Rooms
        // over the limit notify only the mentioned and followers: their members are not read
        // (thousands of rows for every batch).
        .map(r -> new RoomFacts(r, tooBig(r, maxMembers) ? List.of()
            : rooms.reachableMembers(tx, rid, null)))
        .orElse(new RoomFacts(null, List.of())));
    Room room = facts.room();
    if (room == null) {
      return List.of();
    }
    boolean disableAll = tooBig(room, maxMembers);
    String senderId = message.author().id();
    Set<String> mentioned = new HashSet<>();
    boolean toAll = false;
    for (UserRef m : message.details().mentions()) {
      if (m.id().equals("all") || m.id().equals("here")) {
        toAll = true;
      } else {
        mentioned.add(m.id());
      }
    }
    boolean isThread = message.threadId() != null;
    Set<String> followers = isThread
        ? messages.findById(tx, message.threadId()).map(p -> Set.copyOf(p.details().replies()))
            .orElse(Set.of())
        : Set.of();

    // Candidates are members who are active and online or away (busy and offline hear nothing).
    List<Subscription> candidates = new ArrayList<>();
    if (!disableAll) {
      candidates.addAll(facts.reachable());
    } else {
      // Big rooms: only the mentioned and the thread's followers, filtered like reachableMembers.
      Set<String> ids = new HashSet<>(mentioned);
      ids.addAll(followers);
      Set<String> reachable = users.findByIds(tx, List.copyOf(ids)).stream()
          .filter(u -> u.active() && (u.status().equals("online") || u.status().equals("away")))
          .map(User::id).collect(Collectors.toSet());
      for (String id : reachable) {
        rooms.subscription(tx, room.id(), id).ifPresent(candidates::add);
      }
    }
    candidates.removeIf(s -> s.user().id().equals(senderId) || s.ignored().contains(senderId));
    if (candidates.isEmpty()) {
      return List.of();
    }

    boolean useRealName = settings.bool("UI_Use_Real_Name");
    UserRef sender = message.author();
    String senderName = useRealName && sender.name() != null && !sender.name().isBlank()
        ? sender.name() : sender.username();
    List<Event.DesktopNotification> out = new ArrayList<>();
    for (Subscription s : candidates) {
      String userId = s.user().id();
      boolean mentionsUser = mentioned.contains(userId);
      boolean repliesToThread = followers.contains(userId);
      if (!shouldNotify(preference, disableAll, room.isDirect(), toAll, mentionsUser,
          repliesToThread, isThread)) {
        continue;
      }
      out.add(worded(message, room, s, sender, senderName));
    }
    return out;
  }

  /** Rocket.Chat's {@code shouldNotifyDesktop} for a subscription without its own preference. */
  static boolean shouldNotify(String preference, boolean disableAll, boolean direct, boolean toAll,
      boolean mentionsUser, boolean repliesToThread, boolean isThread) {
    if (disableAll && !mentionsUser && !repliesToThread) {
      return false;
    }
    if (preference.equals("all") && (!isThread || repliesToThread)) {
      return true;
    }
    return (direct || (!disableAll && toAll) || mentionsUser) && (!isThread || repliesToThread);
  }

  /** Title and text as Rocket.Chat's room types word them ({@code getNotificationDetails}). */
  private static Event.DesktopNotification worded(Message message, Room room, Subscription s,
      UserRef sender, String senderName) {
    String text = message.text();
    String title;
    String body;
    String name;
    if (room.isDirect()) {
      String displayName = s.name() != null ? s.name() : sender.username();
      boolean group = room.uids() != null && room.uids().size() > 2;
      title = group ? displayName : senderName;
      body = group ? senderName + ": " + text : text;
      name = room.name() != null ? room.name() : displayName;
    } else {
      title = "#" + room.name();
      body = senderName + ": " + text;
      name = room.name();
    }
    return new Event.DesktopNotification(s.user().id(), title, body, message.id(), room.id(),
        message.threadId(), sender, room.type().code(), name, text, message.type());
  }
}
