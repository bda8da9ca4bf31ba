package chat.parley.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one fan-out path: services publish here after commit; sockets, webhooks and other nodes
 * subscribe. A listener must not block: it hands the event to its own bounded queue.
 *
 * <p>In a cluster, events published on another node arrive through {@link #deliverFromPeer}:
 * they reach {@link #subscribe} listeners (sockets, caches) but not {@link #subscribeLocal} ones
 * (the cluster bus itself, and work that must happen once per event, such as notifications).
 */
public final class EventHub {
  private static final Logger log = LoggerFactory.getLogger(EventHub.class);
  private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Event>> localListeners = new CopyOnWriteArrayList<>();

  /** Every event, whichever node it was published on. */
  public void subscribe(Consumer<Event> listener) {
    listeners.add(listener);
  }

  /** Only events published on this node. */
  public void subscribeLocal(Consumer<Event> listener) {
    localListeners.add(listener);
  }

  public void unsubscribe(Consumer<Event> listener) {
    listeners.remove(listener);
    localListeners.remove(listener);
  }

  public void publish(Event event) {
    deliver(localListeners, event);
    deliver(listeners, event);
  }

  /** An event another node published, relayed by the cluster bus. */
  public void deliverFromPeer(Event event) {
    deliver(listeners, event);
  }

  private static void deliver(List<Consumer<Event>> to, Event event) {
    for (Consumer<Event> listener : to) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        log.error("An event listener failed on {}", event.getClass().getSimpleName(), e);
      }
    }
  }
}
