package chat.parley.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.parley.testing.SmtpSink;
import chat.parley.testing.TestServer;
import java.io.FileInputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** The SMTP client against a real SMTP server on 127.0.0.1 (plain, and STARTTLS with a test CA). */
class SmtpClientTest {
  private static final Duration T = Duration.ofSeconds(10);

  static SmtpConfig config(SmtpSink sink, boolean ignoreTls, String user) {
    return new SmtpConfig("127.0.0.1", sink.port(), false, ignoreTls, true, user, "pa:ss\u00e9",
        "parley@example.com");
  }

  @Test
  void dot_stuffing_and_auth_login_and_several_mails_on_one_session() throws Exception {
    try (SmtpSink sink = new SmtpSink()) {
      sink.authMechanisms = "LOGIN";
      String message = "Subject: dots\r\n\r\n.starts with a dot\r\n..two dots\r\n.\r\nend\r\n";
      try (SmtpClient c = SmtpClient.open(config(sink, true, "mailer"),
          (SSLSocketFactory) SSLSocketFactory.getDefault(), "parley.test", T, T)) {
        c.send("parley@example.com", "a@example.com", message);
        c.send("parley@example.com", "b@example.com", "Subject: second\r\n\r\nhello\r\n");
      }
      SmtpSink.Received a = sink.await("a@example.com", 5);
      assertThat(a.data()).isEqualTo(message);
      assertThat(a.user()).isEqualTo("mailer");
      assertThat(a.password()).isEqualTo("pa:ss\u00e9");
      assertThat(a.ehlo()).isEqualTo("parley.test");
      assertThat(sink.await("b@example.com", 5).data()).contains("hello");
    }
  }

  @Test
  void a_refused_recipient_is_a_permanent_failure_and_the_session_goes_on() throws Exception {
    try (SmtpSink sink = new SmtpSink()) {
      sink.refuse.add("gone@example.com");
      try (SmtpClient c = SmtpClient.open(config(sink, true, ""),
          (SSLSocketFactory) SSLSocketFactory.getDefault(), "parley.test", T, T)) {
        assertThatThrownBy(() -> c.send("parley@example.com", "gone@example.com", "x\r\n"))
            .isInstanceOfSatisfying(SmtpClient.SmtpException.class, e -> assertThat(e.permanent).isTrue());
        c.send("parley@example.com", "here@example.com", "y\r\n");
      }
      assertThat(sink.await("here@example.com", 5).user()).isNull();
    }
  }

  @Test
  void starttls_is_used_when_offered_unless_ignore_tls_and_the_certificate_is_checked() throws Exception {
    Path dir = TestServer.tempDir();
    Path store = dir.resolve("sink.p12");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "sink", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
        "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit")
        .redirectErrorStream(true).start();
    assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(store.toFile())) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);
    SSLContext client = SSLContext.getInstance("TLS");
    client.init(null, tmf.getTrustManagers(), null);

    try (SmtpSink sink = new SmtpSink(server)) {
      try (SmtpClient c = SmtpClient.open(config(sink, false, "mailer"), client.getSocketFactory(),
          "parley.test", T, T)) {
        c.send("parley@example.com", "secure@example.com", "over tls\r\n");
      }
      assertThat(sink.await("secure@example.com", 5).user()).isEqualTo("mailer");
      assertThat(sink.startTlsCount.get()).isEqualTo(1);

      try (SmtpClient c = SmtpClient.open(config(sink, true, ""), client.getSocketFactory(),
          "parley.test", T, T)) {
        c.send("parley@example.com", "plain@example.com", "in the clear\r\n");
      }
      sink.await("plain@example.com", 5);
      assertThat(sink.startTlsCount.get()).as("SMTP_IgnoreTLS skips STARTTLS").isEqualTo(1);

      // The JVM's default trust does not know the test certificate: the session is refused.
      assertThatThrownBy(() -> SmtpClient.open(config(sink, false, ""),
          (SSLSocketFactory) SSLSocketFactory.getDefault(), "parley.test", T, T))
          .isInstanceOf(javax.net.ssl.SSLException.class);
    }
  }

  @Test
  void mime_has_utf8_parts_and_an_encoded_subject_that_folds_between_code_points() {
    String subject = "\u00e9".repeat(40) + " \u2615 done";
    String text = MimeFormat.format("Caf\u00e9 Parley", "parley@example.com",
        new Mail("to@example.com", subject, "<p>h\u00e9llo</p>", "h\u00e9llo\n"),
        Instant.parse("2026-11-29T01:02:03Z"), "id@parley.test", "b0undary");
    assertThat(text).contains("Date: Sun, 29 Nov 2026 01:02:03 +0000\r\n")
        .contains("From: =?UTF-8?B?")
        .contains("Content-Type: multipart/alternative; boundary=\"b0undary\"")
        .contains("--b0undary--\r\n");
    String subjectHeader = text.substring(text.indexOf("Subject: "), text.indexOf("\r\nDate:"));
    assertThat(subjectHeader.split("\r\n")).hasSizeGreaterThan(1).allSatisfy(line ->
        assertThat(line.length()).isLessThanOrEqualTo(78));
    assertThat(text.chars().allMatch(c -> c < 128)).isTrue();
    assertThat(MimeFormat.format(null, "a@b.c", new Mail("x@y.z", "evil\r\nBcc: victim@x.y", null, "t"),
        Instant.EPOCH, "i", "b")).doesNotContain("\r\nBcc:");
  }
}
