package chat.parley.integrations;

import java.util.List;
import java.util.Map;

/**
 * A decoded webhook payload, Slack's and Rocket.Chat's field names merged: {@code text}/{@code
 * msg}, {@code username}/{@code alias}, {@code icon_url}/{@code avatar}, {@code
 * icon_emoji}/{@code emoji}, {@code channel}/{@code roomId} (one or several), {@code tmid}.
 */
public record IncomingWebhook(String text, String alias, String avatar, String emoji,
    List<Map<String, Object>> attachments, List<String> channels, String threadId,
    Map<String, Object> customFields) {}
