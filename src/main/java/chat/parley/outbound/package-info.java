/**
 * Calls Parley makes to other servers (outgoing webhooks): HTTP with timeouts, no redirects, a
 * capped answer size. Feature packages reach it through their own interfaces.
 */
package chat.parley.outbound;
