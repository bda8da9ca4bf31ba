package chat.parley.users;

import chat.parley.common.ParleyException;
import chat.parley.settings.Settings;
import java.util.regex.Pattern;

/**
 * Rocket.Chat's {@code Accounts_Password_Policy_*} (apps/meteor/app/lib/server/lib/passwordPolicy):
 * off by default; when on, every new password (register, create, update) must pass each rule,
 * with Rocket.Chat's error ids. Read from the live settings, so changes apply at once.
 */
public final class PasswordPolicy {
  private static final Pattern LOWER = Pattern.compile("[a-z]");
  private static final Pattern UPPER = Pattern.compile("[A-Z]");
  private static final Pattern NUMBER = Pattern.compile("[0-9]");
  private static final Pattern SPECIAL = Pattern.compile("[^A-Za-z0-9]");

  private final Settings settings;

  public PasswordPolicy(Settings settings) {
    this.settings = settings;
  }

  /** Throws Rocket.Chat's {@code error-password-policy-not-met-*} when a rule fails. */
  public void validate(String password) {
    if (!settings.bool("Accounts_Password_Policy_Enabled")) {
      return;
    }
    if (password == null || password.isBlank()) {
      fail("error-password-policy-not-met", "The password provided does not meet the server's password policy.");
    }
    int min = settings.integer("Accounts_Password_Policy_MinLength");
    int max = settings.integer("Accounts_Password_Policy_MaxLength");
    if (min >= 1 && password.length() < min) {
      fail("error-password-policy-not-met-minLength",
          "The password does not meet the minimum length password policy.");
    }
    if (max > 0 && password.length() > max) {
      fail("error-password-policy-not-met-maxLength",
          "The password does not meet the maximum length password policy.");
    }
    if (settings.bool("Accounts_Password_Policy_ForbidRepeatingCharacters")) {
      int count = Math.max(1, settings.integer("Accounts_Password_Policy_ForbidRepeatingCharactersCount"));
      if (Pattern.compile("(.)\\1{" + count + ",}").matcher(password).find()) {
        fail("error-password-policy-not-met-repeatingCharacters",
            "The password contains repeating characters which is against the password policy.");
      }
    }
    if (settings.bool("Accounts_Password_Policy_AtLeastOneLowercase") && !LOWER.matcher(password).find()) {
      fail("error-password-policy-not-met-oneLowercase",
          "The password does not contain at least one lowercase character which is against the password policy.");
    }
    if (settings.bool("Accounts_Password_Policy_AtLeastOneUppercase") && !UPPER.matcher(password).find()) {
      fail("error-password-policy-not-met-oneUppercase",
          "The password does not contain at least one uppercase character which is against the password policy.");
    }
    if (settings.bool("Accounts_Password_Policy_AtLeastOneNumber") && !NUMBER.matcher(password).find()) {
      fail("error-password-policy-not-met-oneNumber",
          "The password does not contain at least one numerical character which is against the password policy.");
    }
    if (settings.bool("Accounts_Password_Policy_AtLeastOneSpecialCharacter") && !SPECIAL.matcher(password).find()) {
      fail("error-password-policy-not-met-oneSpecial",
          "The password does not contain at least one special character which is against the password policy.");
    }
  }

  /**
   * {@code pw.getPolicy}: whether the policy is on and its rules as Rocket.Chat lists them, each
   * an i18n key with its parameters ({@code ["get-password-policy-minLength", {minLength: 7}]}).
   */
  public java.util.Map<String, Object> describe() {
    java.util.List<Object> rules = new java.util.ArrayList<>();
    boolean enabled = settings.bool("Accounts_Password_Policy_Enabled");
    if (enabled) {
      int min = settings.integer("Accounts_Password_Policy_MinLength");
      int max = settings.integer("Accounts_Password_Policy_MaxLength");
      if (min >= 1) {
        rules.add(java.util.List.of("get-password-policy-minLength", java.util.Map.of("minLength", min)));
      }
      if (max >= 1) {
        rules.add(java.util.List.of("get-password-policy-maxLength", java.util.Map.of("maxLength", max)));
      }
      if (settings.bool("Accounts_Password_Policy_ForbidRepeatingCharacters")) {
        rules.add(java.util.List.of("get-password-policy-forbidRepeatingCharactersCount",
            java.util.Map.of("maxRepeatingChars",
                settings.integer("Accounts_Password_Policy_ForbidRepeatingCharactersCount"))));
      }
      for (String[] rule : new String[][] {
          {"Accounts_Password_Policy_AtLeastOneLowercase", "get-password-policy-mustContainAtLeastOneLowercase"},
          {"Accounts_Password_Policy_AtLeastOneUppercase", "get-password-policy-mustContainAtLeastOneUppercase"},
          {"Accounts_Password_Policy_AtLeastOneNumber", "get-password-policy-mustContainAtLeastOneNumber"},
          {"Accounts_Password_Policy_AtLeastOneSpecialCharacter",
              "get-password-policy-mustContainAtLeastOneSpecialCharacter"}}) {
        if (settings.bool(rule[0])) {
          rules.add(java.util.List.of(rule[1]));
        }
      }
    }
    return java.util.Map.of("enabled", enabled, "policy", rules);
  }

  private static void fail(String errorType, String message) {
    throw new ParleyException.Invalid(errorType, message + " [" + errorType + "]");
  }
}
