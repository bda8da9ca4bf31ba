package chat.parley.integrations;

import java.util.List;

/**
 * What {@code integrations.create}/{@code update} carry for an outgoing webhook, as sent
 * (Rocket.Chat's {@code INewOutgoingIntegration}); {@link OutgoingValidation} checks it. {@code
 * urls}/{@code triggerWords} are null when absent or not lists of strings ({@code *Valid} false).
 */
public record OutgoingSpec(
    String name,
    boolean enabled,
    String username,
    String channel,
    String event,
    List<String> urls,
    boolean urlsValid,
    List<String> triggerWords,
    boolean triggerWordsValid,
    boolean triggerWordAnywhere,
    Boolean runOnEdits,
    boolean impersonateUser,
    boolean retryFailedCalls,
    Integer retryCount,
    String retryDelay,
    String targetRoom,
    String token,
    String alias,
    String avatar,
    String emoji) {}
