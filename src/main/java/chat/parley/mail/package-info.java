/**
 * Outbound mail: Rocket.Chat's {@code SMTP_*} settings, a small SMTP client and the bounded queue
 * that sends off the request path. Nothing here ever throws at a caller because a mail failed: a
 * failed delivery is retried and logged, never shown to a client.
 */
package chat.parley.mail;
