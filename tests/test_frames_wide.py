"""``--show-source`` carets line up under wide characters (s9-t1 #19).

dataease has Chinese column names: `` `店铺名` `` takes 8 terminal columns
(each CJK ideograph is East Asian Wide, 2 columns: Unicode UAX #11,
EastAsianWidth.txt ``5E97;W``), so its underline is 8 carets and the next
name's carets start 3 columns further right than its character column.
"""

from __future__ import annotations

from dbnamelint.report.frames import code_frame, display_width


def test_display_width_follows_east_asian_width() -> None:
    # EastAsianWidth.txt: 5E97 W, FF21 (fullwidth A) F, FF71 (halfwidth katakana) H,
    # 00E9 N; U+0301 is a combining mark (no column of its own).
    assert display_width("店铺名") == 6
    assert display_width("\uff21") == 2
    assert display_width("\uff71") == 1
    assert display_width("caf\u00e9") == 4
    assert display_width("cafe\u0301") == 4
    assert display_width("`Qty`") == 5


def test_carets_under_and_after_a_wide_name() -> None:
    line = "CREATE TABLE `tea_orders` (`id` int, `店铺名` varchar(10), `Qty` int);"
    lines = [line]
    wide = code_frame(lines, 1, line.index("`店") + 1, "DBN201")
    after = code_frame(lines, 1, line.index("`Qty`") + 1, "DBN201")
    assert wide is not None and after is not None
    shown = wide[1].removeprefix("1 | ")
    # Terminal columns of the text before each name, counted by hand:
    # 37 ASCII characters before `店铺名`, 8 columns for it, 14 for " varchar(10), ".
    assert wide[2] == "  | " + " " * 37 + "^" * 8 + " DBN201"
    assert after[2] == "  | " + " " * (37 + 8 + 14) + "^" * 5 + " DBN201"
    assert display_width(shown[: line.index("`Qty`")]) == 59
