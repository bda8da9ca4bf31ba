package chat.parley.realtime;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's inbound frames in arrival order on virtual threads, one at a time, as
 * Meteor runs a client's methods; the socket's I/O thread is never blocked by a method.
 */
final class SerialExecutor {
  private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean();

  void execute(Runnable task) {
    tasks.add(task);
    schedule();
  }

  private void schedule() {
    if (running.compareAndSet(false, true)) {
      Thread.ofVirtual().start(this::drain);
    }
  }

  private void drain() {
    try {
      Runnable task;
      while ((task = tasks.poll()) != null) {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.error("A DDP frame handler failed", e);
        }
      }
    } finally {
      running.set(false);
      if (!tasks.isEmpty()) {
        schedule();
      }
    }
  }
}
