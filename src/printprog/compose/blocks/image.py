"""Key art: a picture covering its region (and the bleed), cropped around the picture's focus."""

from __future__ import annotations

from printprog.compose.context import Context
from printprog.compose.flow import Content
from printprog.diagnostics import format_path
from printprog.load.blocks import FillBlock, ImageBlock
from printprog.plan import Image, Rect

MAIN = ""


def cover(img_w: float, img_h: float, box: tuple[float, float, float, float], focus: tuple[float, float],
          mode: str = "cover", clear: float = 1.0) -> tuple[float, float, float, float]:
    """Where to place an img_w × img_h picture so it covers (or fits in) box, keeping focus in view
    (in the middle of the box's top `clear` share)."""
    bx, by, bw, bh = box
    scale = max(bw / img_w, bh / img_h) if mode == "cover" else min(bw / img_w, bh / img_h)
    w, h = img_w * scale, img_h * scale
    # put the focus point at the box centre, then slide back so no edge of the box is left bare
    x = bx + bw / 2 - focus[0] * w
    y = by + bh * clear / 2 - focus[1] * h
    if mode == "cover":
        x = min(bx, max(bx + bw - w, x))
        y = min(by, max(by + bh - h, y))
    else:
        x, y = bx + (bw - w) / 2, by + (bh - h) / 2
    return x, y, w, h


def bleed_box(block: ImageBlock | FillBlock, ctx: Context) -> tuple[float, float, float, float]:
    """The region in its own coordinates, grown into the bleed on sides that touch the trim."""
    rx, ry, rw, rh = ctx.region
    x0, y0, x1, y1 = 0.0, 0.0, rw, rh
    if block.bleed and ctx.settings is not None:
        b = ctx.settings.bleed
        page_w, page_h = ctx.layout.size
        x0 -= b if rx <= 0.01 else 0.0
        y0 -= b if ry <= 0.01 else 0.0
        x1 += b if rx + rw >= page_w - 0.01 else 0.0
        y1 += b if ry + rh >= page_h - 0.01 else 0.0
    return (x0, y0, x1 - x0, y1 - y0)


def build(block: ImageBlock, ctx: Context, width: float) -> Content:
    from printprog.imageinfo import inspect

    rx, ry, rw, rh = ctx.region
    film_image = ctx.film.images.get(block.image)
    box = bleed_box(block, ctx)
    if film_image is None:
        # pictures are optional: a flat colour where the design needs a dark field, else nothing
        if block.placeholder is None:
            return Content([], 0.0, 0.0)
        return Content([Rect(*box, fill=block.placeholder.as_tuple())], rh, rw)
    info = inspect(film_image.file)  # the size as shown (EXIF orientation applied), as render sees it
    px_w, px_h = info.width_px, info.height_px
    clear = 1.0 - block.fade if block.focus_above_fade else 1.0
    x, y, w, h = cover(px_w, px_h, box, film_image.focus, block.mode, clear)
    ppi = px_w / (w / 72)
    min_ppi = getattr(ctx.settings, "min_ppi", 0.0)
    if ppi < min_ppi:
        loc = ("images", block.image, "file")
        ctx.diags.error(
            f"image {block.image!r} is {ppi:.0f} ppi as placed ({px_w}×{px_h} px over {w / 72 * 25.4:.0f} mm); "
            f"the shop needs at least {min_ppi:.0f} ppi",
            mark=ctx.film_map.find(loc), path=format_path(loc),
            hint=f"supply a picture of at least {min_ppi * w / 72:.0f} px across, or use a shop profile that accepts less")
    fade = []
    if block.fade:
        # from fade × region height above the box's bottom edge down to that edge, in picture fractions
        bottom = box[1] + box[3]
        solid = min(block.fade_solid, block.fade * 0.9) * rh
        fade.append(((bottom - block.fade * rh - y) / h, (bottom - solid - y) / h))
    if block.fade_top:  # and from the box's top edge down to fade_top × the region's height
        fade.append(((box[1] + block.fade_top * rh - y) / h, (box[1] - y) / h))
    return Content([Image(x, y, w, h, film_image.file, box, ppi, tuple(fade))], rh, rw)
