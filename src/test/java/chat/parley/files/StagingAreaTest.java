package chat.parley.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nodes sharing a data directory: a starting node removes only what a crash left long ago. */
class StagingAreaTest {
  @TempDir
  Path uploads;

  @Test
  void a_starting_node_keeps_other_nodes_uploads_and_removes_only_stale_leftovers()
      throws IOException {
    LocalBlobStore first = new LocalBlobStore(uploads);
    BlobStore.Staged receiving = first.stage(-1);
    receiving.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    Path tmp = uploads.resolve("tmp");
    Path crashed = Files.createDirectories(tmp.resolve("node-crashed"));
    Path stale = Files.write(crashed.resolve("up-1.part"), new byte[10]);
    Path legacy = Files.write(tmp.resolve("up-old.part"), new byte[10]);
    FileTime twoHoursAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
    Files.setLastModifiedTime(stale, twoHoursAgo);
    Files.setLastModifiedTime(legacy, twoHoursAgo);
    Files.setLastModifiedTime(crashed, twoHoursAgo);

    LocalBlobStore second = new LocalBlobStore(uploads);

    assertThat(stale).doesNotExist();
    assertThat(legacy).doesNotExist();
    // The first node's upload in progress survives and still commits.
    receiving.commit("abcdefgh");
    assertThat(first.open("abcdefgh")).isPresent();
    assertThat(second.open("abcdefgh").orElseThrow().size()).isEqualTo(3);
    assertThat(second.staging().dir()).isNotEqualTo(first.staging().dir());
    try (var dirs = Files.list(tmp)) {
      assertThat(dirs.toList()).containsExactlyInAnyOrder(first.staging().dir(),
          second.staging().dir());
    }
  }
}
