/** Invite links to rooms: created by owners and moderators, used by anyone logged in. */
package chat.parley.invites;
