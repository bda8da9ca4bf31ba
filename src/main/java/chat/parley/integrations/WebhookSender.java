package chat.parley.integrations;

import java.io.IOException;
import java.util.Map;

/**
 * Posts an outgoing webhook's payload as JSON and reads the answer; implemented over HTTP outside
 * this package (it knows no JSON). Implementations time out and never follow redirects.
 */
public interface WebhookSender extends AutoCloseable {
  /**
   * @param json the answer's body parsed as a JSON object when its content type is JSON (as
   *     Rocket.Chat reads it), else null
   */
  record Reply(int status, String body, Map<String, Object> json) {}

  Reply post(String url, Map<String, Object> payload) throws IOException, InterruptedException;

  /** Abandons calls in flight; called once at shutdown. */
  @Override
  default void close() {}
}
