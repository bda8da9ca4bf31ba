package chat.parley.messages;

import chat.parley.common.Tx;
import chat.parley.common.UserRef;
import chat.parley.rooms.Room;
import chat.parley.rooms.RoomStore;
import chat.parley.rooms.RoomType;
import chat.parley.users.UserStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the names a text mentions into Rocket.Chat's {@code mentions} and {@code channels}.
 * Unknown names are dropped; {@code #channel} resolves only public channels (and rooms the author
 * is in), so a mention never reveals a private room.
 */
public final class Mentions {
  private final UserStore users;
  private final RoomStore rooms;

  public Mentions(UserStore users, RoomStore rooms) {
    this.users = users;
    this.rooms = rooms;
  }

  public record Resolved(List<UserRef> users, List<MessageDetails.ChannelMention> channels) {}

  public Resolved resolve(Tx tx, String text, String authorId) {
    List<UserRef> mentioned = new ArrayList<>();
    for (String name : MentionParser.usernames(text)) {
      if (name.equals("all") || name.equals("here")) {
        mentioned.add(new UserRef(name, name, null));
      } else {
        users.findByUsername(tx, name).ifPresent(u -> {
          if (mentioned.stream().noneMatch(m -> m.id().equals(u.id()))) {
            mentioned.add(u.ref());
          }
        });
      }
    }
    List<MessageDetails.ChannelMention> channels = new ArrayList<>();
    for (String name : MentionParser.channels(text)) {
      rooms.findByName(tx, name)
          .filter(r -> r.type() == RoomType.CHANNEL
              || rooms.subscription(tx, r.id(), authorId).isPresent())
          .map((Room r) -> new MessageDetails.ChannelMention(r.id(), r.name()))
          .ifPresent(channels::add);
    }
    return new Resolved(mentioned, channels);
  }
}
