package chat.parley.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Files under {@code <data>/uploads}: {@code ab/cd/<key>} by the key's leading characters, so no
 * directory grows huge. Bytes are received in {@code tmp/}, fsynced, then renamed into place,
 * so a crash leaves either the whole file or none of it. Staging is per process ({@link
 * StagingArea}), so nodes may share the directory.
 */
public final class LocalBlobStore implements BlobStore {
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{4,64}");

  private final Path root;
  private final StagingArea staging;

  public LocalBlobStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
    this.staging = new StagingArea(this.root.resolve("tmp"));
  }

  Path pathOf(String key) {
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("Not a blob key: " + key);
    }
    return root.resolve(key.substring(0, 2)).resolve(key.substring(2, 4)).resolve(key);
  }

  StagingArea staging() {
    return staging;
  }

  /** Whether the key holds bytes here. */
  boolean has(String key) {
    return Files.isRegularFile(pathOf(key));
  }

  @Override
  public Staged stage(long limit) throws IOException {
    return new LocalStaged(staging.create(limit, false));
  }

  @Override
  public Optional<Blob> open(String key) throws IOException {
    Path path = pathOf(key);
    if (!Files.isRegularFile(path)) {
      return Optional.empty();
    }
    long size = Files.size(path);
    return Optional.of(new Blob() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public InputStream openAt(long offset) throws IOException {
        SeekableByteChannel ch = Files.newByteChannel(path, StandardOpenOption.READ);
        ch.position(offset);
        return Channels.newInputStream(ch);
      }
    });
  }

  @Override
  public void delete(String key) throws IOException {
    Files.deleteIfExists(pathOf(key));
  }

  private final class LocalStaged extends StagedFile {
    LocalStaged(StagingArea.File file) {
      super(file);
    }

    @Override
    public void commit(String key) throws IOException {
      Path target = pathOf(key);
      file.channel.force(true);
      file.channel.close();
      Files.createDirectories(target.getParent());
      try {
        Files.move(file.path, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(file.path, target, StandardCopyOption.REPLACE_EXISTING);
      }
      fsyncDirectory(target.getParent());
      committed();
    }
  }

  private static void fsyncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not every platform can open a directory; the rename itself is still atomic.
    }
  }
}
