package chat.parley.files;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for S3, by hand (no SDK): the {@code Authorization} header of a request
 * and presigned URLs. Follows docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-authenticating-requests.html;
 * {@code SigV4Test} checks it against the examples published there.
 */
final class SigV4 {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final String UNSIGNED = "UNSIGNED-PAYLOAD";
  static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final String accessKey;
  private final String secretKey;
  private final String region;

  SigV4(String accessKey, String secretKey, String region) {
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.region = region;
  }

  /**
   * The headers to add to a request: {@code x-amz-date}, {@code x-amz-content-sha256} and {@code
   * Authorization}. {@code headers} are the other headers to sign (lower-case names, e.g.
   * {@code range}); {@code host} is always signed.
   */
  Map<String, String> sign(String method, URI uri, Map<String, String> headers,
      String payloadSha256, Instant now) {
    String amzDate = AMZ_DATE.format(now);
    TreeMap<String, String> signed = new TreeMap<>();
    headers.forEach((k, v) -> signed.put(k.toLowerCase(Locale.ROOT), v.trim()));
    signed.put("host", hostHeader(uri));
    signed.put("x-amz-content-sha256", payloadSha256);
    signed.put("x-amz-date", amzDate);
    String signedNames = String.join(";", signed.keySet());
    String canonical = method + "\n" + canonicalPath(uri) + "\n" + canonicalQuery(query(uri)) + "\n"
        + signed.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue() + "\n")
            .collect(Collectors.joining())
        + "\n" + signedNames + "\n" + payloadSha256;
    String scope = scope(now);
    String signature = signature(now, amzDate, scope, canonical);
    Map<String, String> out = new TreeMap<>();
    out.put("x-amz-date", amzDate);
    out.put("x-amz-content-sha256", payloadSha256);
    out.put("Authorization", ALGORITHM + " Credential=" + accessKey + "/" + scope
        + ",SignedHeaders=" + signedNames + ",Signature=" + signature);
    return out;
  }

  /**
   * A presigned GET URL valid {@code expiresSeconds} from {@code now}; {@code extra} query
   * parameters (e.g. {@code response-content-type}) are signed with it.
   */
  URI presign(URI uri, long expiresSeconds, Map<String, String> extra, Instant now) {
    String amzDate = AMZ_DATE.format(now);
    String scope = scope(now);
    TreeMap<String, String> q = new TreeMap<>(query(uri));
    q.putAll(extra);
    q.put("X-Amz-Algorithm", ALGORITHM);
    q.put("X-Amz-Credential", accessKey + "/" + scope);
    q.put("X-Amz-Date", amzDate);
    q.put("X-Amz-Expires", Long.toString(expiresSeconds));
    q.put("X-Amz-SignedHeaders", "host");
    String canonical = "GET\n" + canonicalPath(uri) + "\n" + canonicalQuery(q) + "\n"
        + "host:" + hostHeader(uri) + "\n\nhost\n" + UNSIGNED;
    String signature = signature(now, amzDate, scope, canonical);
    String base = uri.getScheme() + "://" + uri.getRawAuthority() + canonicalPath(uri);
    return URI.create(base + "?" + canonicalQuery(q) + "&X-Amz-Signature=" + signature);
  }

  private String scope(Instant now) {
    return AMZ_DATE.format(now).substring(0, 8) + "/" + region + "/s3/aws4_request";
  }

  private String signature(Instant now, String amzDate, String scope, String canonical) {
    String toSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonical);
    byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8),
        AMZ_DATE.format(now).substring(0, 8));
    key = hmac(key, region);
    key = hmac(key, "s3");
    key = hmac(key, "aws4_request");
    return HexFormat.of().formatHex(hmac(key, toSign));
  }

  /** What Java's HttpClient sends as {@code Host}: the port only when not the scheme's default. */
  static String hostHeader(URI uri) {
    int port = uri.getPort();
    boolean standard = port == -1 || ("https".equals(uri.getScheme()) && port == 443)
        || ("http".equals(uri.getScheme()) && port == 80);
    return standard ? uri.getHost() : uri.getHost() + ":" + port;
  }

  /** Each path segment URI-encoded once (S3 does not double-encode); {@code /} kept. */
  static String canonicalPath(URI uri) {
    String path = uri.getPath();
    if (path == null || path.isEmpty()) {
      return "/";
    }
    java.util.List<String> segments = new java.util.ArrayList<>();
    for (String segment : path.split("/", -1)) {
      segments.add(encode(segment));
    }
    return String.join("/", segments);
  }

  private static Map<String, String> query(URI uri) {
    TreeMap<String, String> q = new TreeMap<>();
    String raw = uri.getQuery();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      q.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
    }
    return q;
  }

  private static String canonicalQuery(Map<String, String> q) {
    return q.entrySet().stream()
        .map(e -> Map.entry(encode(e.getKey()), encode(e.getValue())))
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("&"));
  }

  /** RFC 3986 percent-encoding: everything but {@code A-Za-z0-9-_.~}. */
  static String encode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  static String sha256Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
