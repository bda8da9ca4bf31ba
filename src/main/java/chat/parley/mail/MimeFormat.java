package chat.parley.mail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;

/**
 * Writes a message as RFC 5322 text with MIME: {@code multipart/alternative} of text and HTML, both
 * UTF-8 in base64, and RFC 2047 encoded words for a non-ASCII subject or sender name. Header values
 * lose CR and LF, so no input can add a header.
 */
final class MimeFormat {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  private MimeFormat() {}

  /** The message with CRLF line ends (before SMTP dot-stuffing). */
  static String format(String fromName, String from, Mail mail, Instant date, String messageId,
      String boundary) {
    StringBuilder out = new StringBuilder();
    out.append("From: ");
    if (fromName != null && !fromName.isBlank()) {
      out.append(phrase(fromName)).append(" <").append(clean(from)).append(">");
    } else {
      out.append(clean(from));
    }
    out.append("\r\n");
    out.append("To: ").append(clean(mail.to())).append("\r\n");
    out.append("Subject: ").append(encodeWords(clean(mail.subject()), "Subject: ".length())).append("\r\n");
    out.append("Date: ").append(DATE.format(date)).append("\r\n");
    out.append("Message-ID: <").append(clean(messageId)).append(">\r\n");
    out.append("MIME-Version: 1.0\r\n");
    if (mail.html() == null) {
      part(out, "text/plain", mail.text());
      return out.toString();
    }
    out.append("Content-Type: multipart/alternative; boundary=\"").append(boundary).append("\"\r\n\r\n");
    out.append("--").append(boundary).append("\r\n");
    part(out, "text/plain", mail.text());
    out.append("--").append(boundary).append("\r\n");
    part(out, "text/html", mail.html());
    out.append("--").append(boundary).append("--\r\n");
    return out.toString();
  }

  private static void part(StringBuilder out, String type, String body) {
    out.append("Content-Type: ").append(type).append("; charset=UTF-8\r\n");
    out.append("Content-Transfer-Encoding: base64\r\n\r\n");
    String b64 = Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < b64.length(); i += 76) {
      out.append(b64, i, Math.min(b64.length(), i + 76)).append("\r\n");
    }
  }

  static String clean(String value) {
    return value == null ? "" : value.replaceAll("[\\r\\n]+", " ").trim();
  }

  private static boolean ascii(String s) {
    return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
  }

  /** A display name: plain when it is safe ASCII, quoted when it has specials, else encoded. */
  private static String phrase(String name) {
    String n = clean(name);
    if (!ascii(n)) {
      return encodeWords(n, "From: ".length());
    }
    if (n.matches("[A-Za-z0-9 !#$%&'*+\\-/=?^_`{|}~]*")) {
      return n;
    }
    return "\"" + n.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /**
   * The value as is when it is ASCII; otherwise {@code =?UTF-8?B?...?=} words of at most 75
   * characters, split between code points and folded onto continuation lines.
   */
  static String encodeWords(String value, int used) {
    if (ascii(value)) {
      return value;
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < value.length()) {
      // Lines stay within 76 characters: the header name (first line) or the fold's space, the
      // 12 characters of "=?UTF-8?B?" and "?=", and whole base64 quanta of 3 bytes.
      int maxBytes = (76 - (out.length() == 0 ? used : 1) - 12) / 4 * 3;
      int end = i;
      int bytes = 0;
      while (end < value.length()) {
        int cp = value.codePointAt(end);
        int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
        if (bytes + len > maxBytes) {
          break;
        }
        bytes += len;
        end += Character.charCount(cp);
      }
      if (out.length() > 0) {
        out.append("\r\n ");
      }
      out.append("=?UTF-8?B?")
          .append(Base64.getEncoder().encodeToString(value.substring(i, end).getBytes(StandardCharsets.UTF_8)))
          .append("?=");
      i = end;
    }
    return out.toString();
  }

  /** SMTP's transparency rule (RFC 5321 4.5.2): a line starting with "." gets another. */
  static String dotStuff(String message) {
    String stuffed = message.replace("\r\n.", "\r\n..");
    return stuffed.startsWith(".") ? "." + stuffed : stuffed;
  }
}
