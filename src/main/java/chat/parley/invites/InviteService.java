package chat.parley.invites;

import chat.parley.auth.Session;
import chat.parley.common.Ids;
import chat.parley.common.ParleyException;
import chat.parley.common.Transactor;
import chat.parley.common.Tx;
import chat.parley.rooms.Room;
import chat.parley.rooms.RoomMembership;
import chat.parley.rooms.RoomStore;
import chat.parley.rooms.RoomType;
import chat.parley.rooms.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Invite links, how a trainer brings a whole course into a room: create or reuse one, list and
 * remove them, check a token, and join with it.
 */
public final class InviteService {
  private static final Set<Integer> DAYS = Set.of(0, 1, 7, 15, 30);
  private static final Set<Integer> USES = Set.of(0, 1, 5, 10, 25, 50, 100);

  private final Transactor db;
  private final InviteStore invites;
  private final RoomStore rooms;
  private final RoomMembership membership;
  private final Clock clock;

  public InviteService(Transactor db, InviteStore invites, RoomStore rooms,
      RoomMembership membership, Clock clock) {
    this.db = db;
    this.invites = invites;
    this.rooms = rooms;
    this.membership = membership;
    this.clock = clock;
  }

  /** {@code findOrCreateInvite}: needs {@code create-invite-links} in the room. */
  public Invite findOrCreate(Session session, String roomId, int days, int maxUses) {
    if (!DAYS.contains(days)) {
      throw new ParleyException.Invalid("invalid-number-of-days",
          "Invite should expire in 1, 7, 15 or 30 days, or send 0 to never expire. [invalid-number-of-days]");
    }
    if (!USES.contains(maxUses)) {
      throw new ParleyException.Invalid("invalid-number-of-uses",
          "Invite should be valid for 1, 5, 10, 25, 50, 100 or infinite (0) uses. [invalid-number-of-uses]");
    }
    return db.write(tx -> {
      Subscription mine = rooms.subscription(tx, roomId, session.userId()).orElse(null);
      Room room = rooms.findById(tx, roomId).orElse(null);
      if (room == null || mine == null) {
        throw new ParleyException.Invalid("error-invalid-room", "The rid field is invalid [error-invalid-room]");
      }
      if (!session.can("create-invite-links", mine.roles())) {
        throw new ParleyException.Invalid("not_authorized", "[not_authorized]");
      }
      if (room.type() == RoomType.DIRECT) {
        throw new ParleyException.Invalid("error-room-type-not-allowed",
            "Cannot create invite links for this room type [error-room-type-not-allowed]");
      }
      Instant now = clock.instant();
      return invites.findReusable(tx, roomId, session.userId(), days, maxUses, now).orElseGet(() -> {
        Invite invite = new Invite(Ids.newId(), roomId, session.userId(), days, maxUses, 0, now,
            days == 0 ? null : now.plus(Duration.ofDays(days)), now);
        invites.insert(tx, invite);
        return invite;
      });
    });
  }

  /** {@code listInvites}: every invite; needs {@code create-invite-links}. */
  public List<Invite> list(Session session) {
    requireGlobal(session);
    return db.read(invites::all);
  }

  public void remove(Session session, String id) {
    requireGlobal(session);
    db.write(tx -> {
      if (!invites.delete(tx, id)) {
        throw new ParleyException.Invalid("invalid-invitation-id", "Invalid Invitation _id [invalid-invitation-id]");
      }
      return null;
    });
  }

  private static void requireGlobal(Session session) {
    if (!session.can("create-invite-links")) {
      throw new ParleyException.Invalid("not_authorized", "[not_authorized]");
    }
  }

  /** {@code validateInviteToken}: true when the token names a live invite to an existing room. */
  public boolean isValid(String token) {
    try {
      db.read(tx -> check(tx, token, clock.instant()));
      return true;
    } catch (ParleyException e) {
      return false;
    }
  }

  /** {@code useInviteToken}: joins the caller to the room; a use is counted for new members. */
  public Room use(Session session, String token) {
    return db.write(tx -> {
      Instant now = clock.instant();
      Invite invite = check(tx, token, now);
      Room room = rooms.findById(tx, invite.roomId()).orElseThrow();
      if (membership.addMember(tx, room, session.ref(), null, now)) {
        invites.countUse(tx, invite.id(), now);
      }
      return room;
    });
  }

  private Invite check(Tx tx, String token, Instant now) {
    if (token == null || token.isBlank()) {
      throw invalidToken();
    }
    Invite invite = invites.find(tx, token).orElseThrow(InviteService::invalidToken);
    if (rooms.findById(tx, invite.roomId()).isEmpty()) {
      throw new ParleyException.Invalid("error-invalid-room", "The invite token is invalid. [error-invalid-room]");
    }
    if (invite.expiredAt(now)) {
      throw new ParleyException.Invalid("error-invite-expired",
          "The invite token has expired. [error-invite-expired]",
          invite.maxUses() > 0 && invite.uses() >= invite.maxUses() ? Map.of("field", "maxUses") : Map.of());
    }
    return invite;
  }

  private static ParleyException invalidToken() {
    return new ParleyException.Invalid("error-invalid-token", "The invite token is invalid. [error-invalid-token]");
  }
}
