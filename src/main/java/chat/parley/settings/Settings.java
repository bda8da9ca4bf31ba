package chat.parley.settings;

import chat.parley.common.Transactor;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workspace settings, keyed by Rocket.Chat's ids with Rocket.Chat's defaults. A stored value wins
 * over the default; {@code OVERWRITE_SETTING_<id>} wins over both and is stored on every start.
 */
public final class Settings {
  private static final Logger log = LoggerFactory.getLogger(Settings.class);

  /** Rocket.Chat's defaults for the settings Parley reads (apps/meteor/server/settings/*.ts). */
  static final Map<String, String> DEFAULTS = defaults();

  private final Map<String, String> values = new ConcurrentHashMap<>();
  private Transactor db;
  private SettingStore store;
  private Clock clock;
  private volatile chat.parley.events.EventHub events;

  /** Settings any visitor may read ({@code settings.public}). */
  static final java.util.Set<String> PUBLIC = java.util.Set.of("Site_Name", "Message_MaxAllowedSize",
      "Accounts_RegistrationForm", "Message_AllowEditing", "Message_AllowDeleting",
      "Message_AllowPinning", "Message_AllowStarring", "API_Default_Count", "API_Upper_Count_Limit",
      "Message_AllowEditing_BlockEditInMinutes", "Message_AllowDeleting_BlockDeleteInMinutes",
      "Message_ShowDeletedStatus", "Message_KeepHistory",
      "Accounts_EmailVerification", "Accounts_PasswordReset");

