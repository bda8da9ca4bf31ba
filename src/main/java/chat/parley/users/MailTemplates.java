package chat.parley.users;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rocket.Chat's mail placeholders: {@code [Site_Name]}, {@code [Forgot_Password_Url]}, {@code
 * [name]}... (also written {@code __name__}), filled HTML-escaped into the HTML body; and the plain
 * text form of a body, links written out.
 */
final class MailTemplates {
  private static final Pattern KEY = Pattern.compile("\\[([A-Za-z_]+)]|__([A-Za-z_]+)__");
  private static final Pattern LINK =
      Pattern.compile("<a\\b[^>]*href=\"([^\"]*)\"[^>]*>(.*?)</a>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private MailTemplates() {}

  static String fill(String template, Map<String, String> values, boolean html) {
    Matcher m = KEY.matcher(template == null ? "" : template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String key = m.group(1) != null ? m.group(1) : m.group(2);
      String value = values.get(key);
      if (value == null) {
        value = values.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key))
            .map(Map.Entry::getValue).findFirst().orElse(m.group());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(html ? escape(value) : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  static String page(String title, String body) {
    return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + escape(title)
        + "</title></head><body>" + body + "</body></html>";
  }

  /** The body without tags: {@code <a href="u">Reset</a>} becomes {@code Reset: u}. */
  static String text(String html) {
    String t = LINK.matcher(html).replaceAll(r -> Matcher.quoteReplacement("\n" + r.group(2) + ": " + r.group(1) + "\n"));
    t = t.replaceAll("(?i)<br\\s*/?>|</?(p|h[1-6]|div)\\b[^>]*>", "\n").replaceAll("<[^>]+>", "");
    t = t.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
        .replace("&amp;", "&");
    return t.replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").trim() + "\n";
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
