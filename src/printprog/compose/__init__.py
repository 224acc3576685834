"""Stage 2: measure and place every block of a layout; the result is a DocumentPlan."""

from printprog.compose.document import compose

__all__ = ["compose"]
