package chat.parley.integrations;

import chat.parley.common.UserRef;
import java.time.Instant;
import java.util.List;

/**
 * An integration. An incoming webhook: outside programs post to {@code /hooks/{id}/{token}} and
 * the message appears in {@code channels} as {@code postAs}. An outgoing webhook ({@code
 * outgoing} set): Parley posts its events to outside URLs and posts their answers back as {@code
 * postAs}; its {@code channels} filter where it listens (empty means all public channels).
 */
public record Integration(
    String id,
    String type,
    String name,
    boolean enabled,
    UserRef postAs,
    List<String> channels,
    String token,
    String alias,
    String avatar,
    String emoji,
    boolean overrideDestinationChannelEnabled,
    UserRef createdBy,
    Instant createdAt,
    Instant updatedAt,
    Outgoing outgoing) {

  public static final String INCOMING = "webhook-incoming";
  public static final String OUTGOING = "webhook-outgoing";

  public Integration {
    channels = List.copyOf(channels);
  }

  public boolean isOutgoing() {
    return OUTGOING.equals(type);
  }

  /** The permission that manages every integration of this type, e.g. {@code manage-outgoing-integrations}. */
  public static String managePermission(String type) {
    return OUTGOING.equals(type) ? "manage-outgoing-integrations" : "manage-incoming-integrations";
  }

  /** The permission that manages one's own integrations of this type. */
  public static String manageOwnPermission(String type) {
    return OUTGOING.equals(type) ? "manage-own-outgoing-integrations"
        : "manage-own-incoming-integrations";
  }

  /**
   * What an outgoing webhook does, in Rocket.Chat's terms: the {@code event} it listens to, the
   * {@code urls} it calls, the {@code triggerWords} a message must start with (or contain, with
   * {@code triggerWordAnywhere}), retries ({@code retryDelay}: {@code powers-of-ten}, {@code
   * powers-of-two} or {@code increments-of-two}), and {@code targetRoom} for events without a room.
   */
  public record Outgoing(
      String event,
      List<String> urls,
      List<String> triggerWords,
      boolean triggerWordAnywhere,
      boolean runOnEdits,
      boolean impersonateUser,
      boolean retryFailedCalls,
      int retryCount,
      String retryDelay,
      String targetRoom) {

    public Outgoing {
      urls = List.copyOf(urls);
      triggerWords = triggerWords == null ? null : List.copyOf(triggerWords);
    }
  }
}
