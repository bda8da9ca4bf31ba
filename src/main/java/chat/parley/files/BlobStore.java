package chat.parley.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Where file bytes live, addressed by keys Parley makes ({@code [A-Za-z0-9_-]+}). The local
 * implementation is {@link LocalBlobStore}; {@link S3BlobStore} keeps them in an S3-compatible
 * bucket that every node of a cluster shares.
 */
public interface BlobStore {
  /**
   * A new, empty staging area taking at most {@code limit} bytes (-1: no cap); bytes written to
   * it become visible only on {@link Staged#commit}.
   */
  Staged stage(long limit) throws IOException;

  /** The stored bytes, or empty if the key holds none. */
  Optional<Blob> open(String key) throws IOException;

  /**
   * The bytes under {@code key} whose size the metadata already records: a store may skip asking
   * for it (S3: no HEAD request); bytes found missing then fail on read with {@link
   * java.io.FileNotFoundException}.
   */
  default Blob known(String key, long size) throws IOException {
    return open(key).orElseThrow(() -> new java.io.FileNotFoundException(key));
  }

  /** Removes the bytes; a missing key is not an error. */
  void delete(String key) throws IOException;

  /**
   * A URL a client may fetch the bytes from directly, valid for {@code ttl}, answering with the
   * given {@code Content-Type} and {@code Content-Disposition}; empty when the store has no such
   * URLs (local files) or the bytes are not in it.
   */
  default Optional<java.net.URI> directUrl(String key, java.time.Duration ttl, String contentType,
      String contentDisposition) {
    return Optional.empty();
  }

  /** Whether {@link #directUrl} can answer at all (saves looking things up when it cannot). */
  default boolean hasDirectUrls() {
    return false;
  }

  /** The origin ({@code scheme://host[:port]}) of {@link #directUrl}s, for the web client's CSP. */
  default Optional<String> directOrigin() {
    return Optional.empty();
  }

  /** Bytes being received: counted, capped, and durable only once committed. */
  interface Staged extends AutoCloseable {
    /** Appends; throws {@link TooLarge} (and keeps nothing more) past {@code limit} bytes. */
    void write(ByteBuffer bytes) throws IOException;

    long size();

    /** A stream over what was written so far (to sniff or decode it before committing). */
    InputStream read() throws IOException;

    /** Flushes to disk and makes the bytes readable under {@code key}, atomically. */
    void commit(String key) throws IOException;

    /** Drops the staged bytes unless committed; safe to call twice. */
    @Override
    void close();
  }

  /** Stored bytes: their length and a stream from an offset. */
  interface Blob {
    long size();

    InputStream openAt(long offset) throws IOException;

    /** {@code length} bytes from {@code offset} (a store may fetch just those). */
    default InputStream openRange(long offset, long length) throws IOException {
      return openAt(offset);
    }
  }

  /** The bytes went past the allowed size. */
  final class TooLarge extends IOException {
    private final long limit;

    public TooLarge(long limit) {
      super("more than " + limit + " bytes");
      this.limit = limit;
    }

    public long limit() {
      return limit;
    }
  }
}
