package chat.parley.integrations;

import chat.parley.auth.Session;
import chat.parley.common.ParleyException;
import chat.parley.common.Tx;
import chat.parley.rooms.Room;
import chat.parley.rooms.RoomStore;
import chat.parley.users.User;
import chat.parley.users.UserStore;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rocket.Chat's {@code validateOutgoingIntegration}: the event, run-as user, URLs, channel filter
 * (with the permission each filter needs), trigger words and retry settings, with its error types.
 */
final class OutgoingValidation {
  static final Set<String> SCOPED = Set.of("all_public_channels", "all_private_groups",
      "all_direct_messages");
  static final Set<String> RETRY_DELAYS = Set.of("powers-of-ten", "powers-of-two",
      "increments-of-two");

  /** Which parts of an integration each event uses, as Rocket.Chat's {@code outgoingEvents}. */
  record EventUse(boolean channel, boolean triggerWords, boolean targetRoom) {}

  /** The events Parley fires: Rocket.Chat's list. */
  static final Map<String, EventUse> EVENTS = Map.of(
      "sendMessage", new EventUse(true, true, false),
      "fileUploaded", new EventUse(true, false, false),
      "roomArchived", new EventUse(false, false, false),
      "roomCreated", new EventUse(false, false, false),
      "roomJoined", new EventUse(true, false, false),
      "roomLeft", new EventUse(true, false, false),
      "userCreated", new EventUse(false, false, true));

  private final RoomStore rooms;
  private final UserStore users;

  OutgoingValidation(RoomStore rooms, UserStore users) {
    this.rooms = rooms;
    this.users = users;
  }

  record Valid(User postAs, List<String> channels, Integration.Outgoing outgoing) {}

  Valid validate(Tx tx, Session session, OutgoingSpec spec) {
    String event = spec.event() == null ? "" : spec.event().trim();
    EventUse use = EVENTS.get(event);
    if (use == null) {
      throw invalid("error-invalid-event-type", "Invalid event type");
    }
    if (spec.username() == null || spec.username().isBlank()) {
      throw invalid("error-invalid-username", "Invalid username");
    }
    if (use.targetRoom() && (spec.targetRoom() == null || spec.targetRoom().isBlank())) {
      throw invalid("error-invalid-targetRoom", "Invalid Target Room");
    }
    List<String> urls = spec.urlsValid() && spec.urls() != null
        ? spec.urls().stream().filter(u -> u != null && !u.isBlank()).map(String::trim).toList()
        : List.of();
    if (urls.isEmpty() || !urls.stream().allMatch(OutgoingValidation::isHttpUrl)) {
      throw invalid("error-invalid-urls", "Invalid URLs");
    }
    List<String> channels = new ArrayList<>();
    if (use.channel()) {
      if (spec.channel() != null) {
        for (String part : spec.channel().split(",")) {
          if (!part.isBlank()) {
            channels.add(part.trim());
          }
        }
      }
      for (String channel : channels) {
        if (!channel.startsWith("@") && !channel.startsWith("#")
            && !SCOPED.contains(channel.toLowerCase(Locale.ROOT))) {
          throw invalid("error-invalid-channel-start-with-chars", "Invalid channel. Start with @ or #");
        }
      }
    } else if (!session.can("manage-outgoing-integrations")) {
      throw invalid("error-invalid-permissions", "Invalid permission for required Integration creation.");
    }
    User postAs = users.findByUsername(tx, spec.username().trim()).orElseThrow(() -> invalid(
        "error-invalid-user", "Invalid user (did you delete the `rocket.cat` user?)"));
    if (!spec.triggerWordsValid()) {
      throw invalid("error-invalid-triggerWords", "Invalid triggerWords");
    }
    List<String> words = use.triggerWords() && spec.triggerWords() != null
        ? spec.triggerWords().stream().filter(w -> w != null && !w.isBlank()).toList() : null;
    checkChannelPermissions(tx, session, channels);
    boolean retry = spec.retryFailedCalls();
    int retryCount = 0;
    String retryDelay = null;
    if (retry) {
      retryCount = spec.retryCount() != null && spec.retryCount() > 0 ? spec.retryCount() : 4;
      retryDelay = spec.retryDelay() == null || spec.retryDelay().isBlank() ? "powers-of-ten"
          : spec.retryDelay().trim().toLowerCase(Locale.ROOT);
      if (!RETRY_DELAYS.contains(retryDelay)) {
        throw invalid("error-invalid-retry-delay",
            "Invalid retryDelay: use powers-of-ten, powers-of-two or increments-of-two");
      }
    }
    return new Valid(postAs, channels, new Integration.Outgoing(event, urls, words,
        spec.triggerWordAnywhere(), Boolean.TRUE.equals(spec.runOnEdits()),
        spec.impersonateUser(), retry, retryCount, retryDelay,
        blankToNull(spec.targetRoom())));
  }

  private void checkChannelPermissions(Tx tx, Session session, List<String> channels) {
    for (String channel : channels) {
      String lower = channel.toLowerCase(Locale.ROOT);
      if (SCOPED.contains(lower)) {
        if (!lower.equals("all_public_channels") && !session.can("manage-outgoing-integrations")) {
          throw invalid("error-invalid-channel", "Invalid Channel");
        }
        continue;
      }
      String nameOrId = channel.substring(1);
      Optional<String> roomId;
      if (channel.startsWith("#")) {
        roomId = rooms.findById(tx, nameOrId).or(() -> rooms.findByName(tx, nameOrId)).map(Room::id);
      } else {
        Optional<User> user = users.findById(tx, nameOrId).or(() -> users.findByUsername(tx, nameOrId));
        if (user.isEmpty()) {
          throw invalid("error-invalid-room", "Invalid room");
        }
        // Rocket.Chat checks the caller's subscription to the user's id, which only admins pass.
        roomId = Optional.of(user.get().id());
      }
      if (roomId.isEmpty()) {
        throw invalid("error-invalid-room", "Invalid room");
      }
      boolean both = session.can("manage-outgoing-integrations")
          && session.can("manage-own-outgoing-integrations");
      if (!both && rooms.subscription(tx, roomId.get(), session.userId()).isEmpty()) {
        throw invalid("error-invalid-channel", "Invalid Channel");
      }
    }
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static ParleyException.Invalid invalid(String type, String reason) {
    return new ParleyException.Invalid(type, reason + " [" + type + "]");
  }
}
