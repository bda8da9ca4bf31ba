package chat.parley.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real S3-compatible server for tests: the npm package {@code s3rver} (installed in {@code
 * e2e/s3} by {@code .ci/run}), on a random loopback port over a temporary directory, with one
 * bucket. Tests using it are skipped only when Node.js is missing; a missing {@code npm ci} fails.
 */
public final class S3rver implements AutoCloseable {
  public static final String BUCKET = "parley-files";
  /** s3rver's built-in credentials. */
  public static final String ACCESS_KEY = "S3RVER";
  public static final String SECRET_KEY = "S3RVER";
  private static final Pattern LISTENING = Pattern.compile("listening on [^:\\s]+:(\\d+)");

  private final Process process;
  private final Path dir;
  private final int port;

  private S3rver(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  public static S3rver start() {
    Assumptions.assumeTrue(nodeInstalled(),
        "Node.js is not installed: the S3 blob store tests need it to run s3rver (apt-get install nodejs npm)");
    Path script = Path.of("e2e/s3/node_modules/s3rver/bin/s3rver.js").toAbsolutePath();
    assertThat(script).as("run: cd e2e/s3 && npm ci").exists();
    Path dir = TestServer.tempDir();
    try {
      Process p = new ProcessBuilder("node", script.toString(), "-d", dir.toString(),
          "-a", "127.0.0.1", "-p", "0", "--silent", "--configure-bucket", BUCKET)
          .redirectErrorStream(true).start();
      InputStream out = p.getInputStream();
      StringBuilder seen = new StringBuilder();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      int c;
      while ((c = out.read()) != -1) {
        seen.append((char) c);
        Matcher m = LISTENING.matcher(seen);
        if (m.find() && seen.length() > m.end()) {
          int port = Integer.parseInt(m.group(1));
          Thread.ofPlatform().daemon(true).start(() -> drain(out));
          return new S3rver(p, dir, port);
        }
        if (System.nanoTime() > deadline) {
          break;
        }
      }
      p.destroyForcibly();
      throw new IllegalStateException("s3rver did not start: " + seen);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void drain(InputStream out) {
    try (out) {
      out.transferTo(OutputSink.INSTANCE);
    } catch (IOException ignored) {
      // The process ended.
    }
  }

  private static final class OutputSink extends java.io.OutputStream {
    static final OutputSink INSTANCE = new OutputSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }

  private static boolean nodeInstalled() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** The settings that point Parley's file storage at this server (path-style addressing). */
  public Map<String, String> settings() {
    return Map.of("FileUpload_Storage_Type", "AmazonS3", "FileUpload_S3_Bucket", BUCKET,
        "FileUpload_S3_AWSAccessKeyId", ACCESS_KEY, "FileUpload_S3_AWSSecretAccessKey", SECRET_KEY,
        "FileUpload_S3_Region", "us-east-1", "FileUpload_S3_BucketURL", endpoint(),
        "FileUpload_S3_ForcePathStyle", "true");
  }

  /** How many objects the bucket holds (s3rver keeps each as {@code <key>._S3rver_object}). */
  public long objects() {
    try (Stream<Path> files = Files.walk(dir.resolve(BUCKET))) {
      return files.filter(p -> p.getFileName().toString().endsWith("._S3rver_object")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the bucket holds an object under {@code key}. */
  public boolean has(String key) {
    return Files.exists(dir.resolve(BUCKET).resolve(key + "._S3rver_object"));
  }

  /** Removes an object behind the server's back (as a bucket lifecycle rule or an operator might). */
  public void lose(String key) {
    try (Stream<Path> files = Files.list(dir.resolve(BUCKET))) {
      for (Path p : files.filter(p -> p.getFileName().toString().startsWith(key + "._S3rver"))
          .toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.toHandle().descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
