package chat.parley.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.parley.common.UserRef;
import chat.parley.config.Config;
import chat.parley.messages.HistoryQuery;
import chat.parley.messages.Message;
import chat.parley.messages.MessageStore;
import chat.parley.rooms.Room;
import chat.parley.rooms.RoomType;
import chat.parley.testing.Backend;
import chat.parley.testing.TestServer;
import chat.parley.users.User;
import chat.parley.users.UserStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every database behind the stores must do, specified once and run on SQLite and
 * PostgreSQL (Mattermost's storetest idea).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreContract {
  Db db;
  final JdbcUserStore users = new JdbcUserStore();
  final JdbcRoomStore rooms = new JdbcRoomStore();
  final JdbcMessageStore messages = new JdbcMessageStore();
  final JdbcTokenStore tokens = new JdbcTokenStore();
  final AtomicInteger sequence = new AtomicInteger();

  abstract Backend backend();

  @BeforeAll
  void open() {
    db = Db.open(Config.forTests(TestServer.tempDir(), backend().freshDatabaseUrl()));
  }

  @AfterAll
  void close() {
    db.close();
  }

  private User newUser() {
    int n = sequence.incrementAndGet();
    Instant now = Instant.now();
    User user = new User("user" + n + "-" + System.nanoTime(), "user" + n, "User " + n,
        "user" + n + "@example.com", false, "hash", List.of("user"), "user", true, "offline",
        false, now, now, null);
    db.write(tx -> {
      users.insert(tx, user);
      return null;
    });
    return user;
  }

  private Room newRoom() {
    Instant now = Instant.now();
    Room room = Room.create("room" + sequence.incrementAndGet() + "-" + System.nanoTime(),
        RoomType.CHANNEL, "room-" + sequence.get(), null, now);
    db.write(tx -> {
      rooms.insert(tx, room);
      return null;
    });
    return room;
  }

  private static Message message(String id, String roomId, UserRef author, String text, Instant ts) {
    return new Message(id, roomId, ts, ts, author, text, null, null, null, null, null,
        List.of(Map.of("title", "t", "fields", List.of(Map.of("short", true)))),
        Map.of("k", "v"), null, null, false, Map.of("role", "owner"),
        chat.parley.messages.MessageDetails.NONE);
  }

  @Test
  void a_failing_write_in_a_batch_rolls_back_alone() throws Exception {
    User author = newUser();
    Room room = newRoom();
    String duplicateId = "dup-" + System.nanoTime();
    db.write(tx -> {
      messages.insert(tx, message(duplicateId, room.id(), author.ref(), "first", Instant.now()));
      return null;
    });

    int writers = 64;
    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      int n = i;
      futures.add(pool.submit(() -> {
        start.await();
        try {
          db.write(tx -> {
            String id = n % 8 == 0 ? duplicateId : "ok-" + n + "-" + System.nanoTime();
            // Two statements per job: the room counter must roll back with the failed insert.
            rooms.recordMessage(tx, room.id(), null, Instant.now());
            messages.insert(tx, message(id, room.id(), author.ref(), "m" + n, Instant.now()));
            return null;
          });
        } catch (MessageStore.DuplicateMessage e) {
          failures.add(e);
        }
        return null;
      }));
    }
    start.countDown();
    for (var f : futures) {
      f.get();
    }
    pool.close();

    assertThat(failures).hasSize(writers / 8);
    List<Message> stored = db.read(tx -> messages.history(tx,
        new HistoryQuery(room.id(), null, null, false, 0, 1000)));
    assertThat(stored).hasSize(1 + writers - writers / 8);
    Room after = db.read(tx -> rooms.findById(tx, room.id())).orElseThrow();
    assertThat(after.msgs()).isEqualTo(writers - writers / 8);
  }

  /**
   * Plain sends are tallied and written once per batch; a later job that reads the room sees
   * them, and when that job then fails, the rollback of its savepoint must not lose them.
   */
  @Test
  void tallied_sends_survive_a_failing_job_that_read_them() throws Exception {
    User author = newUser();
    Room room = newRoom();
    CountDownLatch writerBusy = new CountDownLatch(1);
    List<Long> seenByFailingJob = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      // Hold the writer so the next three jobs queue up and run as one batch, in this order.
      var blocker = pool.submit(() -> db.write(tx -> {
        writerBusy.countDown();
        sleep(400);
        return null;
      }));
      writerBusy.await();
      var first = pool.submit(() -> db.write(tx -> {
        rooms.recordSend(tx, room.id(), author.id(), "tally-1", Instant.now(), false, true);
        return null;
      }));
      sleep(60);
      var failing = pool.submit(() -> db.write(tx -> {
        seenByFailingJob.add(rooms.findById(tx, room.id()).orElseThrow().msgs());
        throw new IllegalStateException("fails after reading the room");
      }));
      sleep(60);
      var last = pool.submit(() -> db.write(tx -> {
        rooms.recordSend(tx, room.id(), author.id(), "tally-3", Instant.now(), false, true);
        return null;
      }));
      blocker.get();
      first.get();
      last.get();
      assertThatThrownBy(failing::get).hasCauseInstanceOf(IllegalStateException.class);
    }
    assertThat(seenByFailingJob).containsExactly(1L);
    Room after = db.read(tx -> rooms.findById(tx, room.id())).orElseThrow();
    assertThat(after.msgs()).isEqualTo(2);
    assertThat(after.lastMessageId()).isEqualTo("tally-3");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void messages_round_trip_with_their_documents() {
    User author = newUser();
    Room room = newRoom();
    Instant ts = Instant.ofEpochMilli(1_700_000_000_123L);
    db.write(tx -> {
      messages.insert(tx, message("rt-" + room.id(), room.id(), author.ref(), "a\nb", ts));
      return null;
    });
    Message m = db.read(tx -> messages.findById(tx, "rt-" + room.id())).orElseThrow();
    assertThat(m.text()).isEqualTo("a\nb");
    assertThat(m.ts()).isEqualTo(ts);
    assertThat(m.author()).isEqualTo(author.ref());
    assertThat(m.attachments()).hasSize(1);
    assertThat(m.attachments().get(0).get("fields")).isEqualTo(List.of(Map.of("short", true)));
    assertThat(m.customFields()).containsEntry("k", "v");
    assertThat(m.systemFields()).containsEntry("role", "owner");
  }

  @Test
  void history_orders_same_millisecond_messages_by_arrival() {
    User author = newUser();
    Room room = newRoom();
    Instant ts = Instant.now();
    db.write(tx -> {
      for (int i = 0; i < 5; i++) {
        messages.insert(tx, message(room.id() + "-" + i, room.id(), author.ref(), "n" + i, ts));
      }
      return null;
    });
    List<String> texts = db.read(tx -> messages.history(tx,
        new HistoryQuery(room.id(), null, null, false, 1, 3))).stream().map(Message::text).toList();
    assertThat(texts).containsExactly("n3", "n2", "n1");
  }

  @Test
  void usernames_and_emails_are_unique_ignoring_case() {
    User user = newUser();
    Instant now = Instant.now();
    User clash = new User("other-" + System.nanoTime(), user.username().toUpperCase(), "X",
        "x" + System.nanoTime() + "@example.com", false, "h", List.of("user"), "user", true,
        "offline", false, now, now, null);
    assertThatThrownBy(() -> db.write(tx -> {
      users.insert(tx, clash);
      return null;
    })).isInstanceOf(UserStore.DuplicateUser.class);
    assertThat(db.<java.util.Optional<User>>read(tx -> users.findByEmail(tx, user.email().toUpperCase()))).isPresent();
  }

  @Test
  void tokens_expire_and_are_bound_to_their_user() {
    User user = newUser();
    User other = newUser();
    Instant now = Instant.now();
    db.write(tx -> {
      tokens.insert(tx, "live-" + user.id(), user.id(), "login", now, now.plusSeconds(60));
      tokens.insert(tx, "dead-" + user.id(), user.id(), "login", now.minusSeconds(120),
          now.minusSeconds(60));
      tokens.insert(tx, "forever-" + user.id(), user.id(), "personalAccessToken", now, null);
      return null;
    });
    assertThat(db.<java.util.Optional<String>>read(tx -> tokens.findOwner(tx, "live-" + user.id(), user.id(), now))).contains(user.id());
    assertThat(db.<java.util.Optional<String>>read(tx -> tokens.findOwner(tx, "live-" + user.id(), other.id(), now))).isEmpty();
    assertThat(db.<java.util.Optional<String>>read(tx -> tokens.findOwner(tx, "dead-" + user.id(), user.id(), now))).isEmpty();
    assertThat(db.<java.util.Optional<String>>read(tx -> tokens.findOwner(tx, "forever-" + user.id(), user.id(),
        now.plusSeconds(1_000_000_000)))).contains(user.id());
    assertThat(db.<Integer>write(tx -> tokens.deleteExpired(tx, now))).isGreaterThanOrEqualTo(1);
  }

  @Test
  void only_the_newest_login_tokens_are_kept() {
    User user = newUser();
    Instant base = Instant.now();
    db.write(tx -> {
      for (int i = 0; i < 7; i++) {
        tokens.insert(tx, "t" + i + "-" + user.id(), user.id(), "login", base.plusMillis(i),
            base.plusSeconds(3600));
      }
      tokens.trimLoginTokens(tx, user.id(), 3);
      return null;
    });
    for (int i = 0; i < 7; i++) {
      String hashed = "t" + i + "-" + user.id();
      boolean kept = db.read(tx -> tokens.findOwner(tx, hashed, user.id(), base)).isPresent();
      assertThat(kept).as("token %d kept", i).isEqualTo(i >= 4);
    }
  }
}
