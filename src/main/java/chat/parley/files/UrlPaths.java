package chat.parley.files;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Percent-encoding of one path segment, the way {@code encodeURI} leaves a file name usable. */
public final class UrlPaths {
  private UrlPaths() {}

  public static String encodeSegment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
