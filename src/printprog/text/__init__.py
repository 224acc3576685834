"""Typesetting that only measures: fonts and metrics, hyphenation, line breaking."""
