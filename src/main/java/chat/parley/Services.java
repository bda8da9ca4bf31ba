package chat.parley;

import chat.parley.auth.AuthService;
import chat.parley.events.EventHub;
import chat.parley.files.AssetService;
import chat.parley.files.AvatarService;
import chat.parley.files.CustomEmojiService;
import chat.parley.files.CustomSoundService;
import chat.parley.files.FileService;
import chat.parley.commands.SlashCommands;
import chat.parley.integrations.IntegrationService;
import chat.parley.invites.InviteService;
import chat.parley.messages.MessageActions;
import chat.parley.messages.MessageReads;
import chat.parley.messages.MessageService;
import chat.parley.moderation.ModerationService;
import chat.parley.rooms.RoomMembership;
import chat.parley.rooms.RoomQueries;
import chat.parley.rooms.RoomService;
import chat.parley.rooms.RoomSettings;
import chat.parley.rooms.SubscriptionService;
import chat.parley.settings.Settings;
import chat.parley.users.PresenceService;
import chat.parley.users.UserService;

/** Every service, as {@link Parley#build} wires them, for the two protocol edges (REST, DDP). */
public record Services(AuthService auth, UserService users, RoomService rooms,
    RoomMembership membership, RoomSettings roomSettings, RoomQueries roomQueries,
    SubscriptionService subscriptions, MessageService messages, MessageActions messageActions,
    MessageReads messageReads, InviteService invites, ModerationService moderation,
    IntegrationService integrations, SlashCommands commands,
    PresenceService presence, Settings settings, EventHub events, String siteUrl,
    String parleyVersion, FileService files, AvatarService avatars,
    chat.parley.permissions.PermissionService permissions, chat.parley.users.AccountService accounts,
    chat.parley.users.CustomStatusService customStatuses, CustomEmojiService customEmoji,
    AssetService assets, CustomSoundService customSounds,
    chat.parley.users.AccountLinks accountLinks, chat.parley.users.StatisticsService statistics,
    chat.parley.mail.MailSender mail) {}
