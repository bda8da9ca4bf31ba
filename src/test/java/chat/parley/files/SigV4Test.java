package chat.parley.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signatures of the worked examples in Amazon's S3 Signature Version 4 documentation. */
class SigV4Test {
  private static final SigV4 SIGNER = new SigV4("AKIAIOSFODNN7EXAMPLE",
      "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1");
  private static final Instant WHEN = Instant.parse("2013-05-24T00:00:00Z");

  @Test
  void a_get_object_with_a_range_is_signed_as_in_the_header_example() {
    Map<String, String> headers = SIGNER.sign("GET",
        URI.create("https://examplebucket.s3.amazonaws.com/test.txt"),
        Map.of("Range", "bytes=0-9"), SigV4.EMPTY_SHA256, WHEN);
    assertThat(headers.get("Authorization")).isEqualTo("AWS4-HMAC-SHA256 Credential="
        + "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
        + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
        + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    assertThat(headers.get("x-amz-date")).isEqualTo("20130524T000000Z");
  }

  @Test
  void a_presigned_url_matches_the_query_string_example() {
    URI url = SIGNER.presign(URI.create("https://examplebucket.s3.amazonaws.com/test.txt"), 86400,
        Map.of(), WHEN);
    assertThat(url.toString()).isEqualTo("https://examplebucket.s3.amazonaws.com/test.txt"
        + "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
        + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
        + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
        + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
  }

  @Test
  void paths_and_hosts_are_canonical() {
    assertThat(SigV4.canonicalPath(URI.create("http://h/b/a%20b$c"))).isEqualTo("/b/a%20b%24c");
    assertThat(SigV4.hostHeader(URI.create("http://127.0.0.1:9000/b"))).isEqualTo("127.0.0.1:9000");
    assertThat(SigV4.hostHeader(URI.create("https://s3.amazonaws.com:443/b"))).isEqualTo("s3.amazonaws.com");
  }
}
