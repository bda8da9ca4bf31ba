package chat.parley.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DbUrlTest {
  @Test
  void postgres_urls_in_the_common_form_become_jdbc_urls() {
    assertThat(Db.toJdbcUrl("postgres://parley:s3cret@db.local:5433/chat"))
        .isEqualTo("jdbc:postgresql://db.local:5433/chat?user=parley&password=s3cret");
    assertThat(Db.toJdbcUrl("postgresql://db/chat?sslmode=require"))
        .isEqualTo("jdbc:postgresql://db/chat?sslmode=require");
    assertThat(Db.toJdbcUrl("jdbc:postgresql://h/d?user=u")).isEqualTo("jdbc:postgresql://h/d?user=u");
  }
}
