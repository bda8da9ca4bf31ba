package chat.parley.moderation;

import chat.parley.common.UserRef;
import chat.parley.messages.Message;
import java.time.Instant;

/** A member's report of a message, with the message as it was when reported. */
public record Report(String id, Message message, String description, UserRef reportedBy,
    Instant ts, Instant dismissedAt) {}
