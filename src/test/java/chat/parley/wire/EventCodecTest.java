package chat.parley.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.parley.common.UserRef;
import chat.parley.events.Event;
import chat.parley.messages.Message;
import chat.parley.messages.MessageDetails;
import chat.parley.rooms.Room;
import chat.parley.rooms.RoomType;
import chat.parley.rooms.Subscription;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Events between nodes survive the trip exactly, whatever domain records they carry. */
class EventCodecTest {
  static final Instant T = Instant.parse("2026-11-28T23:00:00.123456789Z");
  static final UserRef ALICE = new UserRef("a1", "alice", "Alice");

  static Event roundTrip(Event e) {
    return EventCodec.decode(EventCodec.encode(e));
  }

  @Test
  void every_kind_of_event_round_trips() {
    Message message = new Message("m1", "GENERAL", T, T, ALICE, "hi @bob", null, "t1", "Al", ":x:",
        null, List.of(Map.of("text", "att")), Map.of("k", "v"), false, true, false, Map.of(),
        new MessageDetails(true, 2, T, List.of("b1"), T, ALICE, true, T, ALICE,
            Map.of(":+1:", List.of("bob")), List.of(new UserRef("b1", "bob", "Bob")),
            List.of(new MessageDetails.ChannelMention("GENERAL", "general"))));
    Room room = Room.create("r1", RoomType.PRIVATE_GROUP, "secret", ALICE, T)
        .withMembers(List.of("alice", "bob"), List.of("a1", "b1"));
    Subscription sub = new Subscription("s1", "r1", ALICE, RoomType.PRIVATE_GROUP, "secret", "secret",
        true, false, 3, 1, 0, true, List.of("owner"), T, T, T, null, false, null, List.of("c1"));
    List<Event> events = List.of(
        new Event.MessageCreated(message), new Event.MessageUpdated(message),
        new Event.MessageDeleted("m1", "GENERAL", null), new Event.RoomChanged(room),
        new Event.MessagesPruned("GENERAL", T, null, true, List.of("bob")),
        new Event.RoomDeleted("r1"), new Event.SubscriptionChanged(sub),
        new Event.SubscriptionChanged(sub, true),
        new Event.SubscriptionRemoved("a1", "r1"),
        new Event.UserActivity("r1", "alice", List.of("user-typing")),
        new Event.UserActivity("r1", "alice", List.of("user-typing"), "m1"),
        new Event.UserStatusChanged("a1", "alice", "away", "lunch", "Alice", List.of("user")),
        new Event.UserDeactivated("a1"), new Event.UserLoggedOut("a1", "hash"),
        new Event.DesktopNotification("b1", "#secret", "alice: hi", "m1", "r1", null, ALICE, "p",
            "secret", "hi", null),
        new Event.EphemeralMessage("a1", "r1", "e1", "only you", T),
        new Event.UserNameChanged("a1", "alice", "Alice B"),
        new Event.UserDeleted("a1", "Unlink", ALICE), new Event.AvatarChanged(null, "r1", "etag", null, null),
        new Event.AvatarChanged("alice", null, "etag", "a1", "upload"),
        new Event.UserRoleChanged("removed", "moderator", ALICE, "r1"),
        new Event.RoleDefinitionChanged("changed", "r", "r", "d", "Users", true, false, T),
        new Event.PermissionChanged("updated", "pin-message", List.of("admin"), T),
        new Event.CustomUserStatusChanged(true, "s", "Away", "away"),
        new Event.SettingChanged("Site_Name", "Parley", true),
        new Event.SettingChanged("Message_AllowEditing", false, true),
        new Event.RoomCreated(room, "a1"), new Event.RoomArchived(room, "a1"),
        new Event.UserJoinedRoom("r1", "b1"), new Event.UserLeftRoom("r1", "b1"),
        new Event.UserCreated("c1"), new Event.FileUploaded(message),
        new Event.CustomEmojiChanged(false, "e1", "party", List.of("tada"), "png", "k1", "old"));
    assertThat(Event.class.getPermittedSubclasses().length)
        .as("a new Event type needs a line here").isEqualTo(events.stream().map(Object::getClass).distinct().count());
    for (Event e : events) {
      assertThat(roundTrip(e)).as(e.getClass().getSimpleName()).isEqualTo(e);
    }
  }

  @Test
  void text_that_is_not_an_event_is_refused() {
    assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"Nope\",\"event\":{}}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EventCodec.decode("not json")).isInstanceOf(IllegalArgumentException.class);
  }
}
