"""The rules a composed paragraph keeps (issue #9), in one place for the breaker and its tests.

- at most MAX_HYPHENS_IN_A_ROW hyphenated line ends in a row, and none on the line before the last;
- the last line at least LAST_LINE_MIN of the measure and not one word under RUNT_LETTERS letters;
- a justified line's word spaces between SPACE_MIN and SPACE_MAX of their natural width; where no
  set of breaks keeps them there the paragraph is set ragged right, all of it;
- measures under NARROW_CHARS average characters per line are set ragged right;
- display lines (pull quotes, taglines: `Para.balance`) are balanced: as many lines as a greedy
  fill, the longest as short as it can be, the others near its length, no one-word last line.
"""

from __future__ import annotations

MAX_HYPHENS_IN_A_ROW = 2
LAST_LINE_MIN = 0.25  # of the measure
RUNT_LETTERS = 6  # a last line of one word shorter than this is a runt
SPACE_MIN = 0.80  # of the natural word space
SPACE_MAX = 4 / 3
NARROW_CHARS = 40.0  # average characters (spaces included) per line


def chars_per_line(width: float, text_width: float, chars: int) -> float:
    """How many characters of this text's average width fit the measure."""
    if chars == 0 or text_width <= 0:
        return float("inf")
    return width / (text_width / chars)


def narrow(width: float, text_width: float, chars: int) -> bool:
    return chars_per_line(width, text_width, chars) < NARROW_CHARS
