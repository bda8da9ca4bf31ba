package chat.parley.files;

import chat.parley.settings.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the {@link BlobStore} at start-up from {@code FileUpload_Storage_Type}: {@code AmazonS3}
 * (any S3-compatible server; what a cluster needs) or the local file system. Changing the type or
 * the {@code FileUpload_S3_*} connection settings takes effect at the next start.
 */
public final class BlobStores {
  private static final Logger log = LoggerFactory.getLogger(BlobStores.class);

  private BlobStores() {}

  public static BlobStore fromSettings(Settings settings, Path uploads, Clock clock) {
    LocalBlobStore local = new LocalBlobStore(uploads);
    String type = settings.string("FileUpload_Storage_Type").trim();
    if (!"AmazonS3".equals(type)) {
      if (!type.equals("FileSystem")) {
        log.warn("FileUpload_Storage_Type {} is not supported; files are kept in {}", type, uploads);
      }
      return local;
    }
    String region = settings.string("FileUpload_S3_Region").trim();
    if (region.isEmpty()) {
      region = "us-east-1";
    }
    URI endpoint = S3BlobStore.Target.endpointOf(settings.string("FileUpload_S3_BucketURL"), region);
    S3BlobStore.Target target;
    try {
      target = new S3BlobStore.Target(endpoint, settings.string("FileUpload_S3_Bucket").trim(),
          settings.string("FileUpload_S3_AWSAccessKeyId").trim(),
          settings.string("FileUpload_S3_AWSSecretAccessKey").trim(), region,
          settings.bool("FileUpload_S3_ForcePathStyle"));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("FileUpload_Storage_Type is AmazonS3 but " + e.getMessage(), e);
    }
    S3BlobStore s3 = new S3BlobStore(target, local, clock);
    String problem = s3.check();
    if (problem == null) {
      log.info("Files are stored in {}", s3);
    } else {
      log.warn("Files are stored in {}, which does not answer as expected yet: {}", s3, problem);
    }
    return s3;
  }
}
