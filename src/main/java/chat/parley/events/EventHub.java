package chat.parley.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one fan-out path: services publish here after commit; sockets, webhooks and other nodes
 * subscribe. A listener must not block: it hands the event to its own bounded queue.
 */
public final class EventHub {
  private static final Logger log = LoggerFactory.getLogger(EventHub.class);
  private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();

  public void subscribe(Consumer<Event> listener) {
    listeners.add(listener);
  }

  public void unsubscribe(Consumer<Event> listener) {
    listeners.remove(listener);
  }

  public void publish(Event event) {
    for (Consumer<Event> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        log.error("An event listener failed on {}", event.getClass().getSimpleName(), e);
      }
    }
  }
}
