"""PDF/X finishing as a table of variants (WeasyPrint keeps PDF/X and PDF/A the same way).

Each variant sets the version, the Info keys, the OutputIntent with the output profile and an
XMP packet written by us (not a library), so the bytes depend only on the input.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import uuid
import zlib
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Meta:
    title: str
    author: str
    subject: str
    lang: str
    keywords: str = ""
    creator: str = "printprog"


@dataclass(frozen=True)
class Intent:
    condition: str  # OutputConditionIdentifier, e.g. FOGRA39
    info: str  # human-readable condition
    profile: bytes  # ICC output profile (class prtr, CMYK)
    profile_name: str


@dataclass(frozen=True)
class Variant:
    key: str
    label: str  # GTS_PDFXVersion
    version: str  # PDF header version
    info_keys: bool  # GTS_PDFXVersion/Conformance in Info (X-1a requires it)
    object_streams: bool


VARIANTS = {
    "x4": Variant("x4", "PDF/X-4", "1.6", False, True),
    "x1a": Variant("x1a", "PDF/X-1a:2003", "1.4", True, False),
}


def profile_description(profile: bytes) -> str | None:
    """The ICC profile's own description ('desc' tag), to name its condition in the OutputIntent;
    None when it has none. Control characters are dropped: the text goes into PDF strings."""
    from PIL import ImageCms

    try:
        desc = ImageCms.ImageCmsProfile(io.BytesIO(profile)).profile.profile_description
    except (OSError, ValueError, TypeError):
        return None
    text = " ".join("".join(ch for ch in (desc or "") if ch.isprintable()).split())
    return text[:200] or None


@lru_cache(maxsize=4)
def _compressed(data: bytes) -> bytes:
    """The output profile deflated once (every PDF/X file embeds it): the zopfli stream shipped
    beside a profile in icc/ when it inflates to exactly these bytes (tools/compact_icc.py, 7 %
    smaller than zlib and too slow to make per build), else zlib level 9 kept in the picture
    cache under the profile's digest and zlib's version. Either is used only after it inflated to
    exactly the profile, so neither can change what a file says."""
    from printprog import imagecache

    digest = hashlib.sha256(data).hexdigest()
    shipped = _shipped_deflated(digest)
    if shipped is not None and _inflates_to(shipped, data):
        return shipped
    key = hashlib.sha256(repr(("icc-flate-9", digest,
                               zlib.ZLIB_RUNTIME_VERSION)).encode()).hexdigest()[:32]
    entry = imagecache.get(key, lambda: zlib.compress(data, 9), ext="bin")
    packed = entry.read()
    if packed is not None and _inflates_to(packed, data):
        return packed
    return zlib.compress(data, 9)


def _shipped_deflated(digest: str) -> bytes | None:
    """The pre-deflated stream icc/<name>.icc.zopfli of the shipped profile with this sha256."""
    from printprog.assets import asset_dir

    try:
        for profile in sorted(asset_dir("icc").glob("*.icc")):
            packed = profile.with_name(profile.name + ".zopfli")
            if packed.is_file() and hashlib.sha256(profile.read_bytes()).hexdigest() == digest:
                return packed.read_bytes()
    except OSError:
        pass
    return None


def _inflates_to(packed: bytes, data: bytes) -> bool:
    try:
        return zlib.decompress(packed) == data
    except zlib.error:
        return False


def escape(text: str) -> str:
    """XML character data, as xml.sax.saxutils.escape (which imports urllib.request, http, ssl)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def pdf_date(when: dt.datetime) -> str:
    return when.astimezone(dt.timezone.utc).strftime("D:%Y%m%d%H%M%S+00'00'")


def xmp_date(when: dt.datetime) -> str:
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _xmp(meta: Meta, variant: Variant, when: dt.datetime, document_id: str) -> bytes:
    date = xmp_date(when)
    pdfx_line = f"<pdfxid:GTS_PDFXVersion>{variant.label}</pdfxid:GTS_PDFXVersion>" if variant.key == "x4" else \
        f"<pdfx:GTS_PDFXVersion>{variant.label}</pdfx:GTS_PDFXVersion><pdfx:GTS_PDFXConformance>{variant.label}</pdfx:GTS_PDFXConformance>"
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{escape(meta.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{escape(meta.lang)}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>{escape(meta.creator)}</xmp:CreatorTool>
   <xmpMM:DocumentID>{document_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>{document_id}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdf:Producer>printprog (reportlab, pikepdf)</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   {pdfx_line}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")


def finish(pdf: bytes, *, flavour: str, meta: Meta, intent: Intent, when: dt.datetime) -> bytes:
    """Turn reportlab's PDF into a PDF/X file: same input, same bytes."""
    import pikepdf

    variant = VARIANTS[flavour]
    # the document id is derived from the content, so it is stable and unique per content
    document_id = "uuid:" + str(uuid.UUID(bytes=hashlib.md5(pdf + variant.key.encode()).digest()))
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        info = doc.docinfo
        for key in list(info.keys()):
            del info[key]
        stamp = pdf_date(when)
        info.Title = meta.title
        info.Author = meta.author
        info.Subject = meta.subject
        if meta.keywords:
            info.Keywords = meta.keywords
        info.Creator = meta.creator
        info.Producer = "printprog (reportlab, pikepdf)"
        info.CreationDate = stamp
        info.ModDate = stamp
        info.Trapped = pikepdf.Name("/False")  # pikepdf.Name.False_ would be /False_
        if variant.info_keys:
            info.GTS_PDFXVersion = variant.label
            info.GTS_PDFXConformance = variant.label
        profile = pikepdf.Stream(doc, b"")
        profile.write(_compressed(intent.profile), filter=pikepdf.Name.FlateDecode)
        profile.N = 4
        doc.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent,
            S=pikepdf.Name.GTS_PDFX,
            OutputConditionIdentifier=intent.condition,
            OutputCondition=intent.info,
            RegistryName="http://www.color.org",
            Info=intent.profile_name,
            DestOutputProfile=profile,
        )])
        metadata = doc.make_stream(_xmp(meta, variant, when, document_id))
        metadata.Type = pikepdf.Name.Metadata
        metadata.Subtype = pikepdf.Name.XML
        doc.Root.Metadata = metadata
        doc.Root.Lang = pikepdf.String(meta.lang)
        out = io.BytesIO()
        doc.save(
            out,
            force_version=variant.version,
            deterministic_id=True,
            compress_streams=True,  # the object streams; qpdf leaves XMP metadata readable
            object_stream_mode=(pikepdf.ObjectStreamMode.generate if variant.object_streams
                                else pikepdf.ObjectStreamMode.disable),
        )
        return out.getvalue()
