package chat.parley.integrations;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.function.BooleanSupplier;

/**
 * SSRF protection for outgoing webhooks: a target whose host resolves to a loopback, private,
 * link-local, carrier-grade NAT, unique-local, multicast or unspecified address is refused unless
 * the admin setting {@code Parley_Integrations_Allow_Private_Targets} allows it.
 */
public final class TargetGuard {
  public static final String SETTING = "Parley_Integrations_Allow_Private_Targets";

  private final BooleanSupplier allowPrivate;

  public TargetGuard(BooleanSupplier allowPrivate) {
    this.allowPrivate = allowPrivate;
  }

  /** Why {@code url} may not be called, or null when it may. */
  public String refusal(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      return "Invalid URL";
    }
    String scheme = String.valueOf(uri.getScheme()).toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      return "Only http and https URLs can be called";
    }
    if (allowPrivate.getAsBoolean()) {
      return null;
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (isPrivate(address)) {
          return "The URL's host " + uri.getHost() + " resolves to the private or local address "
              + address.getHostAddress() + "; an administrator may allow such targets with the"
              + " setting " + SETTING;
        }
      }
    } catch (UnknownHostException e) {
      return "Unknown host " + uri.getHost();
    }
    return null;
  }

  static boolean isPrivate(InetAddress a) {
    if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress()
        || a.isSiteLocalAddress() || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 || (first == 100 && second >= 64 && second <= 127)
          || (first == 198 && (second == 18 || second == 19)) || first >= 240;
    }
    if (a instanceof Inet6Address) {
      return (b[0] & 0xfe) == 0xfc; // fc00::/7 unique local
    }
    return false;
  }
}
