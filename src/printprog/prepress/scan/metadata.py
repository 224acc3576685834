"""The XMP packet (simple properties as "prefix:name" -> value) and the dates of Info and XMP."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pikepdf

from printprog.prepress.scan.limits import read_small

XMP_PREFIXES = {
    "http://www.npes.org/pdfx/ns/id/": "pdfxid", "http://ns.adobe.com/pdfx/1.3/": "pdfx",
    "http://ns.adobe.com/xap/1.0/": "xmp", "http://ns.adobe.com/xap/1.0/mm/": "xmpMM",
    "http://purl.org/dc/elements/1.1/": "dc", "http://ns.adobe.com/pdf/1.3/": "pdf",
    "http://www.aiim.org/pdfa/ns/id/": "pdfaid",
}
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"


def _qname(tag: str) -> str:
    if tag.startswith("{"):
        ns, local = tag[1:].split("}", 1)
        return f"{XMP_PREFIXES[ns]}:{local}" if ns in XMP_PREFIXES else tag
    return tag


def parse_xmp(data: bytes) -> dict[str, str]:
    """Simple properties of an XMP packet: attributes, element text, first item of Alt/Seq/Bag."""
    root = ET.fromstring(data.strip().strip(b"\x00"))
    out: dict[str, str] = {}
    for desc in root.iter(f"{_RDF}Description"):
        for k, v in desc.attrib.items():
            if not k.startswith(_RDF):
                out.setdefault(_qname(k), v)
        for child in desc:
            li = next(child.iter(f"{_RDF}li"), None)
            value = (li.text if li is not None else child.text) or child.get(f"{_RDF}resource") or ""
            out.setdefault(_qname(child.tag), value.strip())
    return out


def read_xmp(pdf: pikepdf.Pdf) -> dict[str, str] | None:
    meta = pdf.Root.get("/Metadata")
    if not isinstance(meta, pikepdf.Stream):
        return None
    try:
        data = read_small(meta)
        return {} if data is None else parse_xmp(data)
    except (ET.ParseError, pikepdf.PdfError, ValueError):
        return {}


_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+\-])?(\d{2})?'?(\d{2})?'?$")


def pdf_date(text: str | None) -> dt.datetime | None:
    m = _PDF_DATE.match((text or "").strip())
    if not m:
        return None
    y, mo, d, h, mi, s = (int(v) if v else dflt for v, dflt in zip(m.groups()[:6], (0, 1, 1, 0, 0, 0), strict=True))
    tz = None
    if m[7] in ("Z", "z"):
        tz = dt.timezone.utc
    elif m[7]:
        sign = 1 if m[7] == "+" else -1
        tz = dt.timezone(sign * dt.timedelta(hours=int(m[8] or 0), minutes=int(m[9] or 0)))
    try:
        return dt.datetime(y, mo, d, h, mi, s, tzinfo=tz)
    except ValueError:
        return None


def xmp_date(text: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat((text or "").strip().replace("z", "Z"))
    except ValueError:
        return None


def same_instant(a: dt.datetime, b: dt.datetime) -> bool:
    if (a.tzinfo is None) != (b.tzinfo is None):  # one side has no zone: compare wall-clock time
        return a.replace(tzinfo=None) == b.replace(tzinfo=None)
    return a == b
