"""Stage 4: finish the PDF for print (metadata, dates, ids) and check it."""

from printprog.prepress.finish import finish

__all__ = ["finish"]
