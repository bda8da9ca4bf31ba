/**
 * Integrations: incoming webhooks (outside programs post into rooms with one URL) and outgoing
 * webhooks (Parley calls outside URLs on events). Outgoing calls never run on a request's thread:
 * {@link chat.parley.integrations.OutgoingWebhooks} listens to the event hub like a socket.
 */
package chat.parley.integrations;
