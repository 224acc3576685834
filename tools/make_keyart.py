#!/usr/bin/env python3
"""Procedural key art for *Leto* (Kirill Serebrennikov, 2018).

Regenerate the redistributable key-art image from the repository root with:

    python tools/make_keyart.py

That writes ``data/images/leto-keyart.jpg``: a 5032 x 7087 px single-channel
("L") JPEG at 300 ppi (A2 portrait, 420 x 594 mm, plus 3 mm bleed on every
side = 426 x 600 mm), quality 85.  Everything in it is drawn by this file -- no
external images, no fonts, no text -- so the result can be released under
CC0-1.0 (see ``data/images/SOURCES.md``).

The picture: a low summer sun over a flat sea, a silver glitter path on the
water and on the wet sand, and three young people standing on the shore in
silhouette -- one playing an acoustic guitar, a girl holding her wind-blown
hair, a friend in sunglasses with his hands in his pockets -- plus a distant
swimmer.  The upper ~40 % of the frame is calm sky for the title.  The image
is rendered physically-ish in linear light (sky model, microfacet sun glitter
on a sum-of-sines sea, mirror reflections on wet sand, lens glare/halation),
then pushed through a contrasty film/print curve with silver-halide grain.

Deterministic: every random number comes from ``numpy.random.default_rng``
seeded with ``SEED`` (PCG64), so re-running with the same numpy/Pillow gives
the same bytes (a different numpy/Pillow/libjpeg build or CPU may differ in
the last bit of some float maths, hence in the bytes, not in the picture).
Requires numpy and Pillow (numpy is a dev-only dependency); takes about two
minutes and ~3 GB of RAM.  It prints the size, sha256 and the focal point (the
guitarist's face / guitar neck, as fractions of width and height) for crops.

Development options (never needed for the deliverable):

    python tools/make_keyart.py --scale 0.25 --out /tmp/k.jpg --preview /tmp/k.png

``--scale`` renders a smaller image (grain is per pixel, so it looks coarser),
``--preview`` additionally writes a downscaled PNG for viewing.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os

import numpy as np
from PIL import Image, ImageDraw

SEED = 1981  # the Leningrad Rock Club opened in 1981

# A2 portrait + 3 mm bleed each side = 426 x 600 mm at 300 ppi, rounded up.
PPI = 300
FULL_W = math.ceil(426 / 25.4 * PPI)  # 5032
FULL_H = math.ceil(600 / 25.4 * PPI)  # 7087
JPEG_QUALITY = 85

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(REPO, "data", "images", "leto-keyart.jpg")

# ---------------------------------------------------------------------------
# Scene layout (fractions of the frame) and camera
# ---------------------------------------------------------------------------
HORIZON = 0.675          # horizon row (camera is level, lens shifted up)
FOCAL = 1.40             # focal length in units of frame height (~50 mm)
CAM_HEIGHT_CM = 100.0    # eye height above the sand
SUN_X, SUN_Y = 0.673, 0.646   # sun centre
SUN_RADIUS = 0.0105      # angular radius in radians (a touch of telephoto)
SHORE = 0.742            # mean water line on the sand

# Figures: (name, x of the feet, y of the feet).  Their size follows from the
# camera: the horizon is at eye height, so it cuts everyone at ~1 m.
FIGURES = [
    ("mike", 0.255, 0.838),
    ("guitarist", 0.485, 0.852),
    ("natasha", 0.770, 0.862),
]
SWIMMER = (0.135, 0.703)


# ---------------------------------------------------------------------------
# Small numeric helpers
# ---------------------------------------------------------------------------
def _kernel(sigma: float) -> np.ndarray:
    r = max(1, int(math.ceil(3.0 * sigma)))
    x = np.arange(-r, r + 1, dtype=np.float64)
    k = np.exp(-0.5 * (x / sigma) ** 2)
    return (k / k.sum()).astype(np.float32)


def _conv1d(a: np.ndarray, k: np.ndarray, axis: int) -> np.ndarray:
    r = len(k) // 2
    pad = [(0, 0), (0, 0)]
    pad[axis] = (r, r)
    p = np.pad(a, pad, mode="edge")
    out = np.zeros_like(a)
    n = a.shape[axis]
    for i, w in enumerate(k):
        sl = [slice(None), slice(None)]
        sl[axis] = slice(i, i + n)
        out += np.float32(w) * p[tuple(sl)]
    return out


def _resize(a: np.ndarray, w: int, h: int, resample) -> np.ndarray:
    im = Image.fromarray(np.ascontiguousarray(a, dtype=np.float32), "F")
    return np.asarray(im.resize((w, h), resample), dtype=np.float32)


def blur(a: np.ndarray, sigma_x: float, sigma_y: float | None = None) -> np.ndarray:
    """Gaussian blur (separable; large radii via a box-downsampled copy)."""
    if sigma_y is None:
        sigma_y = sigma_x
    a = np.asarray(a, dtype=np.float32)
    h, w = a.shape
    big = max(sigma_x, sigma_y)
    if big > 6.0:
        f = max(1, int(big // 3.0))
        sw, sh = max(2, -(-w // f)), max(2, -(-h // f))
        small = _resize(a, sw, sh, Image.BOX)
        small = blur(small, sigma_x / f, sigma_y / f)
        return _resize(small, w, h, Image.BILINEAR)
    out = a
    if sigma_x >= 0.25:
        out = _conv1d(out, _kernel(sigma_x), 1)
    if sigma_y >= 0.25:
        out = _conv1d(out, _kernel(sigma_y), 0)
    return out


def smoothstep(e0: float, e1: float, x):
    t = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def value_noise(rng, h: int, w: int, cells_y: int, cells_x: int) -> np.ndarray:
    """Smooth zero-mean unit-ish noise: a random grid, bicubic upsampled."""
    g = rng.standard_normal((cells_y + 4, cells_x + 4)).astype(np.float32)
    im = Image.fromarray(g, "F")
    im = im.resize((w, h), Image.BICUBIC, box=(2, 2, cells_x + 2, cells_y + 2))
    return np.asarray(im, dtype=np.float32)


def fractal_noise(rng, h, w, cells_y, cells_x, octaves=4, gain=0.5):
    out = np.zeros((h, w), np.float32)
    amp, norm = 1.0, 0.0
    for _ in range(octaves):
        out += np.float32(amp) * value_noise(rng, h, w, max(1, cells_y), max(1, cells_x))
        norm += amp * amp
        amp *= gain
        cells_x *= 2
        cells_y *= 2
    return out / np.float32(math.sqrt(norm))


# ---------------------------------------------------------------------------
# Silhouettes
# ---------------------------------------------------------------------------
def catmull(pts, closed=True, n=14):
    """Catmull-Rom spline through pts -> dense polyline."""
    p = np.asarray(pts, dtype=np.float64)
    if closed:
        p = np.vstack([p[-1], p, p[0], p[1]])
    else:
        p = np.vstack([p[0], p, p[-1]])
    t = np.linspace(0.0, 1.0, n, endpoint=False)[:, None]
    t2, t3 = t * t, t * t * t
    out = []
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[i - 1], p[i], p[i + 1], p[i + 2]
        out.append(0.5 * ((2 * p1) + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t2
                          + (-p0 + 3 * p1 - 3 * p2 + p3) * t3))
    out = np.vstack(out)
    if not closed:
        out = np.vstack([out, p[-2]])
    return out


class Pen:
    """Draws in centimetres (x to the right, y up from the sand) on a
    supersampled Pillow canvas."""

    def __init__(self, draw: ImageDraw.ImageDraw, x_min: float, y_max: float, px_per_cm: float,
                 hair_draw: ImageDraw.ImageDraw | None = None):
        self.d = draw
        self.hair_d = hair_draw
        self.x_min = x_min
        self.y_max = y_max
        self.k = px_per_cm

    def P(self, pts):
        a = np.atleast_2d(np.asarray(pts, dtype=np.float64))
        return [((x - self.x_min) * self.k, (self.y_max - y) * self.k) for x, y in a]

    def poly(self, pts, fill=255):
        self.d.polygon(self.P(pts), fill=fill)

    def blob(self, pts, n=14, fill=255):
        self.poly(catmull(pts, True, n), fill=fill)

    def cloth(self, pts, seed, amp=0.45, n=12):
        """Smooth outline with soft random folds (fabric is never a spline)."""
        rng = np.random.default_rng(SEED * 1000 + seed)
        base = catmull(pts, True, n)
        nrm = _outward_normals(base)
        m = len(base)
        s = np.arange(m)
        disp = np.zeros(m)
        for _ in range(max(4, m // 16)):
            c = rng.uniform(0, m)
            w = rng.uniform(4.0, 12.0)
            dd = np.minimum(np.abs(s - c), m - np.abs(s - c))
            disp += rng.uniform(-amp, amp) * np.exp(-0.5 * (dd / w) ** 2)
        self.poly(base + nrm * disp[:, None])

    def circle(self, c, r, fill=255):
        (x, y), = self.P([c])
        rr = r * self.k
        self.d.ellipse([x - rr, y - rr, x + rr, y + rr], fill=fill)

    def ellipse(self, c, rx, ry, ang_deg=0.0, fill=255, n=72):
        t = np.linspace(0, 2 * math.pi, n, endpoint=False)
        a = math.radians(ang_deg)
        x = rx * np.cos(t)
        y = ry * np.sin(t)
        pts = np.stack([c[0] + x * math.cos(a) - y * math.sin(a),
                        c[1] + x * math.sin(a) + y * math.cos(a)], 1)
        self.poly(pts, fill=fill)

    def capsule(self, a, b, ra, rb, fill=255):
        a = np.asarray(a, float)
        b = np.asarray(b, float)
        d = b - a
        L = float(np.hypot(*d))
        if L < 1e-6:
            self.circle(a, max(ra, rb), fill)
            return
        u = d / L
        n = np.array([-u[1], u[0]])
        s = max(-0.99, min(0.99, (ra - rb) / L))
        c = math.sqrt(1 - s * s)
        m1 = s * u + c * n
        m2 = s * u - c * n
        self.poly([a + ra * m1, b + rb * m1, b + rb * m2, a + ra * m2], fill)
        self.circle(a, ra, fill)
        self.circle(b, rb, fill)

    def chain(self, pts, radii, fill=255, smooth=0):
        pts = np.asarray(pts, float)
        radii = np.asarray(radii, float)
        if smooth:
            t_src = np.linspace(0, 1, len(pts))
            dense = catmull(pts, closed=False, n=smooth)
            t_dst = np.linspace(0, 1, len(dense))
            radii = np.interp(t_dst, t_src, radii)
            pts = dense
        for i in range(len(pts) - 1):
            self.capsule(pts[i], pts[i + 1], radii[i], radii[i + 1], fill)

    def strand(self, pts, r0, r1, n=10):
        """A tapering hair strand / wisp along a smooth curve."""
        dense = catmull(pts, closed=False, n=n)
        r = np.linspace(r0, r1, len(dense))
        for i in range(len(dense) - 1):
            self.capsule(dense[i], dense[i + 1], r[i], r[i + 1])


def _head_xform(c, facing, tilt_deg, scale):
    a = math.radians(tilt_deg)

    def f(pts):
        p = np.atleast_2d(np.asarray(pts, float)) * scale
        p[:, 0] *= facing
        # positive tilt nods the face down (towards the facing side)
        ang = -a * facing
        ca2, sa2 = math.cos(ang), math.sin(ang)
        x = p[:, 0] * ca2 - p[:, 1] * sa2
        y = p[:, 0] * sa2 + p[:, 1] * ca2
        return np.stack([x + c[0], y + c[1]], 1)
    return f


# Head profile facing +x, in cm, origin at the ear; 23 cm from chin to crown.
FACE = [(5.0, 10.5), (8.0, 8.2), (9.2, 5.8), (9.6, 3.8), (9.0, 2.3), (9.9, 0.6), (11.0, -1.0),
        (11.6, -1.9), (11.1, -2.5), (9.9, -2.9), (10.2, -3.8), (10.3, -4.4), (9.6, -5.0),
        (10.0, -5.6), (9.9, -6.3), (9.0, -7.1), (9.5, -8.3), (9.4, -9.4), (8.2, -10.4),
        (5.5, -10.3), (3.6, -9.6), (0.0, -8.0), (-3.0, -4.0), (-3.0, 5.0)]

HAIR = {
    "tsoi": [(9.8, 4.0), (11.2, 6.0), (11.4, 9.5), (9.6, 13.2), (5.5, 16.2), (0.0, 17.4),
             (-5.5, 16.6), (-9.8, 13.6), (-12.4, 9.0), (-13.2, 3.5), (-12.8, -2.0),
             (-11.4, -6.5), (-8.5, -9.6), (-5.5, -11.0), (-3.0, -8.0), (-1.0, -2.0),
             (3.5, 1.5), (6.5, 3.0)],
    "natasha": [(8.8, 6.5), (8.2, 10.5), (4.5, 13.8), (-1.5, 14.8), (-7.5, 13.8),
                (-13.0, 11.5), (-17.5, 9.6), (-15.0, 7.0), (-19.0, 4.4), (-14.8, 2.0),
                (-16.8, -3.0), (-12.4, -4.6), (-9.8, -9.2), (-6.5, -7.5), (-3.0, -3.0),
                (2.0, 2.0), (6.0, 5.0)],
    "mike": [(8.6, 8.6), (6.0, 12.8), (0.5, 14.8), (-5.5, 14.2), (-10.0, 11.0), (-12.2, 5.0),
             (-12.8, -2.0), (-12.6, -8.0), (-12.0, -13.0), (-10.5, -16.5), (-6.0, -16.0),
             (-4.0, -10.0), (-1.0, -1.0), (4.0, 5.0)],
}
HAIR_SEED = {"tsoi": 11, "natasha": 12, "mike": 13}
HAIR_STRANDS = {"tsoi": 80, "natasha": 140, "mike": 60}


def _outward_normals(poly):
    p = np.asarray(poly, float)
    d = np.roll(p, -1, 0) - np.roll(p, 1, 0)
    n = np.stack([d[:, 1], -d[:, 0]], 1)
    n /= np.maximum(1e-9, np.hypot(n[:, 0], n[:, 1]))[:, None]
    area = 0.5 * np.sum(p[:, 0] * np.roll(p[:, 1], -1) - np.roll(p[:, 0], -1) * p[:, 1])
    return n if area < 0 else -n   # counter-clockwise (area > 0): outward is (dy, -dx) * -1


def hair_shape(style, wind_local):
    """Roughened hair outline plus a set of thin fly-away strands (head coords)."""
    rng = np.random.default_rng(SEED * 100 + HAIR_SEED[style])
    base = catmull(HAIR[style], True, 24)
    n = _outward_normals(base)
    m = len(base)
    # clumps: a sum of narrow random bumps along the outline
    s = np.arange(m)
    disp = np.zeros(m)
    for _ in range(m // 24):
        c = rng.uniform(0, m)
        w = rng.uniform(5.0, 16.0)
        dd = np.minimum(np.abs(s - c), m - np.abs(s - c))
        disp += rng.uniform(0.1, 0.55) * np.exp(-0.5 * (dd / w) ** 2)
    outline = base + n * disp[:, None]
    strands = []
    wind = np.asarray(wind_local, float)
    for _ in range(HAIR_STRANDS[style]):
        i = int(rng.integers(0, m))
        p0 = outline[i]
        if p0[1] < -6.0 and style != "natasha":
            continue
        if p0[0] > 8.0 and p0[1] < 6.0:      # keep the face clean
            continue
        tg = outline[(i + 3) % m] - outline[i - 3]
        tg /= max(1e-9, np.hypot(*tg))
        if np.dot(tg, wind) + 0.3 * (-tg[1]) < 0:   # flow with the wind / downwards
            tg = -tg
        d0 = tg + n[i] * rng.uniform(0.2, 0.8) + rng.normal(0, 0.2, 2)
        d0 /= np.hypot(*d0)
        ln = rng.uniform(1.2, 4.5) * (1.6 if style == "natasha" else 1.0)
        bend = rng.normal(0, 0.4)
        perp = np.array([-d0[1], d0[0]])
        p1 = p0 + d0 * ln * 0.5 + perp * bend * ln * 0.12
        p2 = p0 + d0 * ln + perp * bend * ln * 0.4 + wind * ln * 0.25
        strands.append((np.array([p0 - d0 * 0.6, p1, p2]), rng.uniform(0.05, 0.11)))
    return outline, strands


def draw_head(pen: Pen, c, facing, tilt, height_cm, style):
    """Profile head at c (ear position) facing +1 (right) or -1 (left)."""
    f = _head_xform(c, facing, tilt, height_cm / 23.0)
    k = height_cm / 23.0
    t = np.linspace(0, 2 * math.pi, 96, endpoint=False)
    pen.poly(f(np.stack([-0.5 + 9.6 * np.cos(t), 3.0 + 9.6 * np.sin(t)], 1)))  # skull
    pen.poly(f(catmull(FACE, True, 8)))
    outline, strands = hair_shape(style, (facing * 1.0, 0.15))
    main = pen.d
    pen.d = pen.hair_d or main   # hair goes on its own, softer layer
    pen.poly(f(outline))
    pen.d = main
    for pts, r in strands:
        pen.strand(f(pts), r * k, 0.02 * k, n=6)
    if style == "mike":  # aviator sunglasses and a cigarette
        pen.poly(f(catmull([(8.4, 4.3), (10.6, 4.0), (10.8, 2.2), (9.7, 0.8), (8.3, 1.4)],
                           True, 6)))
        pen.capsule(f((10.0, -5.2))[0], f((14.8, -6.5))[0], 0.42 * k, 0.38 * k)


def draw_guitar(pen: Pen, base, ang_deg, L=101.0):
    """Acoustic guitar seen from the front: base = end pin, ang = neck direction."""
    a = math.radians(ang_deg)
    u = np.array([math.cos(a), math.sin(a)])
    n = np.array([-u[1], u[0]])
    b = np.asarray(base, float)
    k = L / 101.0

    def at(t, o=0.0):
        return b + u * (t * k) + n * (o * k)

    # body outline (figure-eight): half widths along the body axis
    prof = [(0.0, 0.0), (1.5, 11.5), (5.0, 16.5), (11.0, 19.0), (17.0, 19.0), (23.0, 16.5),
            (28.0, 12.6), (31.0, 12.0), (35.0, 13.6), (40.0, 14.2), (45.0, 12.4),
            (48.5, 8.0), (50.0, 0.0)]
    up = [at(t, w) for t, w in prof]
    dn = [at(t, -w) for t, w in prof[::-1]][1:-1]
    pen.blob(up + dn, n=10)
    # neck and heel
    pen.capsule(at(47.0), at(60.0), 3.4 * k, 2.6 * k)
    pen.poly([at(48.0, 2.7), at(94.0, 2.5), at(94.0, -2.5), at(48.0, -2.7)])
    # headstock, slightly flared, with three tuning pegs each side
    pen.blob([at(93.0, 2.6), at(99.0, 3.9), at(110.0, 4.3), at(112.0, 3.0),
              at(112.0, -3.0), at(110.0, -4.3), at(99.0, -3.9), at(93.0, -2.6)], n=6)
    for t in (98.5, 103.0, 107.5):
        for side in (1, -1):
            pen.capsule(at(t, side * 3.6), at(t, side * 6.4), 0.75 * k, 0.9 * k)
            pen.ellipse(at(t, side * 6.9), 1.3 * k, 0.75 * k, math.degrees(a))


def fig_guitarist(pen: Pen):
    # legs (black jeans), weight on the left leg, right leg relaxed and out
    pen.chain([(-8.0, 90), (-9.8, 70), (-11.0, 50), (-12.0, 28), (-12.8, 9)],
              [8.8, 7.3, 5.8, 5.5, 5.0], smooth=6)
    pen.chain([(8.0, 90), (11.0, 70), (13.5, 50), (16.0, 28), (18.2, 9)],
              [8.8, 7.3, 5.8, 5.5, 5.0], smooth=6)
    # shoes
    pen.blob([(-19.0, 1.0), (-18.0, 8.0), (-13.0, 10.5), (-8.0, 8.0), (-5.5, 1.5), (-8.0, 0.0),
              (-16.0, 0.0)], n=6)
    pen.blob([(13.5, 1.5), (13.5, 8.5), (18.5, 11.0), (23.0, 8.0), (28.5, 3.0), (28.0, 0.0),
              (16.0, 0.0)], n=6)
    # torso (loose dark shirt)
    pen.cloth([(-6.2, 155.5), (-10.5, 152.5), (-14.5, 149.8), (-17.8, 146.5), (-19.0, 141.5),
               (-18.2, 132.0), (-16.8, 118.0), (-16.2, 104.0), (-16.8, 92.0), (-17.6, 84.0),
               (-8.0, 82.8), (0.0, 83.4), (9.0, 82.6), (17.2, 84.2), (16.4, 96.0),
               (16.0, 108.0), (16.9, 120.0), (18.4, 133.0), (19.0, 141.5), (17.8, 146.5),
               (14.5, 149.8), (10.5, 152.5), (6.2, 155.5)], 1, amp=0.3)
    pen.poly([(-6.8, 154.5), (-6.0, 159.0), (-2.5, 156.0)])   # shirt collar
    pen.poly([(6.8, 154.5), (6.0, 159.0), (2.5, 156.0)])
    pen.capsule((0.3, 150.0), (0.8, 158.0), 6.2, 5.6)  # neck
    draw_head(pen, (1.2, 165.3), +1, 16.0, 23.0, "tsoi")
    # guitar: end pin low on the right hip, neck rising to his left
    base = np.array([-44.0, 84.0])
    ang = 27.0
    draw_guitar(pen, base, ang)
    u = np.array([math.cos(math.radians(ang)), math.sin(math.radians(ang))])
    # strumming arm (viewer's left): elbow out, hand over the sound hole
    sh_r = np.array([-15.8, 140.0])
    el_r = np.array([-31.0, 117.0])
    hand_r = base + u * 31.0 + np.array([2.0, 5.0])
    pen.chain([sh_r, (-24.0, 129.5), el_r], [6.0, 5.4, 4.4], smooth=5)
    pen.chain([el_r, (-24.0, 108.0), hand_r], [4.3, 3.9, 2.8], smooth=5)
    pen.ellipse(hand_r + np.array([1.5, -1.0]), 5.2, 4.0, -30.0)
    # fretting arm (viewer's right): elbow down, forearm up to the neck
    sh_l = np.array([15.8, 140.0])
    el_l = np.array([25.5, 111.0])
    hand_l = base + u * 86.0
    pen.chain([sh_l, (21.5, 126.0), el_l], [6.0, 5.3, 4.4], smooth=5)
    pen.chain([el_l, (35.0, 112.5), hand_l + np.array([-2.0, -2.5])], [4.2, 3.8, 2.7], smooth=5)
    # fretting hand wrapped round the neck: palm below, fingers curling over
    pen.ellipse(hand_l + np.array([0.0, -1.5]), 5.0, 3.6, ang + 10)
    for i, o in enumerate((-3.0, -1.0, 1.0, 3.0)):
        p = hand_l + u * o
        pen.capsule(p + np.array([0.0, -2.0]), p + np.array([0.9, 3.8 - 0.5 * abs(i - 1.5)]),
                    1.05, 0.8)
    pen.capsule(hand_l + u * -4.0 + np.array([0, -3.0]), hand_l + u * -1.0 + np.array([0, -4.3]),
                1.2, 1.0)


def fig_natasha(pen: Pen):
    # walking towards the left, wind from the left
    # back leg (heel lifted)
    pen.chain([(3.0, 84), (5.5, 66), (8.0, 46), (12.0, 30), (17.5, 12)],
              [7.0, 5.8, 4.2, 4.9, 2.8], smooth=6)
    pen.blob([(15.0, 15.0), (20.5, 13.0), (20.5, 8.5), (14.0, 3.0), (9.5, 0.2), (7.5, 1.4),
              (10.0, 4.5)], n=6)
    # front leg
    pen.chain([(-2.0, 84), (-6.0, 66), (-9.5, 46), (-11.5, 30), (-13.0, 9)],
              [7.0, 5.8, 4.2, 4.9, 2.8], smooth=6)
    pen.blob([(-10.8, 10.0), (-10.0, 1.0), (-14.0, 0.0), (-25.0, 0.2), (-26.0, 1.8),
              (-17.0, 5.0), (-15.2, 10.0)], n=6)
    # summer dress: fitted bodice, skirt blowing back to the right
    pen.cloth([(-9.5, 101.0), (-12.5, 92.0), (-15.5, 78.0), (-19.0, 63.0), (-21.5, 54.0),
              (-15.0, 52.0), (-8.0, 54.5), (-1.0, 51.0), (7.0, 53.5), (14.0, 50.0),
              (22.0, 53.5), (30.0, 55.0), (34.0, 59.0), (28.0, 64.0), (22.0, 74.0),
              (15.0, 86.0), (10.5, 95.0), (8.0, 101.0)], 3, amp=0.5)
    pen.blob([(-1.0, 141.0), (-6.0, 137.5), (-10.0, 130.0), (-11.0, 124.0), (-9.0, 117.0),
              (-8.5, 108.0), (-10.0, 99.0), (8.5, 99.0), (8.0, 108.0), (9.5, 119.0),
              (10.0, 130.0), (8.0, 137.5), (3.5, 141.5)], n=10)
    pen.capsule((0.5, 137.0), (-1.5, 147.5), 4.3, 3.9)  # neck
    draw_head(pen, (-2.0, 155.0), -1, -6.0, 21.5, "natasha")
    # near arm raised: hand holding the hair at the back of the head
    sh = np.array([3.0, 135.0])
    el = np.array([20.5, 158.0])
    hand = np.array([6.0, 165.0])
    pen.chain([sh, (12.0, 147.0), el], [5.0, 4.3, 3.4], smooth=5)
    pen.chain([el, (14.0, 163.0), hand], [3.3, 3.0, 2.3], smooth=5)
    pen.ellipse(hand + np.array([-1.0, 1.0]), 4.2, 3.0, 150.0)
    # far arm hanging loose
    pen.chain([(-1.0, 134.0), (1.5, 118.0), (5.5, 108.0)], [4.6, 3.8, 3.2], smooth=5)
    pen.chain([(5.5, 108.0), (9.0, 97.0), (11.0, 88.0)], [3.1, 2.7, 2.1], smooth=5)
    pen.ellipse((11.2, 86.0), 2.3, 3.4, -10.0)


def fig_mike(pen: Pen):
    # flared trousers, relaxed stance
    pen.chain([(-8.5, 90), (-10.0, 68), (-11.0, 48), (-11.8, 26), (-12.8, 8)],
              [9.2, 7.8, 6.5, 7.0, 8.0], smooth=6)
    pen.chain([(8.5, 90), (9.8, 68), (10.8, 48), (12.0, 26), (13.5, 8)],
              [9.2, 7.8, 6.5, 7.0, 8.0], smooth=6)
    pen.blob([(-22.0, 1.0), (-21.0, 6.0), (-6.0, 6.0), (-4.5, 1.0), (-10.0, 0.0)], n=5)
    pen.blob([(5.0, 1.0), (5.5, 6.0), (21.0, 6.0), (23.0, 1.0), (15.0, 0.0)], n=5)
    # shirt, slightly wider shoulders, tucked in
    pen.cloth([(-6.5, 156.5), (-11.0, 153.5), (-15.5, 150.8), (-19.0, 147.5), (-20.2, 142.0),
               (-19.5, 130.0), (-17.5, 113.0), (-15.5, 98.0), (-16.6, 88.0), (0.0, 86.5),
               (16.6, 88.0), (15.5, 98.0), (17.5, 113.0), (19.5, 130.0), (20.2, 142.0),
               (19.0, 147.5), (15.5, 150.8), (11.0, 153.5), (6.5, 156.5)], 2, amp=0.35)
    pen.poly([(-7.5, 155.0), (-6.8, 160.5), (-3.5, 157.0), (-4.0, 153.0)])  # collar
    pen.poly([(7.5, 155.0), (6.8, 160.5), (3.5, 157.0), (4.0, 153.0)])
    pen.capsule((0.0, 152.0), (0.5, 160.0), 6.2, 5.6)
    draw_head(pen, (1.0, 167.5), +1, 4.0, 23.5, "mike")
    # hands in pockets: elbows out, leaving triangles of light
    for sx in (-1, 1):
        sh = np.array([17.3 * sx, 141.5])
        el = np.array([29.5 * sx, 117.0])
        hand = np.array([14.5 * sx, 92.0])
        pen.chain([sh, (25.5 * sx, 130.0), el], [6.4, 5.8, 4.8], smooth=5)
        pen.chain([el, (23.5 * sx, 104.0), hand], [4.7, 4.2, 3.9], smooth=5)


def fig_swimmer(pen: Pen):
    """Someone waist-deep far out, arms raised, shaking water from the hair."""
    pen.blob([(-14.0, 0.0), (-13.0, 18.0), (-15.0, 32.0), (-16.0, 42.0), (-6.0, 48.0),
              (6.0, 48.0), (16.0, 42.0), (15.0, 32.0), (13.0, 18.0), (14.0, 0.0)], n=8)
    pen.capsule((0.0, 46.0), (0.5, 54.0), 5.5, 5.0)
    draw_head(pen, (1.0, 62.0), +1, -12.0, 22.0, "tsoi")
    for sx in (-1, 1):  # arms out for balance, hands just above the water
        pen.chain([(14.0 * sx, 44.0), (27.0 * sx, 30.0), (40.0 * sx, 20.0)], [5.6, 4.4, 3.0],
                  smooth=5)


FIG_FUNCS = {"mike": fig_mike, "guitarist": fig_guitarist, "natasha": fig_natasha,
             "swimmer": fig_swimmer}
FIG_BOX = {  # x_min, x_max, y_min, y_max in cm (local)
    "mike": (-45, 45, -2, 190),
    "guitarist": (-62, 84, -2, 190),
    "natasha": (-40, 48, -2, 178),
    "swimmer": (-45, 45, -2, 95),
}


def render_figure(name: str, px_per_cm: float, ss: int = 4):
    """Return (mask, x_min_cm, y_max_cm) for one figure, anti-aliased."""
    x0, x1, y0, y1 = FIG_BOX[name]
    w = int(math.ceil((x1 - x0) * px_per_cm))
    h = int(math.ceil((y1 - y0) * px_per_cm))
    im = Image.new("L", (w * ss, h * ss), 0)
    hair = Image.new("L", (w * ss, h * ss), 0)
    pen = Pen(ImageDraw.Draw(im), x0, y1, px_per_cm * ss, ImageDraw.Draw(hair))
    FIG_FUNCS[name](pen)
    m = np.asarray(im.reduce(ss), dtype=np.float32) / 255.0
    hm = np.asarray(hair.reduce(ss), dtype=np.float32) / 255.0
    # backlit hair has a soft edge: blur it a little more than skin and cloth
    hm = blur(hm, 0.06 * px_per_cm + 0.2)
    return np.maximum(m, hm), x0, y1


def paste_max(dst, src, x, y):
    """dst[y:, x:] = max(dst, src) with clipping; x, y integer top-left."""
    h, w = src.shape
    H, W = dst.shape
    xa, ya = max(0, x), max(0, y)
    xb, yb = min(W, x + w), min(H, y + h)
    if xa >= xb or ya >= yb:
        return
    np.maximum(dst[ya:yb, xa:xb], src[ya - y:yb - y, xa - x:xb - x], out=dst[ya:yb, xa:xb])


def silhouettes(W, H):
    """Masks of the figures and of their mirror images on the wet sand."""
    ss = 4 if W * H > 4e6 else 6
    mask = np.zeros((H, W), np.float32)
    mirror = np.zeros((H, W), np.float32)
    yh = HORIZON * H
    for name, fx, fy in FIGURES:
        ppcm = (fy * H - yh) / CAM_HEIGHT_CM
        m, xmin, ymax = render_figure(name, ppcm, ss)
        ox = fx * W + xmin * ppcm
        oy = fy * H - ymax * ppcm
        paste_max(mask, m, int(round(ox)), int(round(oy)))
        # mirror about the feet line (the wet sand is a horizontal mirror)
        my = fy * H + (fy * H - oy) - m.shape[0] - 0.8 * ppcm   # soles touch
        paste_max(mirror, m[::-1], int(round(ox)), int(round(my)))
    # the swimmer: waist-deep, so the sea cuts him off
    sx, sy = SWIMMER
    ppcm = (sy * H - yh) / CAM_HEIGHT_CM
    m, xmin, ymax = render_figure("swimmer", ppcm, ss * 2)
    paste_max(mask, m, int(round(sx * W + xmin * ppcm)), int(round(sy * H - ymax * ppcm)))
    return mask, mirror



# ---------------------------------------------------------------------------
# Light: sky, sea, sand (linear radiance, arbitrary units; ~1 = bright sky)
# ---------------------------------------------------------------------------
def _normalize(x, y, z):
    n = np.sqrt(x * x + y * y + z * z)
    return x / n, y / n, z / n


class Camera:
    def __init__(self, W, H):
        self.W, self.H = W, H
        self.f = FOCAL * H
        self.cx = 0.5 * W
        self.yh = HORIZON * H

    def rays(self, y0, y1):
        """Unit view directions for rows y0..y1 (x right, y up, z forward)."""
        xs = (np.arange(self.W, dtype=np.float64) + 0.5 - self.cx) / self.f
        ys = (self.yh - (np.arange(y0, y1, dtype=np.float64) + 0.5)) / self.f
        X, Y = np.meshgrid(xs, ys)
        return _normalize(X, Y, np.ones_like(X))

    def sun(self):
        return _normalize((SUN_X * self.W - self.cx) / self.f, (self.yh - SUN_Y * self.H) / self.f,
                          1.0)


def sky_radiance(dx, dy, dz, S, sun_disc=True):
    """Clear evening sky over the sea: bright haze at the horizon, a strong
    aureole round the low sun, the sun itself grossly over-exposed."""
    elev = np.arcsin(np.clip(dy, 0.0, 1.0))
    cosg = np.clip(dx * S[0] + dy * S[1] + dz * S[2], -1.0, 1.0)
    g = np.arccos(cosg)
    L = 0.075 + 0.34 * np.exp(-elev / 0.20) + 0.55 * np.exp(-elev / 0.035)
    L = L + 0.8 * np.exp(-g / 0.018) + 0.7 * np.exp(-g / 0.065) + 0.40 * np.exp(-g / 0.30)
    if sun_disc:
        L = L + 400.0 * smoothstep(SUN_RADIUS * 1.06, SUN_RADIUS * 0.92, g)
    return L


def _waves(rng, n, lam_min, lam_max, spread_deg, steep, along_z=True):
    lam = np.exp(rng.uniform(math.log(lam_min), math.log(lam_max), n))
    k = 2 * math.pi / lam
    th = np.radians(rng.normal(0.0, spread_deg, n))
    kx, kz = (k * np.sin(th), k * np.cos(th)) if along_z else (k * np.cos(th), k * np.sin(th))
    ak = steep * np.exp(rng.normal(0.0, 0.3, n))
    phase = rng.uniform(0, 2 * math.pi, n)
    return kx, kz, ak / k, phase


def surface_slopes(waves, gx, gz, fx, fz, floor_var):
    """Resolved slopes of a sum-of-sines height field, plus the slope variance
    of everything finer than a pixel (which widens the glint instead)."""
    kx, kz, a, ph = waves
    sx = np.zeros(gx.shape, np.float32)
    sz = np.zeros(gx.shape, np.float32)
    vx = np.full(gx.shape, floor_var, np.float32)
    vz = np.full(gx.shape, floor_var, np.float32)
    for i in range(len(kx)):
        att = np.exp(-0.5 * ((kx[i] * fx) ** 2 + (kz[i] * fz) ** 2)).astype(np.float32)
        amp = np.float32(a[i])
        lost = np.float32(0.5) * (1.0 - att * att) * amp * amp
        vx += lost * np.float32(kx[i] ** 2)
        vz += lost * np.float32(kz[i] ** 2)
        live = att > 1e-3
        if not live.any():
            continue
        s = np.sin(kx[i] * gx + kz[i] * gz + ph[i]).astype(np.float32) * att * amp
        s[~live] = 0.0
        sx -= s * np.float32(kx[i])
        sz -= s * np.float32(kz[i])
    return sx, sz, vx, vz


def water_light(dx, dy, dz, S, sx, sz, vx, vz, sun_power, jx, jz):
    """Sky reflection + microfacet sun glitter (Cox-Munk style).  (jx, jz)
    are pixel-scale slope jitters that only the glints see, so they sparkle
    while the reflected sky stays smooth."""
    # normal from slopes: (-sx, 1, -sz)
    nx, ny, nz = _normalize(-sx, np.ones_like(sx), -sz)
    ddn = dx * nx + dy * ny + dz * nz
    rx, ry, rz = dx - 2 * ddn * nx, dy - 2 * ddn * ny, dz - 2 * ddn * nz
    cos_i = np.clip(-ddn, 0.0, 1.0)
    fres = 0.02 + 0.98 * (1.0 - cos_i) ** 5
    refl = fres * sky_radiance(rx, np.maximum(ry, 0.0), rz, S, sun_disc=False)
    # glitter: slopes that would mirror the sun into the eye
    hx, hy, hz = _normalize(S[0] - dx, S[1] - dy, S[2] - dz)
    qx = -hx / hy - sx - jx
    qz = -hz / hy - sz - jz
    pdf = np.exp(-0.5 * (qx * qx / vx + qz * qz / vz)) / (2 * math.pi * np.sqrt(vx * vz))
    cos_h = np.clip(-(dx * hx + dy * hy + dz * hz), 0.0, 1.0)
    fres_h = 0.02 + 0.98 * (1.0 - cos_h) ** 5
    cos_v = np.maximum(-dy, 1e-3)
    glint = sun_power * fres_h * pdf / (4.0 * cos_v * hy ** 4)
    return refl.astype(np.float32), glint.astype(np.float32)


class GridNoise:
    """Value noise on a wrapped random lattice, evaluable anywhere (used in
    ground coordinates, so sand and water texture shrink with distance)."""

    def __init__(self, rng, n=256):
        self.n = n
        self.g = rng.standard_normal((n, n)).astype(np.float32)

    def __call__(self, u, v):
        n = self.n
        iu, iv = np.floor(u), np.floor(v)
        fu = (u - iu).astype(np.float32)
        fv = (v - iv).astype(np.float32)
        fu = fu * fu * (3 - 2 * fu)
        fv = fv * fv * (3 - 2 * fv)
        i0 = np.mod(iu, n).astype(np.intp)
        j0 = np.mod(iv, n).astype(np.intp)
        i1 = (i0 + 1) % n
        j1 = (j0 + 1) % n
        g = self.g
        a, b, c, d = g[j0, i0], g[j0, i1], g[j1, i0], g[j1, i1]
        return a + (b - a) * fu + (c - a) * fv + (a - b - c + d) * fu * fv


def ground_fbm(noise, gx, gz, fx, fz, cell_x, cell_z, octaves=4, gain=0.55):
    """Fractal noise on the ground plane, faded out where a pixel's footprint
    is larger than the feature (no aliasing towards the horizon)."""
    out = np.zeros(gx.shape, np.float32)
    amp = 1.0
    for o in range(octaves):
        cx, cz = cell_x / 2 ** o, cell_z / 2 ** o
        att = np.exp(-2.0 * ((fx / cx) ** 2 + (fz / cz) ** 2)).astype(np.float32)
        out += np.float32(amp) * att * noise(gx / cx + 37.1 * o, gz / cz + 11.3 * o)
        amp *= gain
    return out * np.float32(1.6)


def sparkle_noise(rng, h, w, sc, stretch=4.8):
    """Pixel-scale, horizontally stretched noise: where the sea's facets catch
    the sun as separate glints rather than a smooth average."""
    n = blur(rng.standard_normal((h, w), dtype=np.float32), 0.5 * stretch * sc + 0.3,
             0.5 * sc + 0.3)
    return n / np.float32(n.std() + 1e-9)


def render_linear(W, H, rng, mirror):
    cam = Camera(W, H)
    S = cam.sun()
    yh = cam.yh
    sc = W / FULL_W
    L = np.zeros((H, W), np.float32)

    # --- sky -------------------------------------------------------------
    ys = int(math.ceil(yh))
    dx, dy, dz = cam.rays(0, ys)
    sky = sky_radiance(dx, dy, dz, S).astype(np.float32)
    # hardly-there large-scale mottling so the sky is not a digital gradient
    sky *= 1.0 + 0.025 * fractal_noise(rng, ys, W, 4, 3, octaves=3)
    L[:ys] = sky
    del dx, dy, dz, sky

    # --- sea, shore and sand (ray-plane intersection) ---------------------
    y0 = ys
    h = H - y0
    dx, dy, dz = cam.rays(y0, H)
    t = CAM_HEIGHT_CM / np.maximum(-dy, 1e-6)
    t = np.minimum(t, 2.0e6)
    gx, gz = t * dx, t * dz
    fx = 0.5 * t / cam.f                       # ground footprint of a pixel, cm
    fz = 0.5 * t * t / (CAM_HEIGHT_CM * cam.f)
    del t
    noise = GridNoise(rng)
    rows = np.arange(y0, H, dtype=np.float32)[:, None] + 0.5
    xs = (np.arange(W, dtype=np.float32)[None, :] + 0.5) / W
    shore = SHORE * H + H * (0.0035 * np.sin(2 * math.pi * (xs * 1.3 + 0.2))
                             + 0.0018 * np.sin(2 * math.pi * (xs * 3.7 + 0.6)))
    sun_power = 160.0 * math.pi * SUN_RADIUS ** 2 * 4.0

    # sea: wind ripples in every direction plus a low swell
    sea_w = _waves(rng, 90, 4.0, 900.0, 55.0, 0.028)
    swell = _waves(rng, 5, 300.0, 800.0, 12.0, 0.03)
    sea_w = tuple(np.concatenate([a, b]) for a, b in zip(sea_w, swell))
    sx, sz, vx, vz = surface_slopes(sea_w, gx, gz, fx, fz, 0.003)
    # glassy slicks and rougher cat's-paws, tens of metres across
    rough = 0.3 + 1.4 * smoothstep(-0.55, 0.55, ground_fbm(noise, gx, gz, fx, fz, 4000.0,
                                                            9000.0, octaves=3))
    sx *= np.sqrt(rough)
    sz *= np.sqrt(rough)
    vx *= rough
    vz *= rough
    frac = np.float32(0.8)
    jx = np.sqrt(frac * vx) * sparkle_noise(rng, h, W, sc)
    jz = np.sqrt(frac * vz) * sparkle_noise(rng, h, W, sc)
    vx *= 1 - frac
    vz *= 1 - frac
    refl, glint = water_light(dx, dy, dz, S, sx, sz, vx, vz, sun_power, jx, jz)
    sea = refl + glint + 0.012
    del jx, jz
    del sx, sz, vx, vz, refl, glint, rough

    # wet sand: a thin film of water, nearly a mirror, with faint ripples
    sand_w = _waves(rng, 28, 3.0, 80.0, 60.0, 0.0015)
    sx, sz, vx, vz = surface_slopes(sand_w, gx, gz, fx, fz, 0.0014)
    frac = np.float32(0.6)
    jx = np.sqrt(frac * vx) * sparkle_noise(rng, h, W, sc, 1.6)
    jz = np.sqrt(frac * vz) * sparkle_noise(rng, h, W, sc, 1.6)
    vx *= 1 - frac
    vz *= 1 - frac
    refl, glint = water_light(dx, dy, dz, S, sx, sz, vx, vz, 0.5 * sun_power, jx, jz)
    del sx, sz, vx, vz, jx, jz
    # wetness: a sheet of water at the line, drying in patches towards us
    wet_edge = 0.955 * H + H * 0.006 * value_noise(rng, 1, W, 1, 7)[0][None, :]
    wet = 1.0 - smoothstep(shore, wet_edge, rows)
    patches = ground_fbm(noise, gx, gz, fx, fz, 150.0, 250.0, octaves=4)
    wet = np.clip(wet ** 0.5 * (0.6 + 0.55 * smoothstep(-0.7, 0.7, patches)), 0.0, 1.0)
    # backlit sand: dark, grainy, with ripples along the shore
    tex = ground_fbm(noise, gx + 5e4, gz, fx, fz, 12.0, 12.0, octaves=4, gain=0.6)
    rip = np.sin(gz * 0.21 + 0.7 * np.sin(gx * 0.013)
                 + 2.0 * ground_fbm(noise, gx, gz + 7e4, fx, fz, 90.0, 60.0, octaves=2))
    rip = rip.astype(np.float32) * np.exp(-0.5 * (0.21 * fz) ** 2).astype(np.float32)
    diffuse = 0.030 * (1.0 + 0.3 * tex + 0.2 * rip)
    # the people's reflections hide the sky (and the sun) in the wet sand
    sand = wet * (refl + glint) * (1.0 - 0.92 * mirror[y0:]) + (1.0 - 0.6 * wet) * diffuse
    del refl, glint, tex, rip, patches

    # blend sea -> sand across a soft water line, with swash foam
    edge = smoothstep(shore - 0.0012 * H, shore + 0.0012 * H, rows)
    ground = sea * (1.0 - edge) + sand * edge
    del sea, sand
    foam = np.zeros_like(ground)
    for off, wd, amp in ((-0.0010, 0.0013, 2.2), (-0.0085, 0.0009, 1.0), (-0.0190, 0.0011, 0.6)):
        line = shore + off * H + 0.0016 * H * value_noise(rng, 1, W, 1, 14)[0][None, :]
        cover = smoothstep(-0.2, 0.7, fractal_noise(rng, 1, W, 1, 40, octaves=5)[0][None, :])
        foam += amp * cover * np.exp(-0.5 * ((rows - line) / (wd * H)) ** 2)
    lace = 0.5 + 0.5 * smoothstep(-0.4, 0.6, sparkle_noise(rng, h, W, 2.0 * sc))
    foam *= lace
    ground = ground * (1.0 - 0.6 * np.clip(foam, 0, 1)) + 0.9 * foam
    L[y0:] = ground
    return L, cam


def compose(W, H, rng):
    mask, mirror = silhouettes(W, H)
    # reflections of the people in the wet sand are soft
    mirror = blur(mirror, 1.5 * W / FULL_W, 5.0 * W / FULL_W)
    L, cam = render_linear(W, H, rng, mirror)
    del mirror
    # the people themselves (near-black, a little ambient)
    L = L * (1.0 - mask) + mask * 0.006
    return L


# ---------------------------------------------------------------------------
# Film: lens glare + halation, vignette, print curve, silver grain
# ---------------------------------------------------------------------------
def film(L, W, H, rng):
    sc = W / FULL_W
    glare = (0.050 * blur(L, 5.0 * sc) + 0.028 * blur(L, 40.0 * sc)
             + 0.012 * blur(L, 220.0 * sc) + 0.006 * blur(L, 900.0 * sc))
    hal = 0.05 * blur(np.maximum(L - 1.5, 0.0), 22.0 * sc)
    L = L * 0.904 + glare + hal
    del glare, hal
    L = blur(L, 0.6 * sc)  # lens + enlarger softness
    # vignette (optical falloff), centred a little below the middle
    yy = (np.arange(H, dtype=np.float32)[:, None] + 0.5) / H - 0.56
    xx = (np.arange(W, dtype=np.float32)[None, :] + 0.5) / W - 0.5
    r2 = (xx * 1.0) ** 2 + (yy * 0.72) ** 2
    L *= (1.0 - 0.9 * r2) ** 1.6
    # print curve: a steep S in log exposure
    mid = 0.30
    x = np.log2(np.maximum(L, 1e-5) / mid)
    T = 0.5 + 0.5 * np.tanh(0.52 * x + 0.02 * x * x)
    T = (T - 0.006) / (0.996 - 0.006)
    del x, L
    # silver grain: fine clumpy noise, strongest in the mid and light greys
    g1 = blur(rng.standard_normal((H, W), dtype=np.float32), 0.65)
    g1 /= np.float32(g1.std() + 1e-9)
    g2 = blur(rng.standard_normal((H, W), dtype=np.float32), 1.6)
    g2 /= np.float32(g2.std() + 1e-9)
    grain = 0.8 * g1 + 0.5 * g2
    tone = np.clip(T, 0.0, 1.0)
    amp = 0.08 * (tone ** 0.7) * (1.0 - tone) ** 1.1 + 0.004
    T = T + amp * grain
    return np.clip(T, 0.0, 1.0)


def render(scale=1.0):
    W = max(64, int(round(FULL_W * scale)))
    H = max(64, int(round(FULL_H * scale)))
    rng = np.random.default_rng(SEED)
    L = compose(W, H, rng)
    T = film(L, W, H, rng)
    img = Image.fromarray(np.round(T * 255.0).astype(np.uint8), "L")
    return img


def focal_point():
    """Midway between the guitarist's face and his fretting hand on the guitar
    neck (the heart of the picture), as fractions of width and height."""
    _, fx, fy = FIGURES[1]
    ppcm = (fy - HORIZON) * FULL_H / CAM_HEIGHT_CM
    face = np.array([8.0, 163.0])                  # cm, figure coordinates
    a = math.radians(27.0)                         # see fig_guitarist
    hand = np.array([-44.0, 84.0]) + 86.0 * np.array([math.cos(a), math.sin(a)])
    mx, my = 0.5 * (face + hand)
    return (fx + mx * ppcm / FULL_W, fy - my * ppcm / FULL_H)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--scale", type=float, default=1.0, help="dev only: render smaller")
    ap.add_argument("--preview", help="dev only: also write a downscaled PNG here")
    args = ap.parse_args(argv)
    img = render(args.scale)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    img.save(args.out, "JPEG", quality=JPEG_QUALITY, dpi=(PPI, PPI), optimize=True)
    if args.preview:
        pw = 1000
        img.resize((pw, round(img.height * pw / img.width)), Image.LANCZOS).save(args.preview)
    with open(args.out, "rb") as fh:
        digest = hashlib.sha256(fh.read()).hexdigest()
    fx, fy = focal_point()
    print(f"wrote {args.out}: {img.width}x{img.height} px, {os.path.getsize(args.out)} bytes")
    print(f"sha256 {digest}")
    print(f"focal point (fraction of width, height): {fx:.3f}, {fy:.3f}")
    print(f"numpy {np.__version__}, Pillow {Image.__version__}, seed {SEED}")


if __name__ == "__main__":
    main()
