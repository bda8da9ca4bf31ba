package chat.parley.commands;

import chat.parley.auth.Session;
import chat.parley.common.Ids;
import chat.parley.common.ParleyException;
import chat.parley.events.Event;
import chat.parley.events.EventHub;
import chat.parley.messages.SendMessage;
import chat.parley.messages.MessageService;
import chat.parley.rooms.Room;
import chat.parley.rooms.RoomMembership;
import chat.parley.rooms.RoomQueries;
import chat.parley.rooms.RoomService;
import chat.parley.rooms.RoomSettings;
import chat.parley.rooms.RoomType;
import chat.parley.users.PresenceService;
import chat.parley.users.User;
import chat.parley.users.UserService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rocket.Chat's built-in slash commands, run through the same services as the REST API, so each
 * keeps its permission checks: {@code /me}, {@code /topic}, {@code /invite}, {@code /kick}...
 */
public final class SlashCommands {
  /** A command as {@code commands.list} describes it. */
  public record Command(String command, String params, String description) {}

  private static final Map<String, Command> BUILT_IN = new LinkedHashMap<>();

  static {
    for (Command c : List.of(
        new Command("me", "your message", "Displays action text"),
        new Command("topic", "Topic_Param", "Set topic"),
        new Command("invite", "@username", "Invite one user to join this channel"),
        new Command("invite-all-to", "#room", "Invite all users from this channel to join #room"),
        new Command("kick", "@username", "Remove someone from the room"),
        new Command("join", "#channel", "Join the given channel"),
        new Command("leave", "", "Leave the current channel"),
        new Command("part", "", "Leave the current channel"),
        new Command("msg", "@username <message>", "Direct message someone"),
        new Command("mute", "@username", "Mute someone in the room"),
        new Command("unmute", "@username", "Unmute someone in the room"),
        new Command("archive", "#channel", "Archive"),
        new Command("unarchive", "#channel", "Unarchive"),
        new Command("create", "#channel", "Create a channel"),
        new Command("status", "status message", "Set your status message"),
        new Command("shrug", "your message (optional)", "Displays ¯\\_(ツ)_/¯ after your message"),
        new Command("tableflip", "your message (optional)", "Displays (╯°□°）╯︵ ┻━┻"),
        new Command("unflip", "your message (optional)", "Displays ┬─┬ ノ( ゜-゜ノ)"),
        new Command("gimme", "your message (optional)", "Displays ༼ つ ◕_◕ ༽つ before your message"),
        new Command("lennyface", "your message (optional)", "Displays ( ͡° ͜ʖ ͡°) after your message"),
        new Command("help", "", "Shows the available commands"))) {
      BUILT_IN.put(c.command(), c);
    }
  }

  private final MessageService messages;
  private final RoomService rooms;
  private final RoomQueries queries;
  private final RoomMembership membership;
  private final RoomSettings roomSettings;
  private final UserService users;
  private final PresenceService presence;
  private final EventHub events;
  private final Clock clock;

  public SlashCommands(MessageService messages, RoomService rooms, RoomQueries queries,
      RoomMembership membership, RoomSettings roomSettings, UserService users,
      PresenceService presence, EventHub events, Clock clock) {
    this.events = events;
    this.clock = clock;
    this.messages = messages;
    this.rooms = rooms;
    this.queries = queries;
    this.membership = membership;
    this.roomSettings = roomSettings;
    this.users = users;
    this.presence = presence;
  }

  public List<Command> list() {
    return List.copyOf(BUILT_IN.values());
  }

  public Optional<Command> get(String name) {
    return Optional.ofNullable(BUILT_IN.get(name));
  }

