package chat.parley;

import chat.parley.auth.AuthService;
import chat.parley.auth.PasswordHasher;
import chat.parley.commands.SlashCommands;
import chat.parley.config.Config;
import chat.parley.events.EventHub;
import chat.parley.files.AssetService;
import chat.parley.files.AvatarService;
import chat.parley.files.CustomEmojiService;
import chat.parley.files.CustomSoundService;
import chat.parley.storage.JdbcCustomSoundStore;
import chat.parley.storage.JdbcCustomEmojiStore;
import chat.parley.files.FileService;
import chat.parley.files.BlobStore;
import chat.parley.files.BlobStores;
import chat.parley.storage.JdbcUploadStore;
import chat.parley.invites.InviteService;
import chat.parley.messages.Mentions;
import chat.parley.moderation.ModerationService;
import chat.parley.messages.MessageActions;
import chat.parley.messages.MessageReads;
import chat.parley.messages.MessageService;
import chat.parley.messages.SystemMessages;
import chat.parley.realtime.DdpServer;
import chat.parley.rest.RestServer;
import chat.parley.rooms.RoomMembership;
import chat.parley.rooms.RoomQueries;
import chat.parley.rooms.RoomService;
import chat.parley.rooms.RoomSettings;
import chat.parley.rooms.SubscriptionService;
import chat.parley.settings.Settings;
import chat.parley.storage.Db;
import chat.parley.integrations.IntegrationService;
import chat.parley.integrations.OutgoingWebhooks;
import chat.parley.integrations.TargetGuard;
import chat.parley.outbound.HttpWebhookSender;
import chat.parley.storage.JdbcHistoryStore;
import chat.parley.storage.JdbcIntegrationStore;
import chat.parley.storage.JdbcInviteStore;
import chat.parley.storage.JdbcMessageStore;
import chat.parley.storage.JdbcReportStore;
import chat.parley.storage.JdbcRoomStore;
import chat.parley.storage.JdbcSettingStore;
import chat.parley.storage.JdbcTokenStore;
import chat.parley.storage.JdbcUserStore;
import chat.parley.permissions.PermissionService;
import chat.parley.storage.JdbcAccountStore;
import chat.parley.storage.JdbcCustomStatusStore;
import chat.parley.storage.JdbcPermissionStore;
import chat.parley.users.AccountService;
import chat.parley.users.CustomStatusService;
import chat.parley.users.PresenceService;
import chat.parley.users.UserService;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the whole server from a {@link Config}; used by {@link Main} and by tests alike. */
public final class Parley implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Parley.class);

  private final Config config;
  private final Db db;
  private final EventHub events;
  private final Javalin http;
  private final AuthService auth;
  private final ScheduledExecutorService housekeeping;
  private final DdpServer ddp;
  private final java.util.Optional<chat.parley.storage.PgEventBus> clusterBus;
  private final FileService files;
  private final OutgoingWebhooks outgoing;
  private final PresenceService presence;
  private final chat.parley.mail.MailSender mail;
  private final Services services;

  private Parley(Config config, Db db, EventHub events, Javalin http, AuthService auth,
      DdpServer ddp, java.util.Optional<chat.parley.storage.PgEventBus> clusterBus, FileService files,
      OutgoingWebhooks outgoing, PresenceService presence, chat.parley.mail.MailSender mail,
      Services services) {
    this.mail = mail;
    this.services = services;
    this.ddp = ddp;
    this.presence = presence;
    this.clusterBus = clusterBus;
    this.files = files;
    this.outgoing = outgoing;
    this.config = config;
    this.db = db;
    this.events = events;
    this.http = http;
    this.auth = auth;
    this.housekeeping = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("parley-housekeeping").daemon(true).factory());
  }

  public static Parley build(Config config) {
    Clock clock = Clock.systemUTC();
    Db db = Db.open(config);
    try {
      EventHub events = new EventHub();
      JdbcUserStore userStore = new JdbcUserStore();
      JdbcRoomStore roomStore = new JdbcRoomStore();
      JdbcMessageStore messageStore = new JdbcMessageStore();
      Settings settings = Settings.load(db, new JdbcSettingStore(), config.settingOverrides(), clock);
      PasswordHasher hasher = new PasswordHasher(config.bcryptCost());

      SystemMessages systemMessages = new SystemMessages(messageStore, roomStore, events);
      RoomMembership membership = new RoomMembership(db, roomStore, userStore, systemMessages,
          events, clock);
      RoomService rooms = new RoomService(db, roomStore, userStore, membership, events, clock);
      RoomSettings roomSettings = new RoomSettings(db, roomStore, systemMessages, events, clock);
      RoomQueries roomQueries = new RoomQueries(db, roomStore, userStore);
      SubscriptionService subscriptions = new SubscriptionService(db, roomStore, events, clock);
      InviteService invites = new InviteService(db, new JdbcInviteStore(), roomStore, membership,
          clock);
      UserService users = new UserService(db, userStore, rooms, hasher, settings, events, clock);
      PermissionService permissions = new PermissionService(db, new JdbcPermissionStore(),
          userStore, roomStore, events, clock).load();
      AuthService auth = new AuthService(db, userStore, new JdbcTokenStore(), hasher, settings,
          events, clock, permissions.table(), new chat.parley.auth.TwoFactorService(db, userStore,
              new chat.parley.storage.JdbcTwoFactorStore(), hasher, settings, events, clock));
      users.onCreate((tx, user, now) -> auth.twoFactor().autoOptIn(tx, user.id(), now));
      Mentions mentions = new Mentions(userStore, roomStore);
      MessageService messages = new MessageService(db, messageStore, roomStore, rooms, mentions,
          settings, events, clock);
      MessageActions messageActions = new MessageActions(db, messageStore, roomStore, mentions,
          systemMessages, messages, settings, events, clock);
      MessageReads messageReads = new MessageReads(db, messageStore, rooms);
      ModerationService moderation = new ModerationService(db, new JdbcReportStore(), messageStore,
          messages, events, clock);

      settings.publishChangesTo(events);
      new chat.parley.messages.DesktopNotifier(db, messageStore, roomStore, userStore, settings,
          events);
      rooms.ensureGeneralChannel();
      users.bootstrapAdmin(config.adminUsername(), config.adminPass(), config.adminEmail(),
          config.adminName());

      PresenceService presence = new PresenceService(db, userStore,
          new chat.parley.storage.JdbcPresenceStore(), events, clock, config.databaseUrl().isPresent());
      presence.resetAll();
      JdbcIntegrationStore integrationStore = new JdbcIntegrationStore();
      JdbcHistoryStore historyStore = new JdbcHistoryStore();
      OutgoingWebhooks outgoing = new OutgoingWebhooks(db, integrationStore, historyStore,
          roomStore, userStore, messages, messageStore,
          new HttpWebhookSender(Duration.ofSeconds(5), Duration.ofSeconds(15)),
          new TargetGuard(() -> settings.bool(TargetGuard.SETTING)), clock, config.rootUrl());
      SlashCommands commands = new SlashCommands(messages, rooms, roomQueries, membership,
          roomSettings, users, presence, events, clock);
      JdbcUploadStore uploadStore = new JdbcUploadStore();
      BlobStore blobs = BlobStores.fromSettings(settings, config.dataDir().resolve("uploads"),
          clock);
      FileService files = new FileService(db, uploadStore, blobs, rooms, roomQueries, messages,
          userStore, settings, events, clock);
      AvatarService avatars = new AvatarService(db, uploadStore, blobs, userStore, rooms,
          roomQueries, files, settings, events, clock);
      CustomEmojiService customEmoji = new CustomEmojiService(db, new JdbcCustomEmojiStore(), blobs,
          files, events, clock);
      messageActions.useCustomEmoji(customEmoji::exists);
      outgoing.usePermissions(permissions.table());
      IntegrationService integrations = new IntegrationService(db, integrationStore, historyStore,
          userStore, roomStore, messages, outgoing, clock);
      integrations.usePermissions(permissions.table());
      chat.parley.mail.MailSender mail = new chat.parley.mail.MailSender(settings, clock,
          java.net.URI.create(config.rootUrl()).getHost());
      auth.twoFactor().useMail(mail);
      JdbcAccountStore accountStore = new JdbcAccountStore();
      Services services = new Services(auth, users, rooms, membership, roomSettings, roomQueries,
          subscriptions, messages, messageActions, messageReads, invites, moderation,
          integrations, commands,
          presence,
          settings, events, config.rootUrl(), version(), files, avatars, permissions,
          new AccountService(db, userStore, accountStore, roomStore, hasher, settings,
              events, clock),
          new CustomStatusService(db, new JdbcCustomStatusStore(), events, clock), customEmoji,
          new AssetService(db, uploadStore, blobs, files, clock),
          new CustomSoundService(db, new JdbcCustomSoundStore(), blobs, files, clock),
          new chat.parley.users.AccountLinks(db, userStore,
              new chat.parley.storage.JdbcAccountLinkStore(), new JdbcTokenStore(), hasher, mail,
              settings, events, clock, config.rootUrl()),
          new chat.parley.users.StatisticsService(db, accountStore,
              new chat.parley.storage.JdbcStatisticsStore(), clock, version()), mail);
      DdpServer ddp = new DdpServer(services);
      Javalin http = RestServer.create(services, ddp);
      // Several nodes on one PostgreSQL relay each other's events; SQLite is single-node.
      var clusterBus = chat.parley.storage.PgEventBus.start(config, events);
      outgoing.start(events);
      return new Parley(config, db, events, http, auth, ddp, clusterBus, files, outgoing, presence,
          mail, services);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  public Parley start() {
    http.start(config.host(), config.port());
    housekeeping.scheduleWithFixedDelay(this::pruneTokens, 10, 10, TimeUnit.MINUTES);
    long beat = PresenceService.HEARTBEAT.toSeconds();
    housekeeping.scheduleWithFixedDelay(this::presenceHeartbeat, beat, beat, TimeUnit.SECONDS);
    // Rocket.Chat's "Generate and save statistics" cron, once a day.
    housekeeping.scheduleAtFixedRate(this::saveStatistics, 24, 24, TimeUnit.HOURS);
    log.info("Parley {} listening on http://{}:{} (ROOT_URL {}), database: {}", version(),
        config.host(), port(), config.rootUrl(), db.description());
    return this;
  }

  private void presenceHeartbeat() {
    try {
      presence.heartbeat();
    } catch (RuntimeException e) {
      log.warn("Presence heartbeat failed", e);
    }
  }

  private void saveStatistics() {
    try {
      services.statistics().save();
    } catch (RuntimeException e) {
      log.warn("Saving statistics failed", e);
    }
  }

  private void pruneTokens() {
    try {
      services.accountLinks().pruneExpired();
      int removed = auth.pruneExpiredTokens();
      if (removed > 0) {
        log.info("Removed {} expired login tokens", removed);
      }
    } catch (RuntimeException e) {
      log.warn("Pruning expired tokens failed", e);
    }
  }

  public int port() {
    return http.port();
  }

  /** The listen backlog of the HTTP connector, for tests. */
  int acceptQueueSize() {
    return ((org.eclipse.jetty.server.ServerConnector) http.jettyServer().server().getConnectors()[0])
        .getAcceptQueueSize();
  }

  /** Open realtime (DDP) connections on this node. */
  public int realtimeConnections() {
    return ddp.connectionCount();
  }

  public EventHub events() {
    return events;
  }

  /** The cluster bus, when this node runs on PostgreSQL. */
  public java.util.Optional<chat.parley.storage.PgEventBus> clusterBus() {
    return clusterBus;
  }

  /** Uploads; tests wait on its background work (thumbnails, deletions). */
  public FileService files() {
    return files;
  }

  /** Stops taking requests, lets running ones finish, then flushes and closes the database. */
  @Override
  public void close() {
    housekeeping.shutdownNow();
    clusterBus.ifPresent(chat.parley.storage.PgEventBus::close);
    outgoing.close();
    mail.close();
    ddp.stop();
    try {
      presence.stop();
    } catch (RuntimeException e) {
      log.warn("Could not clear this node's presence", e);
    }
    http.stop();
    files.close();
    db.close();
    log.info("Parley stopped");
  }

  public static String version() {
    String v = Parley.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
