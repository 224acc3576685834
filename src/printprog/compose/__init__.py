"""Stage 2: measure and place every block of a layout; the result is a DocumentPlan."""

from printprog.compose.document import PrintSettings, compose

__all__ = ["PrintSettings", "compose"]