  /**
   * {@code commands.preview} (GET and POST): Rocket.Chat lists or runs preview items only for
   * commands that provide previews (app commands such as giphy). None of the built-ins does, so
   * after Rocket.Chat's checks (known command, visible room) the answer is its "Command Does Not
   * Provide Previews" error.
   */
  public void requirePreviews(Session session, String command, String roomId) {
    if (!BUILT_IN.containsKey(command)) {
      throw new ParleyException.Invalid(null, "The command provided does not exist (or is disabled).");
    }
    if (queries.byId(roomId).filter(r -> queries.canAccess(session, r)).isEmpty()) {
      throw new ParleyException.NotAllowed(null, "unauthorized");
    }
    throw new ParleyException.Invalid("error-invalid-command",
        "Command Does Not Provide Previews [error-invalid-command]");
  }

  /**
   * Runs {@code /command params} in {@code roomId} (a thread when {@code threadId} is set);
   * returns what the command produced, for {@code commands.run}'s {@code result}.
   */
  public Object run(Session session, String command, String params, String roomId, String threadId) {
    Command known = BUILT_IN.get(command);
    if (known == null) {
      throw new ParleyException.Invalid("error-invalid-command", "Invalid Command Provided [error-invalid-command]");
    }
    String args = params == null ? "" : params.trim();
    Room room = queries.byId(roomId).filter(r -> queries.canAccess(session, r)).orElseThrow(() ->
        new ParleyException.Invalid("error-invalid-room", "Invalid room [error-invalid-room]"));
    return switch (command) {
      case "me" -> say(session, room, threadId, "_" + args + "_");
      case "shrug" -> say(session, room, threadId, join(args, "¯\\\\_(ツ)_/¯"));
      case "tableflip" -> say(session, room, threadId, join(args, "(╯°□°）╯︵ ┻━┻"));
      case "unflip" -> say(session, room, threadId, join(args, "┬─┬ ノ( ゜-゜ノ)"));
      case "gimme" -> say(session, room, threadId, join("༼ つ ◕_◕ ༽つ", args));
      case "lennyface" -> say(session, room, threadId, join(args, "( ͡° ͜ʖ ͡°)"));
      case "topic" -> roomSettings.setText(session, room, RoomSettings.Text.TOPIC, args).id();
      case "invite" -> invite(session, room, args);
      case "invite-all-to" -> {
        Room target = namedRoom(session, args);
        List<User> everyone = new ArrayList<>();
        queries.members(room.id(), null, 0, 10_000).items().forEach(m -> everyone.add(m.user()));
        yield membership.invite(session, target, everyone).id();
      }
      case "kick" -> {
        List<User> named = existingOrTell(session, room, args);
        if (named == null) {
          yield null;
        }
        for (User u : named) {
          membership.kick(session, room, u);
        }
        yield room.id();
      }
      case "join" -> membership.join(session, namedRoom(session, args), null).id();
      case "leave", "part" -> {
        membership.leave(session, room);
        yield room.id();
      }
      case "msg" -> {
        String[] parts = args.split("\\s+", 2);
        String otherName = parts[0].replaceFirst("^@", "");
        Optional<User> found = otherName.isEmpty() ? Optional.empty() : users.findByUsername(otherName);
        if (found.isEmpty() && !otherName.isEmpty()) {
          tell(session, room, "The username `" + otherName + "` doesn't exist.");
          yield null;
        }
        User other = found.orElseGet(() -> userNamed(parts[0]));
        if (parts.length < 2 || parts[1].isBlank()) {
          throw new ParleyException.Invalid("error-invalid-params", "You must write a message");
        }
        Room dm = rooms.openDirect(session, List.of(other));
        yield messages.send(session, new SendMessage(null, dm.id(), parts[1], null, null, null, null,
            null, null, null)).id();
      }
      case "mute", "unmute" -> {
        List<User> named = existingOrTell(session, room, args);
        if (named == null) {
          yield null;
        }
        for (User u : named) {
          if (queries.subscriptionOf(room.id(), u.id()).isEmpty()) {
            tell(session, room, "The user `" + u.username() + "` is not in this room.");
            yield null;
          }
        }
        for (User u : named) {
          membership.setMuted(session, room, u, command.equals("mute"));
        }
        yield room.id();
      }
      case "archive", "unarchive" -> {
        Room target = args.isEmpty() ? room : namedRoom(session, args);
        yield roomSettings.setArchived(session, target, command.equals("archive")).id();
      }
      case "create" -> {
        String[] parts = args.split("\\s+");
        String name = parts[0].replaceFirst("^#", "");
        boolean isPrivate = parts.length > 1 && parts[1].equalsIgnoreCase("private");
        yield membership.create(session, new RoomMembership.NewRoom(
            isPrivate ? RoomType.PRIVATE_GROUP : RoomType.CHANNEL, name, List.of(), false, false,
            Map.of())).id();
      }
      case "status" -> {
        presence.setStatusText(session, args);
        yield args;
      }
      case "help" -> list().stream().map(c -> "/" + c.command() + " " + c.params()).toList();
      default -> throw new IllegalStateException("unhandled command " + command);
    };
  }

