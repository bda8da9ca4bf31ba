/**
 * Uploaded files, thumbnails and avatars: the metadata (Rocket.Chat's {@code IUpload}) and the
 * bytes behind a {@link chat.parley.files.BlobStore}. The one rule: bytes are stored under an id
 * Parley chose, never under a name a user sent, and nothing is kept from a refused upload.
 */
package chat.parley.files;
