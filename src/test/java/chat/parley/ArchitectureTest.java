package chat.parley;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The dependency rules of docs/architecture.md, checked on every build. */
class ArchitectureTest {
  private static final JavaClasses PARLEY = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("chat.parley");

  private static final String[] FEATURES = {
      "chat.parley.auth..", "chat.parley.users..", "chat.parley.rooms..", "chat.parley.messages..",
      "chat.parley.settings..", "chat.parley.permissions..", "chat.parley.events..",
      "chat.parley.common..", "chat.parley.invites..", "chat.parley.moderation..",
      "chat.parley.integrations..", "chat.parley.commands..", "chat.parley.files..", "chat.parley.mail.."};

  @Test
  void feature_packages_know_no_sql_json_http_or_storage() {
    noClasses().that().resideInAnyPackage(FEATURES)
        .should().dependOnClassesThat().resideInAnyPackage(
            "java.sql..", "com.fasterxml.jackson..", "io.javalin..", "jakarta.servlet..",
            "chat.parley.storage..", "chat.parley.wire..", "chat.parley.rest..")
        .check(PARLEY);
  }

  @Test
  void only_wire_uses_jackson_annotations_and_only_storage_uses_jdbc() {
    noClasses().that().resideOutsideOfPackage("chat.parley.storage..")
        .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.flywaydb..",
            "com.zaxxer..", "org.sqlite..", "org.postgresql..")
        .check(PARLEY);
    noClasses().that().resideOutsideOfPackage("chat.parley.wire..")
        .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml.jackson.annotation..")
        .check(PARLEY);
  }

  @Test
  void the_event_hub_is_published_to_by_services_only() {
    noClasses().that().resideInAnyPackage("chat.parley.rest..", "chat.parley.storage..",
            "chat.parley.wire..")
        .should().callMethod(chat.parley.events.EventHub.class, "publish",
            chat.parley.events.Event.class)
        .check(PARLEY);
  }
}
