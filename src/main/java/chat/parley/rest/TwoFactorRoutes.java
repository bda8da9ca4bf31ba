package chat.parley.rest;

import chat.parley.auth.TwoFactorService;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Two-factor authentication by TOTP over REST: Rocket.Chat 8.8's {@code users.enableTotp},
 * {@code users.validateTotp}, {@code users.disableTotp}, {@code users.regenerateTotpCodes}, {@code
 * users.totpCodesRemaining} (replacing the {@code 2fa:*} DDP methods, which stay), and {@code
 * users.resetTOTP}; and codes by e-mail: {@code users.2fa.enableEmail}, {@code
 * users.2fa.disableEmail}, {@code users.2fa.sendEmailCode}.
 */
final class TwoFactorRoutes {
  private final TwoFactorService twoFactor;

  TwoFactorRoutes(TwoFactorService twoFactor) {
    this.twoFactor = twoFactor;
  }

  void register(Api api) {
    // enableTotp and validateTotp are twoFactorRequired: a new authenticator needs the old factor.
    api.post("users.enableTotp", req -> {
      api.requireTwoFactor(req, TwoFactorService.Options.DEFAULT);
      TwoFactorService.Enrolment enrolment = twoFactor.enable(req.session());
      return Map.of("secret", enrolment.secret(), "url", enrolment.url());
    });
    api.post("users.validateTotp", req -> {
      String code = req.requiredString(req.body(), "code");
      api.requireTwoFactor(req, TwoFactorService.Options.DEFAULT);
      return Map.of("codes", twoFactor.validateTempToken(req.session(), code));
    });
    api.post("users.disableTotp", req -> {
      if (!twoFactor.disable(req.session(), req.requiredString(req.body(), "code"))) {
        throw invalidTotp();
      }
      return Map.of();
    });
    api.post("users.regenerateTotpCodes", req -> Map.of("codes",
        twoFactor.regenerateCodes(req.session(), req.requiredString(req.body(), "code"))
            .orElseThrow(TwoFactorRoutes::invalidTotp)));
    api.get("users.totpCodesRemaining", req -> Map.of("remaining", twoFactor.codesRemaining(req.session())));

    api.post("users.resetTOTP", req -> {
      api.requireTwoFactor(req, TwoFactorService.Options.NO_REMEMBER);
      ObjectNode body = req.body();
      String userId = req.optionalString(body, "userId");
      String username = req.optionalString(body, "username");
      if (username == null) {
        username = req.optionalString(body, "user");
      }
      boolean other = body.has("userId") || body.has("username") || body.has("user");
      twoFactor.reset(req.session(), other && userId == null && username == null ? "" : userId, username);
      return Map.of();
    });

    // Codes by e-mail (Rocket.Chat's users.2fa.*).
    api.post("users.2fa.enableEmail", req -> {
      twoFactor.enableEmail(req.session());
      return Map.of();
    });
    api.post("users.2fa.disableEmail", req -> {
      api.requireTwoFactor(req, TwoFactorService.Options.NO_REMEMBER);
      twoFactor.disableEmail(req.session());
      return Map.of();
    });
    // Anyone may ask (the login screen does); the answer is the same whether the user exists.
    api.publicPost("users.2fa.sendEmailCode", req -> {
      twoFactor.sendEmailCode(req.optionalSession(), req.optionalString(req.body(), "emailOrUsername"));
      return Map.of();
    });
  }

  private static chat.parley.common.ParleyException invalidTotp() {
    return new chat.parley.common.ParleyException.Invalid("invalid-totp", "[invalid-totp]");
  }
}
