"""Deterministic document metadata: dates from the sources, /ID from the content, Trapped."""

from __future__ import annotations

import datetime as dt
import hashlib
import io


def pdf_date(when: dt.datetime) -> str:
    return when.astimezone(dt.timezone.utc).strftime("D:%Y%m%d%H%M%SZ")


def finish(pdf: bytes, when: dt.datetime, lang: str) -> bytes:
    """Rewrite Info dates and the trailer /ID so the same input always gives the same bytes."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        stamp = pdf_date(when)
        doc.docinfo[pikepdf.Name.CreationDate] = stamp
        doc.docinfo[pikepdf.Name.ModDate] = stamp
        doc.docinfo[pikepdf.Name.Trapped] = pikepdf.Name("/False")
        doc.Root.Lang = pikepdf.String(lang)
        digest = hashlib.md5(pdf + stamp.encode()).digest()
        doc.trailer.ID = pikepdf.Array([pikepdf.String(digest), pikepdf.String(digest)])
        out = io.BytesIO()
        doc.save(out, static_id=True, deterministic_id=False, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)
        return out.getvalue()
