-- rooms.get carries each room's lastMessage; keeping its id on the room makes that one join.
ALTER TABLE rooms ADD COLUMN last_message_id TEXT;
