package chat.parley.files;

import chat.parley.common.ParleyException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;

/**
 * Fetches an image from a URL a user gave ({@code users.setAvatar} with {@code avatarUrl}) without
 * letting them reach the server's own network: http(s) only, every address the host resolves to
 * must be public (no loopback, private, link-local, unique-local, multicast or unspecified
 * address), no redirects, a short timeout and the upload size cap.
 *
 * <p>The host is resolved again by the HTTP client when it connects; a DNS answer that changes in
 * between (rebinding) is not covered. Deployments that need that should leave {@code
 * Accounts_AvatarAllowExternalUrl} off or put an egress proxy in front.
 */
final class SafeFetch {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private SafeFetch() {}

  /** Reads the image into {@code staged}; returns its Content-Type. */
  static String fetchImage(String url, BlobStore.Staged staged) {
    URI uri = checked(url);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
        .header("Accept", "image/*").GET().build();
    try {
      HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw invalid(url);
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.toLowerCase(Locale.ROOT).matches("image/.+")) {
          throw invalid(url);
        }
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = body.read(buf)) > 0) {
          staged.write(ByteBuffer.wrap(buf, 0, n));
        }
        return type;
      }
    } catch (BlobStore.TooLarge e) {
      throw FileService.tooLarge(e.limit());
    } catch (IOException e) {
      throw invalid(url);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw invalid(url);
    }
  }

  /** The URI if it is http(s) to a host whose every address is public. */
  static URI checked(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw invalid(url);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
        || uri.getUserInfo() != null) {
      throw invalid(url);
    }
    try {
      InetAddress[] addresses = InetAddress.getAllByName(uri.getHost());
      for (InetAddress a : addresses) {
        if (!isPublic(a)) {
          throw invalid(url);
        }
      }
    } catch (UnknownHostException e) {
      throw invalid(url);
    }
    return uri;
  }

  static boolean isPublic(InetAddress a) {
    if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress()
        || a.isSiteLocalAddress() || a.isMulticastAddress()) {
      return false;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return !(first == 0 || first >= 240 // this network, reserved, broadcast
          || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
          || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
          || (first == 198 && (second == 18 || second == 19))); // benchmarking
    }
    if (a instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) {
        return false; // unique local fc00::/7
      }
      boolean v4Mapped = true;
      for (int i = 0; i < 10; i++) {
        v4Mapped &= b[i] == 0;
      }
      if (v4Mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
        try {
          return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return false;
        }
      }
    }
    return true;
  }

  private static ParleyException invalid(String url) {
    return new ParleyException.Invalid("error-avatar-invalid-url",
        "Invalid avatar URL: " + url + " [error-avatar-invalid-url]");
  }
}
