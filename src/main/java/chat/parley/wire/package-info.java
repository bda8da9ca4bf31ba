/**
 * The only package that knows Rocket.Chat's JSON: field names like {@code _id}, {@code rid},
 * {@code u}, and how dates are written on each protocol.
 */
package chat.parley.wire;
