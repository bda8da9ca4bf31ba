/** Slash commands: each is a thin wrapper over the services the REST API uses. */
package chat.parley.commands;
