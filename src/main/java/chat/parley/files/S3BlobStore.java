package chat.parley.files;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Blobs in an S3-compatible bucket (Amazon S3, MinIO, Ceph, ...), so every node of a cluster sees
 * the same files. A small client of its own over the JDK's HttpClient, signed with {@link SigV4}:
 * PUT (the staged file, its SHA-256 signed), GET with a range, HEAD, DELETE and presigned GET URLs.
 * Bytes are received on local disk first ({@link StagingArea}) and sent on commit, so a refused
 * upload never reaches the bucket. Keys written before the switch from the file system stay
 * readable from {@code legacy} (the local store), and are deleted there.
 */
public final class S3BlobStore implements BlobStore {
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{4,64}");
  private static final Duration SHORT = Duration.ofSeconds(30);

  /** Where the bucket is and how to sign for it. */
  public record Target(URI endpoint, String bucket, String accessKey, String secretKey,
      String region, boolean pathStyle) {
    public Target {
      if (bucket == null || bucket.isBlank()) {
        throw new IllegalArgumentException("FileUpload_S3_Bucket is empty");
      }
      if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
        throw new IllegalArgumentException(
            "FileUpload_S3_AWSAccessKeyId and FileUpload_S3_AWSSecretAccessKey are required");
      }
    }

