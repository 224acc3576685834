"""printprog: print-ready film programmes, posters and flyers from YAML."""

__version__ = "0.1.0"
