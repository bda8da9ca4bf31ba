package chat.parley.mail;

import chat.parley.settings.Settings;
import java.util.Locale;

/**
 * Rocket.Chat's SMTP settings (apps/meteor/server/settings/email.ts), read at send time so an
 * admin's change applies to the next mail. No {@code SMTP_Host} means mail is off, as in
 * Rocket.Chat ({@code isSMTPConfigured}).
 */
public record SmtpConfig(String host, int port, boolean implicitTls, boolean ignoreTls, boolean pool,
    String username, String password, String from) {

  public static SmtpConfig from(Settings settings) {
    boolean smtps = "smtps".equals(settings.string("SMTP_Protocol").trim().toLowerCase(Locale.ROOT));
    int port;
    try {
      port = Integer.parseInt(settings.string("SMTP_Port").trim());
    } catch (NumberFormatException e) {
      // Nodemailer's defaults, which Rocket.Chat's MAIL_URL ends up using without a port.
      port = smtps ? 465 : 587;
    }
    return new SmtpConfig(settings.string("SMTP_Host").trim(), port, smtps,
        settings.bool("SMTP_IgnoreTLS"), settings.bool("SMTP_Pool"),
        settings.string("SMTP_Username"), settings.string("SMTP_Password"),
        settings.string("From_Email").trim());
  }

  public boolean configured() {
    return !host.isEmpty() && port > 0 && port < 65536;
  }

  /** {@code From_Email}, or {@code no-reply@<host>} when the admin left it empty. */
  public String sender() {
    return from.isEmpty() ? "no-reply@" + host : from;
  }

  @Override
  public String toString() {
    // Never log the password.
    return (implicitTls ? "smtps://" : "smtp://") + host + ":" + port;
  }
}
