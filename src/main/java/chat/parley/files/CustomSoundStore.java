package chat.parley.files;

import chat.parley.common.Page;
import chat.parley.common.Tx;
import java.util.Optional;

/** Custom sound metadata; the audio is in the {@link BlobStore}. */
public interface CustomSoundStore {
  void insert(Tx tx, CustomSound sound);

  void update(Tx tx, CustomSound sound);

  Optional<CustomSound> find(Tx tx, String id);

  /** Another sound (not {@code exceptId}) with this name. */
  boolean nameTaken(Tx tx, String name, String exceptId);

  Page<CustomSound> page(Tx tx, String nameContains, int offset, int count);

  void delete(Tx tx, String id);
}
