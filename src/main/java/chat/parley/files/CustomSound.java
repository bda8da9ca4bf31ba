package chat.parley.files;

import java.time.Instant;

/** A custom notification sound ({@code ICustomSound}); {@code storeKey} is null until uploaded. */
public record CustomSound(String id, String name, String extension, String storeKey, String type,
    Instant updatedAt) {}