  /**
   * Rocket.Chat's {@code /invite}: names that match nobody are told to the caller alone (an
   * ephemeral message), as are users already in the room; the others are invited.
   */
  private Object invite(Session session, Room room, String args) {
    List<String> names = names(args);
    if (names.isEmpty()) {
      throw new ParleyException.Invalid("error-invalid-params", "You must name a user (@username)");
    }
    List<User> found = new ArrayList<>();
    for (String name : names) {
      users.findByUsername(name).filter(u -> found.stream().noneMatch(f -> f.id().equals(u.id())))
          .ifPresent(found::add);
    }
    if (found.isEmpty()) {
      tell(session, room, "No user exists by the name of `@" + String.join(" @", names) + "`.");
      return null;
    }
    List<User> outside = new ArrayList<>();
    for (User u : found) {
      if (queries.subscriptionOf(room.id(), u.id()).isPresent()) {
        tell(session, room, "`@" + u.username() + "` is already in here.");
      } else {
        outside.add(u);
      }
    }
    return outside.isEmpty() ? null : membership.invite(session, room, outside).id();
  }

  /**
   * The users {@code args} names; if one of them does not exist the caller is told so alone
   * (Rocket.Chat's {@code Username_doesnt_exist} ephemeral message) and the answer is null.
   */
  private List<User> existingOrTell(Session session, Room room, String args) {
    List<String> names = names(args);
    if (names.isEmpty()) {
      throw new ParleyException.Invalid("error-invalid-params", "You must name a user (@username)");
    }
    List<User> found = new ArrayList<>();
    for (String name : names) {
      Optional<User> user = users.findByUsername(name);
      if (user.isEmpty()) {
        tell(session, room, "The username `" + name + "` doesn't exist.");
        return null;
      }
      found.add(user.get());
    }
    return found;
  }

  private static List<String> names(String args) {
    List<String> names = new ArrayList<>();
    for (String token : args.split("[\\s,]+")) {
      String name = token.replaceFirst("^@", "");
      if (!name.isBlank()) {
        names.add(name);
      }
    }
    return names;
  }

  /** A message only the caller sees, in the room the command was typed in (never stored). */
  private void tell(Session session, Room room, String text) {
    events.publish(new Event.EphemeralMessage(session.userId(), room.id(), Ids.newId(), text,
        clock.instant()));
  }

  private String say(Session session, Room room, String threadId, String text) {
    return messages.send(session, new SendMessage(null, room.id(), text, null, null, null, null, null,
        null, null, threadId, false)).id();
  }

  private static String join(String a, String b) {
    return (a.isEmpty() ? b : b.isEmpty() ? a : a + " " + b).trim();
  }

  private User userNamed(String token) {
    String name = token.replaceFirst("^@", "");
    return users.findByUsername(name).orElseThrow(() ->
        new ParleyException.Invalid("error-user-not-found", "User " + name + " does not exist"));
  }

  private Room namedRoom(Session session, String args) {
    String name = args.split("\\s+")[0].replaceFirst("^#", "");
    return queries.byName(name).or(() -> queries.byId(name))
        .filter(r -> queries.canAccess(session, r) || r.type() == RoomType.CHANNEL)
        .orElseThrow(() -> new ParleyException.Invalid("error-invalid-room",
            "Channel " + name + " does not exist"));
  }
}
