package chat.parley.mail;

import chat.parley.settings.Settings;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends mail off the request path: callers {@link #submit} a job to a bounded queue and return at
 * once; one worker thread composes each mail (the job may read the database) and delivers it over
 * SMTP, reusing the connection while more mail waits when {@code SMTP_Pool} is on. A temporary
 * failure (connection, 4xx) is retried after {@link #RETRY_DELAYS}; a permanent one (5xx) is
 * logged and dropped. A full queue drops the job and logs it. Nothing reaches the caller.
 */
public final class MailSender implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MailSender.class);
  static final int QUEUE_SIZE = 1_000;
  static final List<Duration> RETRY_DELAYS = List.of(Duration.ofSeconds(10), Duration.ofMinutes(1),
      Duration.ofMinutes(5));
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private record Task(Supplier<Optional<Mail>> compose, Mail composed, int attempt) {}

  private final Settings settings;
  private final Clock clock;
  private final SSLSocketFactory tls;
  private final String heloName;
  private final BlockingQueue<Task> queue;
  private final List<Duration> retryDelays;
  private final ScheduledExecutorService retries;
  private final Thread worker;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean closed;
  private SmtpClient connection;
  private SmtpConfig connectionConfig;

  public MailSender(Settings settings, Clock clock, String heloName) {
    this(settings, clock, heloName, (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  /** As above with the given TLS trust (tests trust their own certificate). */
  public MailSender(Settings settings, Clock clock, String heloName, SSLSocketFactory tls) {
    this(settings, clock, heloName, tls, RETRY_DELAYS, QUEUE_SIZE);
  }

  MailSender(Settings settings, Clock clock, String heloName, SSLSocketFactory tls,
      List<Duration> retryDelays, int queueSize) {
    this.queue = new ArrayBlockingQueue<>(queueSize);
    this.retryDelays = List.copyOf(retryDelays);
    this.settings = settings;
    this.clock = clock;
    this.tls = tls;
    this.heloName = heloName == null || heloName.isBlank() ? "localhost" : heloName;
    this.retries = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("parley-mail-retry").daemon(true).factory());
    this.worker = Thread.ofVirtual().name("parley-mail").start(this::run);
  }

  /** True when {@code SMTP_Host} is set: mail is on. */
  public boolean configured() {
    return SmtpConfig.from(settings).configured();
  }

  /**
   * Queues a job that composes one mail (or none) on the mail thread and sends it. Returns false,
   * doing nothing, when mail is off, the sender is closed or the queue is full.
   */
  public boolean submit(Supplier<Optional<Mail>> job) {
    if (closed || !configured()) {
      return false;
    }
    if (!queue.offer(new Task(job, null, 0))) {
      log.warn("Mail queue full ({} waiting): a mail was dropped", queue.size());
      return false;
    }
    return true;
  }

  /** Queues one ready mail; see {@link #submit}. */
  public boolean send(Mail mail) {
    return submit(() -> Optional.of(mail));
  }

  /** Mails delivered and mails given up on since start (for logs and tests). */
  public long sentCount() {
    return sent.get();
  }

  public long failedCount() {
    return failed.get();
  }

  private void run() {
    while (!closed) {
      Task task;
      try {
        task = connection == null ? queue.take() : queue.poll();
      } catch (InterruptedException e) {
        break;
      }
      if (task == null) {
        disconnect(); // pooled connection idle: the queue is empty
        continue;
      }
      Mail mail = task.composed();
      if (mail == null) {
        try {
          mail = task.compose().get().orElse(null);
        } catch (RuntimeException e) {
          log.error("Composing a mail failed", e);
          continue;
        }
      }
      if (mail != null) {
        deliver(mail, task.attempt());
      }
    }
    disconnect();
  }

  private void deliver(Mail mail, int attempt) {
    SmtpConfig config = SmtpConfig.from(settings);
    if (!config.configured()) {
      log.info("SMTP is no longer configured: a mail to {} was dropped", redact(mail.to()));
      return;
    }
    try {
      if (connection == null || !config.equals(connectionConfig)) {
        disconnect();
        connection = SmtpClient.open(config, tls, heloName, CONNECT_TIMEOUT, READ_TIMEOUT);
        connectionConfig = config;
      }
      String message = MimeFormat.format(settings.string("Site_Name"), config.sender(), mail,
          clock.instant(), chat.parley.common.Ids.newId() + "@" + heloName,
          "parley-" + chat.parley.common.Ids.newId());
      connection.send(config.sender(), mail.to(), message);
      sent.incrementAndGet();
      log.info("Mail \"{}\" sent to {} via {}", mail.subject(), redact(mail.to()), config);
      if (!config.pool()) {
        disconnect();
      }
    } catch (IOException | RuntimeException e) {
      disconnect();
      boolean permanent = e instanceof SmtpClient.SmtpException s && s.permanent;
      if (!permanent && attempt < retryDelays.size() && !closed) {
        Duration delay = retryDelays.get(attempt);
        log.warn("Mail to {} via {} failed ({}); retry {} in {}s", redact(mail.to()), config,
            e.getMessage(), attempt + 1, delay.toSeconds());
        Task retry = new Task(null, mail, attempt + 1);
        retries.schedule(() -> {
          if (!queue.offer(retry)) {
            failed.incrementAndGet();
            log.warn("Mail queue full: a retried mail to {} was dropped", redact(mail.to()));
          }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
      } else {
        failed.incrementAndGet();
        log.error("Mail to {} via {} failed for good after {} attempt(s): {}", redact(mail.to()),
            config, attempt + 1, e.getMessage());
      }
    }
  }

  private void disconnect() {
    if (connection != null) {
      connection.close();
      connection = null;
      connectionConfig = null;
    }
  }

  /** Logs name the domain, not the person. */
  private static String redact(String address) {
    int at = address.lastIndexOf('@');
    return at < 0 ? "***" : address.charAt(0) + "***" + address.substring(at);
  }

  /** Stops the worker; mail still queued is dropped (and counted in the log). */
  @Override
  public void close() {
    closed = true;
    retries.shutdownNow();
    worker.interrupt();
    int left = queue.size();
    queue.clear();
    if (left > 0) {
      log.warn("Stopping with {} mail(s) unsent", left);
    }
  }
}
