/** Workspace settings by Rocket.Chat id: defaults in code, stored values, forced overrides. */
package chat.parley.settings;
