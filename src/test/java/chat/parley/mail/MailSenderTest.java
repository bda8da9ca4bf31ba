package chat.parley.mail;

import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.common.Transactor;
import chat.parley.common.Tx;
import chat.parley.settings.SettingStore;
import chat.parley.settings.Settings;
import chat.parley.testing.SmtpSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

/** The mail queue: retries temporary failures, drops permanent ones, refuses work when off or full. */
class MailSenderTest {
  /** Settings over an in-memory store (the queue needs no database). */
  static Settings settings(Map<String, String> values) {
    Map<String, String> stored = new HashMap<>(values);
    Transactor db = new Transactor() {
      @Override
      public <T> T write(Function<Tx, T> work) {
        return work.apply(null);
      }

      @Override
      public <T> T read(Function<Tx, T> work) {
        return work.apply(null);
      }
    };
    SettingStore store = new SettingStore() {
      @Override
      public Map<String, String> all(Tx tx) {
        return stored;
      }

      @Override
      public void put(Tx tx, String id, String value, Instant at) {
        stored.put(id, value);
      }
    };
    return Settings.load(db, store, Map.of(), Clock.systemUTC());
  }

  static MailSender sender(Settings settings, int queueSize) {
    return new MailSender(settings, Clock.systemUTC(), "parley.test",
        (SSLSocketFactory) SSLSocketFactory.getDefault(), List.of(Duration.ofMillis(50)), queueSize);
  }

  @Test
  void a_temporary_failure_is_retried_and_a_permanent_one_is_dropped() {
    try (SmtpSink sink = new SmtpSink();
        MailSender mail = sender(settings(Map.of("SMTP_Host", "127.0.0.1",
            "SMTP_Port", String.valueOf(sink.port()))), 10)) {
      sink.failOnce.add("later@example.com");
      sink.refuse.add("never@example.com");
      assertThat(mail.send(new Mail("never@example.com", "s", null, "t"))).isTrue();
      assertThat(mail.send(new Mail("later@example.com", "s", "<p>h</p>", "h"))).isTrue();
      SmtpSink.Received r = sink.await("later@example.com", 10);
      assertThat(r.headers().get("from")).isEqualTo("Parley <no-reply@127.0.0.1>");
      // One worker sends in order: once a later mail has arrived, the counts above are final.
      mail.send(new Mail("after@example.com", "s", null, "t"));
      sink.await("after@example.com", 10);
      assertThat(mail.sentCount()).isGreaterThanOrEqualTo(1);
      assertThat(mail.failedCount()).isEqualTo(1);
      assertThat(sink.receivedBy("never@example.com")).isEmpty();
    }
  }

  @Test
  void nothing_is_queued_when_mail_is_off_and_a_full_queue_refuses_more() throws Exception {
    try (MailSender off = sender(settings(Map.of()), 10)) {
      assertThat(off.configured()).isFalse();
      assertThat(off.send(new Mail("a@example.com", "s", null, "t"))).isFalse();
    }
    try (SmtpSink sink = new SmtpSink();
        MailSender mail = sender(settings(Map.of("SMTP_Host", "127.0.0.1",
            "SMTP_Port", String.valueOf(sink.port()))), 2)) {
      CountDownLatch composing = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      // The worker holds the first job, so the next two fill the queue and the fourth is refused.
      assertThat(mail.submit(() -> {
        composing.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return Optional.of(new Mail("first@example.com", "s", null, "t"));
      })).isTrue();
      assertThat(composing.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(mail.send(new Mail("second@example.com", "s", null, "t"))).isTrue();
      assertThat(mail.send(new Mail("third@example.com", "s", null, "t"))).isTrue();
      assertThat(mail.send(new Mail("fourth@example.com", "s", null, "t"))).isFalse();
      release.countDown();
      sink.await("third@example.com", 10);
      assertThat(sink.receivedBy("first@example.com")).hasSize(1);
      assertThat(sink.receivedBy("fourth@example.com")).isEmpty();
    }
  }
}