    /** {@code FileUpload_S3_BucketURL} or, when empty, Amazon's endpoint for the region. */
    public static URI endpointOf(String bucketUrl, String region) {
      String url = bucketUrl == null ? "" : bucketUrl.trim().replaceAll("/+$", "");
      if (url.isEmpty()) {
        return URI.create("https://s3." + region + ".amazonaws.com");
      }
      return URI.create(url.contains("://") ? url : "https://" + url);
    }
  }

  private final Target target;
  private final SigV4 signer;
  private final HttpClient http;
  private final StagingArea staging;
  private final LocalBlobStore legacy;
  private final Clock clock;

  public S3BlobStore(Target target, LocalBlobStore legacy, Clock clock) {
    this.target = target;
    this.signer = new SigV4(target.accessKey(), target.secretKey(), target.region());
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    this.legacy = legacy;
    this.staging = legacy.staging();
    this.clock = clock;
  }

  /** The object's URL, path-style ({@code endpoint/bucket/key}) or virtual-hosted. */
  URI objectUri(String key) {
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("Not a blob key: " + key);
    }
    return uri(key);
  }

  /**
   * Whether the bucket answers (HEAD bucket) with these credentials: a start-up check, so a
   * wrong setting shows in the log before the first upload fails.
   */
  public String check() {
    try {
      URI uri = uri("");
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
          .method("HEAD", HttpRequest.BodyPublishers.noBody());
      signed(b, "HEAD", uri, Map.of(), SigV4.EMPTY_SHA256);
      int status = send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      return status == 200 ? null : "HEAD bucket answered " + status;
    } catch (IOException | RuntimeException e) {
      return e.toString();
    }
  }

  private URI uri(String key) {
    URI e = target.endpoint();
    String base = e.getRawPath() == null ? "" : e.getRawPath().replaceAll("/+$", "");
    String port = e.getPort() == -1 ? "" : ":" + e.getPort();
    if (target.pathStyle()) {
      return URI.create(e.getScheme() + "://" + e.getHost() + port + base + "/"
          + SigV4.encode(target.bucket()) + "/" + key);
    }
    return URI.create(e.getScheme() + "://" + target.bucket() + "." + e.getHost() + port + base
        + "/" + key);
  }

  @Override
  public Staged stage(long limit) throws IOException {
    StagingArea.File file = staging.create(limit, true);
    return new StagedFile(file) {
      @Override
      public void commit(String key) throws IOException {
        file.channel.close();
        URI uri = objectUri(key);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30))
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofFile(file.path));
        signed(b, "PUT", uri, Map.of(), file.sha256Hex());
        HttpResponse<String> r = send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
          throw failure("PUT", key, r.statusCode(), r.body());
        }
        // Uploaded: the local copy goes.
        close();
      }
    };
  }

  @Override
  public Optional<Blob> open(String key) throws IOException {
    URI uri = objectUri(key);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(SHORT)
        .method("HEAD", HttpRequest.BodyPublishers.noBody());
    signed(b, "HEAD", uri, Map.of(), SigV4.EMPTY_SHA256);
    HttpResponse<Void> r = send(b.build(), HttpResponse.BodyHandlers.discarding());
    if (r.statusCode() == 404) {
      return legacy.open(key);
    }
    if (r.statusCode() != 200) {
      throw failure("HEAD", key, r.statusCode(), "");
    }
    long size = r.headers().firstValueAsLong("content-length").orElseThrow(
        () -> new IOException("S3 HEAD " + key + ": no Content-Length"));
    return Optional.of(known(key, size));
  }

  /** No HEAD: the first read asks for the bytes, and falls back to the disk if S3 has none. */
  @Override
  public Blob known(String key, long size) {
    objectUri(key);
    return new Blob() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public InputStream openAt(long offset) throws IOException {
        return openRange(offset, size - offset);
      }

      @Override
      public InputStream openRange(long offset, long length) throws IOException {
        if (length <= 0 || offset >= size) {
          return InputStream.nullInputStream();
        }
        long last = Math.min(size - 1, offset + length - 1);
        Optional<InputStream> in = get(key,
            offset == 0 && last == size - 1 ? null : "bytes=" + offset + "-" + last);
        if (in.isPresent()) {
          return in.get();
        }
        Optional<Blob> local = legacy.open(key);
        if (local.isEmpty()) {
          throw new java.io.FileNotFoundException("S3 has no object " + key);
        }
        return local.get().openRange(offset, length);
      }
    };
  }

  /** The object's bytes (a range of them), or empty when S3 has no such key. */
  private Optional<InputStream> get(String key, String range) throws IOException {
    URI uri = objectUri(key);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(1)).GET();
    Map<String, String> headers = range == null ? Map.of() : Map.of("range", range);
    headers.forEach(b::header);
    signed(b, "GET", uri, headers, SigV4.EMPTY_SHA256);
    HttpResponse<InputStream> r = send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    if (r.statusCode() == 200 || r.statusCode() == 206) {
      return Optional.of(r.body());
    }
    String body;
    try (InputStream in = r.body()) {
      body = new String(in.readNBytes(2000), StandardCharsets.UTF_8);
    }
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    throw failure("GET", key, r.statusCode(), body);
  }

  @Override
  public void delete(String key) throws IOException {
    URI uri = objectUri(key);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(SHORT).DELETE();
    signed(b, "DELETE", uri, Map.of(), SigV4.EMPTY_SHA256);
    HttpResponse<String> r = send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2 && r.statusCode() != 404) {
      throw failure("DELETE", key, r.statusCode(), r.body());
    }
    legacy.delete(key);
  }

  @Override
  public boolean hasDirectUrls() {
    return true;
  }

  @Override
  public Optional<String> directOrigin() {
    URI u = uri("");
    return Optional.of(u.getScheme() + "://" + u.getRawAuthority());
  }

  @Override
  public Optional<URI> directUrl(String key, Duration ttl, String contentType,
      String contentDisposition) {
    if (legacy.has(key)) {
      return Optional.empty(); // Stored before the switch to S3: only this server has it.
    }
    Map<String, String> response = new LinkedHashMap<>();
    if (contentType != null) {
      response.put("response-content-type", contentType);
    }
    if (contentDisposition != null) {
      response.put("response-content-disposition", contentDisposition);
    }
    long seconds = Math.max(1, Math.min(604_800, ttl.toSeconds()));
    return Optional.of(signer.presign(objectUri(key), seconds, response, clock.instant()));
  }

  private void signed(HttpRequest.Builder b, String method, URI uri, Map<String, String> headers,
      String payloadSha256) {
    signer.sign(method, uri, headers, payloadSha256, clock.instant()).forEach(b::header);
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException {
    try {
      return http.send(request, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("S3 request interrupted");
    }
  }

  private static IOException failure(String method, String key, int status, String body) {
    String code = "";
    java.util.regex.Matcher m = Pattern.compile("<Code>([^<]{1,100})</Code>").matcher(body);
    if (m.find()) {
      code = " " + m.group(1);
    }
    return new IOException("S3 " + method + " " + key + " answered " + status + code);
  }

  @Override
  public String toString() {
    return "S3 bucket " + target.bucket() + " at " + target.endpoint().toString()
        .toLowerCase(Locale.ROOT);
  }
}
