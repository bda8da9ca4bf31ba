package chat.parley.messages;

import chat.parley.common.UserRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happens to a message after it is sent: its thread ({@code tcount}, {@code tlm}, {@code
 * replies} = followers), edit, pin, reactions (emoji to usernames), and the mentions parsed from
 * its text ({@code mentions}, {@code channels}, and whether it says {@code @all}/{@code @here}).
 * Null instants and refs mean "never".
 */
public record MessageDetails(
    boolean tshow,
    int tcount,
    Instant tlm,
    List<String> replies,
    Instant editedAt,
    UserRef editedBy,
    boolean pinned,
    Instant pinnedAt,
    UserRef pinnedBy,
    Map<String, List<String>> reactions,
    List<UserRef> mentions,
    List<ChannelMention> channels) {

  public static final MessageDetails NONE = new MessageDetails(false, 0, null, List.of(), null,
      null, false, null, null, Map.of(), List.of(), List.of());

  public MessageDetails {
    replies = List.copyOf(replies);
    reactions = Map.copyOf(reactions);
    mentions = List.copyOf(mentions);
    channels = List.copyOf(channels);
  }

  /** A {@code #channel} named in a message. */
  public record ChannelMention(String id, String name) {}

  public MessageDetails withThread(int newCount, Instant newLastReply, List<String> newReplies) {
    return new MessageDetails(tshow, newCount, newLastReply, newReplies, editedAt, editedBy, pinned,
        pinnedAt, pinnedBy, reactions, mentions, channels);
  }

  public MessageDetails withEdit(Instant at, UserRef by, List<UserRef> newMentions,
      List<ChannelMention> newChannels) {
    return new MessageDetails(tshow, tcount, tlm, replies, at, by, pinned, pinnedAt, pinnedBy,
        reactions, newMentions, newChannels);
  }

  public MessageDetails withPin(boolean isPinned, Instant at, UserRef by) {
    return new MessageDetails(tshow, tcount, tlm, replies, editedAt, editedBy, isPinned,
        isPinned ? at : null, isPinned ? by : null, reactions, mentions, channels);
  }

  /** Adds or removes {@code username}'s {@code emoji} reaction. */
  public MessageDetails withReaction(String emoji, String username, boolean react) {
    Map<String, List<String>> next = new LinkedHashMap<>(reactions);
    List<String> users = new java.util.ArrayList<>(next.getOrDefault(emoji, List.of()));
    users.remove(username);
    if (react) {
      users.add(username);
    }
    if (users.isEmpty()) {
      next.remove(emoji);
    } else {
      next.put(emoji, users);
    }
    return new MessageDetails(tshow, tcount, tlm, replies, editedAt, editedBy, pinned, pinnedAt,
        pinnedBy, next, mentions, channels);
  }

  public boolean mentionsAll() {
    return mentions.stream().anyMatch(m -> m.id().equals("all") || m.id().equals("here"));
  }
}
