package chat.parley.settings;

import static org.assertj.core.api.Assertions.assertThat;

import chat.parley.permissions.Permissions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * docs/settings-and-permissions.md lists every setting Parley reads with its default, and every
 * permission with its default roles, exactly as the code has them: a setting or permission added
 * without regenerating the page fails here. Regenerate with
 * {@code PARLEY_WRITE_DOCS=1 mvn -q test -Dtest=ReferenceDocsTest}.
 */
class ReferenceDocsTest {
  private static final Path PAGE = Path.of("docs/settings-and-permissions.md");

  @Test
  void the_reference_page_lists_every_default() throws IOException {
    String expected = render();
    if (System.getenv("PARLEY_WRITE_DOCS") != null) {
      Files.writeString(PAGE, expected);
    }
    assertThat(Files.exists(PAGE)).as(PAGE + " exists").isTrue();
    assertThat(Files.readString(PAGE))
        .as(PAGE + " is out of date: run PARLEY_WRITE_DOCS=1 mvn -q test -Dtest=ReferenceDocsTest")
        .isEqualTo(expected);
  }

  static String render() {
    StringBuilder out = new StringBuilder();
    out.append("# Settings and permissions: Parley's defaults\n\n")
        .append("Generated from the code by `ReferenceDocsTest` (it fails when this page is out of\n")
        .append("date; regenerate with `PARLEY_WRITE_DOCS=1 mvn -q test -Dtest=ReferenceDocsTest`).\n")
        .append("Ids and defaults are Rocket.Chat's (apps/meteor/server/settings/*.ts and\n")
        .append("apps/meteor/app/authorization/server/constant/permissions.ts) except where a comment\n")
        .append("in `Settings.java` says why not.\n\n")
        .append("Change a setting at run time with `POST /api/v1/settings/:_id {\"value\": ...}` (admin),\n")
        .append("or force it at every start with the environment variable `OVERWRITE_SETTING_<id>=<value>`.\n")
        .append("Change a permission's roles with `POST /api/v1/permissions.update`.\n\n")
        .append("## Settings (").append(Settings.DEFAULTS.size()).append(")\n\n")
        .append("Public settings are readable by anyone through `GET /api/v1/settings.public`.\n\n")
        .append("| Setting | Default | Public |\n|---|---|---|\n");
    new TreeMap<>(Settings.DEFAULTS).forEach((id, value) -> out.append("| `").append(id)
        .append("` | ").append(value.isEmpty() ? "(empty)" : "`" + value.replace("|", "\\|") + "`")
        .append(" | ").append(Settings.PUBLIC.contains(id) ? "yes" : "").append(" |\n"));
    Map<String, List<String>> roles = new TreeMap<>(Permissions.defaultRoles());
    out.append("\n## Permissions (").append(roles.size()).append(")\n\n")
        .append("Room roles (owner, moderator, leader) count only in the room where the user has them.\n\n")
        .append("| Permission | Default roles |\n|---|---|\n");
    roles.forEach((id, granted) -> out.append("| `").append(id).append("` | ")
        .append(granted.isEmpty() ? "(none)" : String.join(", ", granted)).append(" |\n"));
    return out.toString();
  }
}
