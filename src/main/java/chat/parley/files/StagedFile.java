package chat.parley.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * An upload being received into the staging area; each store only says how {@link #commit}
 * makes it permanent (a move on disk, a PUT to a bucket).
 */
abstract class StagedFile implements BlobStore.Staged {
  protected final StagingArea.File file;
  private boolean done;

  StagedFile(StagingArea.File file) {
    this.file = file;
  }

  @Override
  public void write(ByteBuffer bytes) throws IOException {
    file.write(bytes);
  }

  @Override
  public long size() {
    return file.size();
  }

  @Override
  public InputStream read() throws IOException {
    return file.read();
  }

  /** The staged file now belongs elsewhere (moved): closing must not delete it. */
  protected void committed() {
    done = true;
  }

  @Override
  public void close() {
    if (!done) {
      done = true;
      file.discard();
    }
  }
}
