"""qpdf's structure and stream check, bounded in time and memory."""

from __future__ import annotations

import io

import pikepdf

from printprog.prepress.scan.limits import MAX_IMAGE_BYTES, MAX_STREAM_BYTES, decoded_size, filters


def qpdf_check(pdf: pikepdf.Pdf) -> list[str]:
    """pdf.check_pdf_syntax() without its last step, parsing every page's content with a Python
    callback per token (minutes for 16 M operators): the scan has parsed them already, bounded."""
    structures = getattr(pdf, "_check_document_structures", None)
    if structures is None:  # another pikepdf: its own check
        return list(pdf.check_pdf_syntax())
    problems: list[str] = []
    if pdf.is_linearized:
        pdf.check_linearization(io.StringIO())
    structures()
    if len(pdf.pages) == 0:
        problems += ["WARNING: " + w for w in pdf.get_warnings()]
        problems.append("ERROR: file does not contain any pages")
    problems += _decode_streams(pdf)  # not decode_all(): it buffers a 2 GB flate bomb whole
    return problems + ["WARNING: " + w for w in pdf.get_warnings()]


_DECODABLE = {"/FlateDecode", "/Fl", "/LZWDecode", "/LZW", "/RunLengthDecode", "/RL", "/ASCIIHexDecode", "/AHx",
              "/ASCII85Decode", "/A85"}


def _decode_streams(pdf: pikepdf.Pdf) -> list[str]:
    """Decode every stream qpdf can (its warnings say what is damaged), one at a time and only
    below MAX_STREAM_BYTES; a bigger one is only measured, and one beyond MAX_IMAGE_BYTES is a problem."""
    problems = []
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream) or not set(filters(obj)) <= _DECODABLE:
            continue
        size = decoded_size(obj, MAX_IMAGE_BYTES)
        if size is None:
            problems.append(f"stream {obj.objgen[0]} {obj.objgen[1]} R decodes to more than "
                            f"{MAX_IMAGE_BYTES >> 20} MB; its data is not checked")
        elif size <= MAX_STREAM_BYTES:
            try:
                obj.read_bytes()
            except pikepdf.PdfError as e:
                problems.append(f"ERROR: stream {obj.objgen[0]} {obj.objgen[1]} R: {e}")
    return problems
