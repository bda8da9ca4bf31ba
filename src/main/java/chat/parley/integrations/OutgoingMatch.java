package chat.parley.integrations;

import chat.parley.integrations.OutgoingWebhooks.Trigger;
import chat.parley.messages.Message;
import chat.parley.rooms.Room;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which outgoing webhooks an event concerns: channel filters, trigger words, edits. */
final class OutgoingMatch {
  private OutgoingMatch() {}

  /** Rocket.Chat's {@code getTriggersToExecute}: the channel filters that cover {@code room}. */
  static List<Integration> matching(List<Integration> candidates, Room room, Message message) {
    Set<Integration> out = new LinkedHashSet<>();
    for (Integration i : candidates) {
      List<String> filters = i.channels().isEmpty() ? List.of("all_public_channels") : i.channels();
      for (String f : filters) {
        String lower = f.toLowerCase(java.util.Locale.ROOT);
        boolean hit = switch (room.type()) {
          case DIRECT -> lower.equals("all_direct_messages")
              || (f.startsWith("@") && room.uids().contains(f.substring(1)))
              || (f.startsWith("@") && room.usernames().contains(f.substring(1))
                  && (message == null || !f.substring(1).equals(message.author().username())));
          case CHANNEL -> lower.equals("all_public_channels") || f.equals("#" + room.id())
              || (room.name() != null && f.equals("#" + room.name()));
          case PRIVATE_GROUP -> lower.equals("all_private_groups") || f.equals("#" + room.id())
              || (room.name() != null && f.equals("#" + room.name()));
        };
        if (hit) {
          out.add(i);
          break;
        }
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * The trigger word that lets {@code integration} fire for {@code trigger}: "" when it needs
   * none, null when it must not fire (no trigger word matches, or an edit it ignores).
   */
  static String admit(Integration integration, Trigger trigger) {
    Integration.Outgoing o = integration.outgoing();
    String word = "";
    if (OutgoingValidation.EVENTS.get(trigger.event()).triggerWords() && o.triggerWords() != null
        && !o.triggerWords().isEmpty()) {
      String text = trigger.message() == null ? "" : trigger.message().text();
      word = null;
      for (String candidate : o.triggerWords()) {
        if (o.triggerWordAnywhere() ? text.contains(candidate) : text.startsWith(candidate)) {
          word = candidate;
          break;
        }
      }
    }
    if (trigger.edited() && !o.runOnEdits()) {
      return null;
    }
    return word;
  }
}
