package chat.parley.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Rocket.Chat's signed file URLs ({@code ?token=} on {@code /file-upload/...}, from {@code
 * FileUpload.generateJWTToFileUrls}): an HS256 JWT keyed by {@code
 * FileUpload_json_web_token_secret_for_files} with {@code iat}, {@code nbf}, {@code exp} (an hour
 * later), {@code aud: "RocketChat"} and {@code context: {rid, userId, fileId}}. Made and checked
 * by hand with javax.crypto; only HS256 is accepted.
 */
public final class RcFileToken {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  /** Rocket.Chat's {@code generateJWT} default lifetime. */
  public static final long LIFETIME_SECONDS = 3600;

  private RcFileToken() {}

  /** A token for one file, as Rocket.Chat signs it. */
  public static String sign(String roomId, String userId, String fileId, String secret,
      Instant now, long lifetimeSeconds) {
    long iat = now.getEpochSecond();
    ObjectNode payload = RcJson.rest().createObjectNode();
    payload.put("iat", iat);
    payload.put("nbf", iat);
    payload.put("exp", iat + lifetimeSeconds);
    payload.put("aud", "RocketChat");
    payload.set("context", RcJson.rest().valueToTree(
        Map.of("rid", roomId, "userId", userId, "fileId", fileId)));
    String head = B64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"HS256\"}"
        .getBytes(StandardCharsets.UTF_8));
    String body = B64.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8));
    return head + "." + body + "." + B64.encodeToString(hmac(secret, head + "." + body));
  }

  /**
   * Whether {@code token} opens {@code fileId} at {@code now}: an HS256 signature by {@code
   * secret}, inside {@code nbf}..{@code exp}, and (when the token names one) for this file.
   */
  public static boolean opens(String token, String secret, String fileId, Instant now) {
    if (token == null || secret == null || secret.isEmpty()) {
      return false;
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return false;
    }
    try {
      JsonNode header = RcJson.rest().readTree(B64D.decode(parts[0]));
      if (header == null || !"HS256".equals(header.path("alg").asText())) {
        return false;
      }
      byte[] expected = hmac(secret, parts[0] + "." + parts[1]);
      if (!MessageDigest.isEqual(expected, B64D.decode(parts[2]))) {
        return false;
      }
      JsonNode payload = RcJson.rest().readTree(B64D.decode(parts[1]));
      if (payload == null || !payload.isObject()) {
        return false;
      }
      long t = now.getEpochSecond();
      if (payload.has("exp") && (!payload.get("exp").isNumber() || payload.get("exp").asLong() <= t)) {
        return false;
      }
      if (payload.has("nbf") && (!payload.get("nbf").isNumber() || payload.get("nbf").asLong() > t)) {
        return false;
      }
      JsonNode file = payload.path("context").path("fileId");
      return file.isMissingNode() || file.isNull() || fileId.equals(file.asText());
    } catch (IllegalArgumentException | IOException e) {
      return false;
    }
  }

  private static byte[] hmac(String secret, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
