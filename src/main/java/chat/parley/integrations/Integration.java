package chat.parley.integrations;

import chat.parley.common.UserRef;
import java.time.Instant;
import java.util.List;

/**
 * An incoming webhook: outside programs post to {@code /hooks/{id}/{token}} and the message
 * appears in {@code channels} as {@code postAs}, with the optional alias, avatar and emoji.
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
    Instant updatedAt) {

  public static final String INCOMING = "webhook-incoming";

  public Integration {
    channels = List.copyOf(channels);
  }
}