  /** The two-factor settings Rocket.Chat marks public (clients read them before login). */
  private static final java.util.Set<String> TWO_FACTOR_PUBLIC = java.util.Set.of(
      "Accounts_TwoFactorAuthentication_Enabled", "Accounts_TwoFactorAuthentication_By_TOTP_Enabled",
      "Accounts_TwoFactorAuthentication_Enforce_Password_Fallback",
      "Accounts_TwoFactorAuthentication_By_Email_Enabled");

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("Site_Name", "Parley");
    d.put("Message_MaxAllowedSize", "5000");
    d.put("Accounts_LoginExpiration", "90");
    d.put("Accounts_RegistrationForm", "Public");
    // Rocket.Chat generates a random one at install; empty here means the secret form admits nobody.
    d.put("Accounts_RegistrationForm_SecretURL", "");
    d.put("Accounts_ManuallyApproveNewUsers", "false");
    d.put("API_Default_Count", "50");
    d.put("API_Upper_Count_Limit", "100");
    d.put("API_Allow_Infinite_Count", "true");
    d.put("Message_AllowEditing", "true");
    d.put("Message_AllowEditing_BlockEditInMinutes", "0");
    d.put("Message_AllowDeleting_BlockDeleteInMinutes", "0");
    d.put("Message_KeepHistory", "false");
    d.put("Message_ShowDeletedStatus", "false");
    d.put("Message_AllowPinning", "true");
    d.put("Message_AllowStarring", "true");
    d.put("Unread_Count", "user_and_group_mentions_only");
    d.put("Unread_Count_DM", "all_messages");
    d.put("API_User_Limit", "500");
    d.put("Block_Multiple_Failed_Logins_Enabled", "true");
    d.put("Block_Multiple_Failed_Logins_By_User", "true");
    d.put("Block_Multiple_Failed_Logins_By_Ip", "true");
    d.put("Block_Multiple_Failed_Logins_Attempts_Until_Block_by_User", "10");
    d.put("Block_Multiple_Failed_Logins_Attempts_Until_Block_By_Ip", "50");
    d.put("Block_Multiple_Failed_Logins_Time_To_Unblock_By_User_In_Minutes", "5");
    d.put("Block_Multiple_Failed_Logins_Time_To_Unblock_By_Ip_In_Minutes", "5");
    d.put("Message_AllowDeleting", "true");
    // Notifications and the DDP rate limiter (issue #5).
    d.put("Accounts_Default_User_Preferences_desktopNotifications", "all");
    d.put("Notifications_Max_Room_Members", "100");
    d.put("UI_Use_Real_Name", "false");
    for (String[] rule : new String[][] {{"IP", "120000", "60000"}, {"User", "1200", "60000"},
        {"Connection", "600", "60000"}, {"User_By_Method", "20", "10000"},
        {"Connection_By_Method", "10", "10000"}}) {
      d.put("DDP_Rate_Limit_" + rule[0] + "_Enabled", "true");
      d.put("DDP_Rate_Limit_" + rule[0] + "_Requests_Allowed", rule[1]);
      d.put("DDP_Rate_Limit_" + rule[0] + "_Interval_Time", rule[2]);
    }
    // Issue #9: uploads and avatars (apps/meteor/server/settings/file-upload.ts, accounts.ts).
    d.put("FileUpload_Enabled", "true");
    d.put("FileUpload_MaxFileSize", "104857600");
    d.put("FileUpload_MediaTypeWhiteList", "");
    d.put("FileUpload_MediaTypeBlackList", "image/svg+xml");
    d.put("FileUpload_ProtectFiles", "true");
    d.put("FileUpload_Enabled_Direct", "true");
    // Issue #9, storage: Rocket.Chat defaults to GridFS (MongoDB); Parley's default is FileSystem.
    // The store is chosen at start-up: changing FileUpload_Storage_Type needs a restart.
    d.put("FileUpload_Storage_Type", "FileSystem");
    d.put("FileUpload_S3_Bucket", "");
    d.put("FileUpload_S3_AWSAccessKeyId", "");
    d.put("FileUpload_S3_AWSSecretAccessKey", "");
    d.put("FileUpload_S3_Region", "");
    d.put("FileUpload_S3_BucketURL", "");
    d.put("FileUpload_S3_ForcePathStyle", "false");
    d.put("FileUpload_S3_URLExpiryTimeSpan", "120");
    d.put("FileUpload_S3_Proxy_Avatars", "false");
    d.put("FileUpload_S3_Proxy_Uploads", "false");
    // Signed ?token= file URLs; Rocket.Chat makes a random secret at install, empty admits none.
    d.put("FileUpload_Enable_json_web_token_for_files", "true");
    d.put("FileUpload_json_web_token_secret_for_files", "");
    d.put("Message_Attachments_Thumbnails_Enabled", "true");
    d.put("Message_Attachments_Thumbnails_Width", "480");
    d.put("Message_Attachments_Thumbnails_Height", "360");
    d.put("Accounts_AllowUserAvatarChange", "true");
    d.put("Accounts_AvatarCacheTime", "3600");
    d.put("Accounts_AvatarBlockUnauthenticatedAccess", "false");
    // Parley's own: fetching avatars from URLs a user gives is off unless an admin turns it on.
    d.put("Accounts_AvatarAllowExternalUrl", "false");
    // Parley's own (issue #7): outgoing webhooks may call loopback/private addresses (SSRF guard).
    d.put("Parley_Integrations_Allow_Private_Targets", "false");
    // Issue #6, second part: account editing, deletion, the API rate limiter, password policy.
    d.put("Message_ErasureType", "Delete");
    d.put("Accounts_AllowDeleteOwnAccount", "false");
    d.put("Accounts_AllowUsernameChange", "true");
    d.put("UTF8_User_Names_Validation", "[0-9a-zA-Z-_.]+");
    d.put("Accounts_AllowEmailChange", "true");
    d.put("Accounts_AllowPasswordChange", "true");
    d.put("Accounts_AllowRealNameChange", "true");
    d.put("Accounts_AllowUserStatusMessageChange", "true");
    d.put("API_Enable_Rate_Limiter", "true");
    d.put("API_Enable_Rate_Limiter_Dev", "true");
    // Rocket.Chat ships 10 calls per minute; Parley 600 (docs/compat.md says why).
    d.put("API_Enable_Rate_Limiter_Limit_Calls_Default", "600");
    d.put("API_Enable_Rate_Limiter_Limit_Time_Default", "60000");
    d.put("Accounts_Password_Policy_Enabled", "false");
    d.put("Accounts_Password_Policy_MinLength", "7");
    d.put("Accounts_Password_Policy_MaxLength", "-1");
    d.put("Accounts_Password_Policy_ForbidRepeatingCharacters", "true");
    d.put("Accounts_Password_Policy_ForbidRepeatingCharactersCount", "3");
    d.put("Accounts_Password_Policy_AtLeastOneLowercase", "true");
    d.put("Accounts_Password_Policy_AtLeastOneUppercase", "true");
    d.put("Accounts_Password_Policy_AtLeastOneNumber", "true");
    d.put("Accounts_Password_Policy_AtLeastOneSpecialCharacter", "true");
    // Issue #6: outbound mail (apps/meteor/server/settings/email.ts, accounts.ts). No SMTP_Host = mail off.
    d.put("SMTP_Protocol", "smtp");
    d.put("SMTP_Host", "");
    d.put("SMTP_Port", "");
    d.put("SMTP_IgnoreTLS", "true");
    d.put("SMTP_Pool", "true");
    d.put("SMTP_Username", "");
    d.put("SMTP_Password", "");
    d.put("From_Email", "");
    d.put("Accounts_EmailVerification", "false");
    d.put("Accounts_PasswordReset", "true");
    // Rocket.Chat's defaults are i18n keys; these are their English texts.
    d.put("Forgot_Password_Email_Subject", "[Site_Name] - Password Recovery");
    d.put("Forgot_Password_Email", "<h2>Forgot your password?</h2><p>Let's get you a new one!</p>"
        + "<a class=\"btn\" href=\"[Forgot_Password_Url]\">Reset</a>"
        + "<p class=\"advice\">If you didn't ask for your password reset, you can ignore this email.</p>");
    d.put("Verification_Email_Subject", "[Site_Name] - Email address verification");
    d.put("Verification_Email", "<h2>Hi [name]</h2><p>Please, click on the button below to confirm"
        + " your email address.</p><a class=\"btn\" target=\"_blank\" href=\"[Verification_Url]\">"
        + "Verify your email</a>");
    // Issue #6: two-factor authentication (RC apps/meteor/app/2fa/server/startup/settings.ts).
    d.put("Accounts_TwoFactorAuthentication_Enabled", "true");
    d.put("Accounts_TwoFactorAuthentication_MaxDelta", "1");
    d.put("Accounts_TwoFactorAuthentication_By_TOTP_Enabled", "true");
    d.put("Accounts_TwoFactorAuthentication_RememberFor", "1800");
    d.put("Accounts_TwoFactorAuthentication_Enforce_Password_Fallback", "true");
    // Issue #6: codes by e-mail (RC server/settings/accounts.ts); seconds, then attempts.
    d.put("Accounts_TwoFactorAuthentication_By_Email_Enabled", "true");
    d.put("Accounts_TwoFactorAuthentication_By_Email_Auto_Opt_In", "true");
    d.put("Accounts_TwoFactorAuthentication_By_Email_Code_Expiration", "3600");
    d.put("Accounts_TwoFactorAuthentication_Max_Invalid_Email_Code_Attempts", "5");
    return Map.copyOf(d);
  }

  private Settings() {}

  public static Settings load(Transactor db, SettingStore store, Map<String, String> overrides,
      Clock clock) {
    Settings settings = new Settings();
    settings.db = db;
    settings.store = store;
    settings.clock = clock;
    settings.values.putAll(DEFAULTS);
    settings.values.putAll(db.read(store::all));
    if (!overrides.isEmpty()) {
      db.write(tx -> {
        overrides.forEach((id, value) -> store.put(tx, id, value, clock.instant()));
        return null;
      });
      settings.values.putAll(overrides);
      log.info("Settings forced by OVERWRITE_SETTING_*: {}", overrides.keySet());
    }
    return settings;
  }

  /** Every known setting id, in a stable order. */
  public java.util.List<String> ids() {
    return values.keySet().stream().sorted().toList();
  }

  public boolean isPublic(String id) {
    return PUBLIC.contains(id) || TWO_FACTOR_PUBLIC.contains(id);
  }

  public boolean exists(String id) {
    return values.containsKey(id);
  }

  /**
   * The value typed as Rocket.Chat sends it: booleans and numbers where the default is one,
   * text otherwise.
   */
  public Object typed(String id) {
    String value = string(id);
    String kind = DEFAULTS.getOrDefault(id, value);
    if (kind.equals("true") || kind.equals("false")) {
      return Boolean.parseBoolean(value);
    }
    if (kind.matches("-?\\d+")) {
      try {
        return Long.parseLong(value.trim());
      } catch (NumberFormatException e) {
        return value;
      }
    }
    return value;
  }

  /** Changes a setting now and for later starts (the admin API); takes effect at once. */
  public void set(String id, String value) {
    db.write(tx -> {
      store.put(tx, id, value, clock.instant());
      return null;
    });
    values.put(id, value);
    chat.parley.events.EventHub hub = events;
    if (hub != null) {
      hub.publish(new chat.parley.events.Event.SettingChanged(id, typed(id), isPublic(id)));
    }
  }

  /** From now on every {@link #set} is published ({@code public-settings-changed}...). */
  public void publishChangesTo(chat.parley.events.EventHub hub) {
    this.events = hub;
    // A change made on another node of the cluster: take its value (ours is already current).
    hub.subscribe(event -> {
      if (event instanceof chat.parley.events.Event.SettingChanged changed && changed.value() != null) {
        values.put(changed.settingId(), String.valueOf(changed.value()));
      }
    });
  }

  public String string(String id) {
    return values.getOrDefault(id, "");
  }

  public int integer(String id) {
    try {
      return Integer.parseInt(string(id).trim());
    } catch (NumberFormatException e) {
      return Integer.parseInt(DEFAULTS.getOrDefault(id, "0"));
    }
  }

  public boolean bool(String id) {
    return Boolean.parseBoolean(string(id).trim());
  }

  /** Days a login token lives; 0, negative or unreadable falls back to 90, as Rocket.Chat does. */
  public int loginExpirationDays() {
    try {
      double days = Double.parseDouble(string("Accounts_LoginExpiration").trim());
      return days > 0 && !Double.isNaN(days) ? (int) Math.ceil(days) : 90;
    } catch (NumberFormatException e) {
      return 90;
    }
  }
}
