"""Stage 3: draw page plans with reportlab. The only package that touches a canvas."""

from printprog.render.images import ImageSettings
from printprog.render.pdf import render

__all__ = ["ImageSettings", "render"]
