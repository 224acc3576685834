"""Shop profiles: what one print shop accepts (bleed, marks, PDF/X flavour, limits)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from printprog.lengths import mm, pt
from printprog.load.types import Length, Strict


MAX_BLEED = pt(20)  # presses ask for 2–5 mm; more is a typo (3m for 3mm) that would swell every page


class Shop(Strict):
    """What a print shop asks for. Every product built with `--shop NAME` follows it."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    description: str
    bleed: Length = Field(pt(3), ge=0, description="Bleed on every side of the trim.")
    safe: Length = Field(pt(5), ge=0, description="Keep text and logos this far inside the trim.")
    marks: bool = Field(True, description="Draw crop marks (outside the bleed, in registration colour).")
    pdfx: Literal["x4", "x1a"] = Field("x4", description="PDF/X-4 or PDF/X-1a:2003.")
    output_profile: str = Field("printprog-FOGRA39L.icc", description="ICC output profile: a file in icc/ or a path.")
    output_condition: str = Field("FOGRA39", description="OutputConditionIdentifier (a registered name).")
    output_condition_info: str = Field("Coated FOGRA39 (ISO 12647-2:2004)", description="Human-readable condition.")
    tac: float = Field(300, gt=0, le=400, description="Total area coverage limit, percent (C+M+Y+K).")
    min_ppi: float = Field(250, gt=0, description="Lowest effective image resolution accepted.")
    large_format: Length = Field(pt(800), gt=0, description="Pages whose longer side reaches this are seen from afar…")
    large_format_min_ppi: float = Field(150, gt=0, description="…and accept this lower image resolution.")
    max_ppi: float = Field(450, gt=0, description="Images above this effective resolution are downsampled…")
    target_ppi: float = Field(300, gt=0, description="…to this resolution.")
    k_only_below: Length = Field(12.0, ge=0, description="Text smaller than this must be 100 % K only.")
    min_font: Length = Field(5.0, ge=0, description="Smallest text size accepted.")
    min_reversed_sans: Length = Field(7.5, ge=0, description="Smallest reversed (paper-white, knocked-out) "
                                      "text accepted in a sans or other non-serif face: thin strokes fill in.")
    min_reversed_serif: Length = Field(9.0, ge=0, description="Smallest reversed text accepted in a serif face "
                                       "(source-serif-*): hairlines fill in sooner.")
    min_line: Length = Field(0.25, ge=0, description="Thinnest line accepted.")
    overprint_black: bool = Field(True, description="Black (100 % K only) text overprints what lies under it, so "
                                  "misregistration on an offset press leaves no white halo; preflight checks it. "
                                  "Off for digital presses that do not honour overprint.")
    paper: str | None = Field(None, description="The paper to print on, for the job sheet (e.g. 170 g/m² gloss "
                              "coated).")
    finishing: str | None = Field(None, description="Finishing notes for the job sheet (e.g. trim to size, fold, "
                                  "no lamination).")

    @field_validator("bleed")
    @classmethod
    def _bleed_bound(cls, value: float) -> float:
        if value > MAX_BLEED:
            raise PydanticCustomError("bleed_too_large", "bleed {v} mm is more than {max} mm; print shops ask for "
                                      "2–5 mm, e.g. bleed: 3mm", {"v": f"{mm(value):g}", "max": f"{mm(MAX_BLEED):g}"})
        return value

    def min_ppi_for(self, width: float, height: float) -> float:
        """The lowest image resolution for a trimmed page of this size (points)."""
        return self.large_format_min_ppi if max(width, height) >= self.large_format - 0.01 else self.min_ppi
