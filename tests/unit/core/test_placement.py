"""The picker's placement rule: next to the caret, never over it; beside or below the middle of the window."""

from deskassist.core.placement import Rect, place_picker

SCREEN = Rect(0, 0, 1366, 768)


def test_opens_under_the_caret_when_there_is_room() -> None:
    caret = Rect(300, 200, 2, 18)
    placed = place_picker(560, 440, SCREEN, caret=caret, pointer=(1000, 700))
    assert placed.y >= caret.bottom and placed.x == 300
    assert not placed.intersects(caret)


def test_a_caret_near_the_bottom_puts_the_picker_above_it() -> None:
    caret = Rect(400, 700, 2, 18)  # the chat client's input box at the bottom of a maximised window
    placed = place_picker(560, 440, SCREEN, caret=caret)
    assert placed.bottom <= caret.y and placed.height == 440
    assert not placed.intersects(caret)


def test_a_caret_in_the_middle_of_a_short_screen_shrinks_the_picker_instead_of_covering_it() -> None:
    caret = Rect(100, 380, 2, 18)
    placed = place_picker(560, 440, SCREEN, caret=caret)
    assert not placed.intersects(caret)
    assert placed.y >= SCREEN.y and placed.bottom <= SCREEN.bottom


def test_a_caret_at_the_right_edge_keeps_the_picker_on_screen() -> None:
    placed = place_picker(560, 440, SCREEN, caret=Rect(1350, 100, 2, 18))
    assert placed.right <= SCREEN.right and not placed.intersects(Rect(1350, 100, 2, 18))


def test_without_a_caret_a_maximised_window_keeps_its_middle_clear() -> None:
    window = Rect(0, 0, 1366, 768)
    placed = place_picker(560, 440, SCREEN, window=window, pointer=(683, 384))
    middle = Rect(0, window.height // 2 - 2, window.width, 2)  # the rows just above the middle
    assert not placed.intersects(middle)
    assert placed.bottom <= SCREEN.bottom and placed.y >= window.height // 2
    assert placed.right == window.right  # bottom right, where the input box and send button are


def test_without_a_caret_a_narrow_window_gets_the_picker_beside_it() -> None:
    window = Rect(100, 100, 600, 600)
    placed = place_picker(560, 440, SCREEN, window=window)
    assert placed.x == window.right and not placed.intersects(window)
    assert placed.bottom == window.bottom


def test_a_remembered_position_wins_over_the_window_but_not_over_the_caret() -> None:
    window = Rect(0, 0, 1366, 768)
    assert place_picker(560, 440, SCREEN, window=window, remembered=(50, 60)) == Rect(50, 60, 560, 440)
    caret = Rect(300, 200, 2, 18)
    assert place_picker(560, 440, SCREEN, caret=caret, remembered=(50, 60)).y >= caret.bottom


def test_a_remembered_position_off_screen_is_brought_back() -> None:
    placed = place_picker(560, 440, SCREEN, remembered=(3000, -50))
    assert placed == Rect(SCREEN.right - 560, 0, 560, 440)


def test_nothing_known_falls_back_to_the_pointer() -> None:
    assert place_picker(560, 440, SCREEN, pointer=(100, 100)) == Rect(112, 112, 560, 440)
    placed = place_picker(560, 440, SCREEN, pointer=(1360, 760))
    assert placed.right <= 1360 and placed.bottom <= 760
