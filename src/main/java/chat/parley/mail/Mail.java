package chat.parley.mail;

/** One message to one recipient; {@code html} and {@code text} are the two forms of one body. */
public record Mail(String to, String subject, String html, String text) {
  public Mail {
    if (to == null || to.isBlank()) {
      throw new IllegalArgumentException("a mail needs a recipient");
    }
    subject = subject == null ? "" : subject;
    text = text == null ? "" : text;
  }
}
