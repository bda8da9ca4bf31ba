package chat.parley.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where bytes being received wait on local disk: {@code <tmp>/<node>/}, one directory per running
 * process, so several nodes sharing a data directory never touch each other's uploads. At start
 * only what a crash left behind is removed: files untouched for {@link #STALE} (an upload being
 * received is written to all the time).
 */
final class StagingArea {
  private static final Logger log = LoggerFactory.getLogger(StagingArea.class);
  static final Duration STALE = Duration.ofHours(1);

  private final Path dir;

  StagingArea(Path tmpRoot) {
    try {
      Files.createDirectories(tmpRoot);
      removeStale(tmpRoot, Instant.now().minus(STALE));
      this.dir = Files.createTempDirectory(tmpRoot, "node-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the upload staging directory in " + tmpRoot, e);
    }
  }

  Path dir() {
    return dir;
  }

  /** Deletes files older than {@code before} under {@code root}, then directories left empty. */
  static void removeStale(Path root, Instant before) throws IOException {
    FileTime cutoff = FileTime.from(before);
    // Ages are read before anything is deleted (deleting a file touches its directory).
    List<Path> stale = new java.util.ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(p -> !p.equals(root)).toList()) {
        try {
          if (Files.getLastModifiedTime(p).compareTo(cutoff) < 0) {
            stale.add(p);
          }
        } catch (IOException e) {
          // Gone meanwhile.
        }
      }
    }
    stale.sort(Comparator.reverseOrder());
    for (Path p : stale) {
      try {
        if (Files.isDirectory(p)) {
          try (Stream<Path> left = Files.list(p)) {
            if (left.findAny().isPresent()) {
              continue;
            }
          }
        }
        Files.deleteIfExists(p);
      } catch (IOException e) {
        log.debug("Could not remove stale staging file {}", p, e);
      }
    }
  }

  /** A new staging file; {@code digest} also computes its SHA-256 (to sign an S3 upload). */
  File create(long limit, boolean digest) throws IOException {
    Path file;
    try {
      file = Files.createTempFile(dir, "up-", ".part");
    } catch (java.nio.file.NoSuchFileException e) {
      // Another node starting up removed our directory while it was empty for an hour.
      Files.createDirectories(dir);
      file = Files.createTempFile(dir, "up-", ".part");
    }
    return new File(file, FileChannel.open(file, StandardOpenOption.WRITE), limit, digest);
  }

  /** Bytes on disk being received: counted, capped, optionally hashed. */
  static final class File {
    final Path path;
    final FileChannel channel;
    private final long limit;
    private final MessageDigest sha256;
    private long size;

    private File(Path path, FileChannel channel, long limit, boolean digest) {
      this.path = path;
      this.channel = channel;
      this.limit = limit;
      try {
        this.sha256 = digest ? MessageDigest.getInstance("SHA-256") : null;
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    void write(ByteBuffer bytes) throws IOException {
      size += bytes.remaining();
      if (limit >= 0 && size > limit) {
        throw new BlobStore.TooLarge(limit);
      }
      if (sha256 != null) {
        sha256.update(bytes.duplicate());
      }
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    }

    long size() {
      return size;
    }

    InputStream read() throws IOException {
      return Files.newInputStream(path);
    }

    /** The hex SHA-256 of everything written (only when created with a digest). */
    String sha256Hex() {
      return java.util.HexFormat.of().formatHex(sha256.digest());
    }

    /** Closes and deletes the file. */
    void discard() {
      try {
        channel.close();
        Files.deleteIfExists(path);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
