"""The content-stream scanner lives in `printprog.prepress.scan`; this name stays for importers."""

from printprog.prepress.scan import *  # noqa: F403
from printprog.prepress.scan import STD14 as _STD14  # noqa: F401
from printprog.prepress.scan import __all__  # noqa: F401
