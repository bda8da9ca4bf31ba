package chat.parley.files;

/** Stored bytes ready to stream to a client, with their type and ETag. */
public record Stored(BlobStore.Blob blob, String type, String etag) {}
