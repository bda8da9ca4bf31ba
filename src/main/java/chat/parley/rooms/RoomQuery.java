package chat.parley.rooms;

import java.util.Set;

/**
 * A page of rooms for lists and directories: of these {@code types}, whose name contains {@code
 * nameFilter} (case-insensitive, may be null), only those {@code memberId} belongs to when it is
 * set, only discussions of {@code parentId} when it is set; sorted by name.
 */
public record RoomQuery(Set<RoomType> types, String nameFilter, String memberId,
    boolean defaultOnly, int offset, int count, String parentId, RoomSort sort) {

  public RoomQuery(Set<RoomType> types, String nameFilter, String memberId, boolean defaultOnly,
      int offset, int count) {
    this(types, nameFilter, memberId, defaultOnly, offset, count, null, RoomSort.BY_NAME);
  }

  public RoomQuery(Set<RoomType> types, String nameFilter, String memberId, boolean defaultOnly,
      int offset, int count, String parentId) {
    this(types, nameFilter, memberId, defaultOnly, offset, count, parentId, RoomSort.BY_NAME);
  }

  public RoomQuery sorted(RoomSort newSort) {
    return new RoomQuery(types, nameFilter, memberId, defaultOnly, offset, count, parentId,
        newSort == null ? RoomSort.BY_NAME : newSort);
  }
}
