/** Reported messages and the moderation console; only moderators see reports. */
package chat.parley.moderation;
