"""Stage 4: finish the PDF for print (PDF/X) and check it (preflight)."""

from printprog.prepress.pdfx import VARIANTS, Intent, Meta, finish

__all__ = ["VARIANTS", "Intent", "Meta", "finish"]
