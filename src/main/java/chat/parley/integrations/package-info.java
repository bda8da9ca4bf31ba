/** Incoming webhooks: how outside programs post into rooms with one URL. */
package chat.parley.integrations;
