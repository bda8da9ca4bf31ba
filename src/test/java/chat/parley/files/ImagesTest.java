package chat.parley.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImagesTest {
  static byte[] png(int width, int height) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
    return out.toByteArray();
  }

  /** A tiny PNG whose header claims {@code width} × {@code height}: a decompression bomb. */
  static byte[] claiming(int width, int height) throws IOException {
    byte[] png = png(1, 1);
    ByteBuffer b = ByteBuffer.wrap(png);
    b.putInt(16, width).putInt(20, height);
    CRC32 crc = new CRC32();
    crc.update(png, 12, 17); // "IHDR" and its 13 data bytes
    b.putInt(29, (int) crc.getValue());
    return png;
  }

  @Test
  void the_size_comes_from_the_header_without_decoding() throws IOException {
    Images.Size size = Images.probe(new ByteArrayInputStream(claiming(50_000, 40_000))).orElseThrow();
    assertThat(size.width()).isEqualTo(50_000);
    assertThat(size.height()).isEqualTo(40_000);
    assertThat(size.format()).isEqualTo("png");
  }

  @Test
  void an_image_claiming_too_many_pixels_is_never_decoded() throws IOException {
    assertThat(Images.fit(new ByteArrayInputStream(claiming(50_000, 40_000)), 100, 100)).isEmpty();
    assertThat(Images.fit(new ByteArrayInputStream(png(400, 200)), 100, 100))
        .get().satisfies(e -> {
          assertThat(e.width()).isEqualTo(100);
          assertThat(e.height()).isEqualTo(50);
          assertThat(e.type()).isEqualTo("image/png");
        });
  }

  @Test
  void not_an_image_is_empty() throws IOException {
    assertThat(Images.probe(new ByteArrayInputStream("<html>".getBytes()))).isEmpty();
    assertThat(Images.fit(new ByteArrayInputStream("<html>".getBytes()), 10, 10)).isEmpty();
  }

  @Test
  void generated_avatars_are_stable_and_escaped() {
    assertThat(Avatars.initials("Alice Smith")).isEqualTo("AS");
    assertThat(Avatars.initials("bob")).isEqualTo("B");
    assertThat(Avatars.initials("<script>")).isEqualTo("S");
    assertThat(Avatars.initials("")).isEqualTo("?");
    assertThat(Avatars.color("alice")).isEqualTo(Avatars.color("alice"));
    assertThat(Avatars.svg("a&b", "x", 200)).doesNotContain("a&b");
  }

  @Test
  void private_and_local_addresses_are_not_fetched() throws Exception {
    for (String ip : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1",
        "169.254.169.254", "0.0.0.0", "100.64.0.1", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1"}) {
      assertThat(SafeFetch.isPublic(java.net.InetAddress.getByName(ip))).as(ip).isFalse();
    }
    assertThat(SafeFetch.isPublic(java.net.InetAddress.getByName("93.184.216.34"))).isTrue();
  }

  @Test
  void user_file_names_are_made_harmless() {
    assertThat(FileService.safeName("../../etc/passwd")).isEqualTo("passwd");
    assertThat(FileService.safeName("C:\\\\x\\\\evil.exe")).isEqualTo("evil.exe");
    assertThat(FileService.safeName("a\u202Etxt.exe")).isEqualTo("atxt.exe");
    assertThat(FileService.safeName("..")).isEqualTo("file");
    assertThat(FileService.normaliseType("Text/HTML; charset=utf-8")).isEqualTo("text/html");
    assertThat(FileService.normaliseType("garbage")).isEqualTo("application/octet-stream");
    assertThat(FileService.humanSize(104857600)).isEqualTo("104.86 MB");
  }
}
