"use strict";
// The preview page: draws the state the server sends, again on every server-sent event.
const $ = (id) => document.getElementById(id);
let state = JSON.parse($("state").textContent);
let zoomed = null; // [product key, page index] shown large

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function box(cls, b) {
  const d = el("div", "box " + cls);
  d.style.left = b[0] * 100 + "%"; d.style.top = b[1] * 100 + "%";
  d.style.width = b[2] * 100 + "%"; d.style.height = b[3] * 100 + "%";
  return d;
}

function pageView(p, page, n, large) {
  const wrap = el("div", "page");
  wrap.dataset.page = n;
  const img = el("img");
  img.src = page.src; img.alt = p.key + " page " + (n + 1);
  img.width = page.w; img.height = page.h;
  wrap.append(img);
  for (const o of p.outlines) if (o.page === n) {
    const b = box("problem", o.box);
    b.title = p.diagnostics[o.diag].text;
    wrap.append(b);
  }
  if (large) {
    const show = (id) => $(id).checked;
    if (show("show-bleed")) wrap.append(box("bleedshade", page.trim));
    else {
      const t = page.trim;
      wrap.style.clipPath = `inset(${t[1] * 100}% ${(1 - t[0] - t[2]) * 100}% ${(1 - t[1] - t[3]) * 100}% ${t[0] * 100}%)`;
    }
    if (show("show-trim")) wrap.append(box("trim", page.trim));
    if (show("show-safe")) wrap.append(box("safe", page.safe));
  } else {
    wrap.addEventListener("click", () => { zoomed = [p.key, n]; history.replaceState(null, "", `#zoom=${p.key}/${n}`); drawZoom(); });
  }
  return wrap;
}

function product(p) {
  const s = el("section", "product");
  s.dataset.key = p.key;
  const h = el("h2", null, p.format + " · " + p.lang + (p.venue ? " · " + p.venue : ""));
  s.append(h);
  const errors = p.diagnostics.filter((d) => d.severity !== "warning").length;
  const verdict = errors ? ["error", errors + " error" + (errors > 1 ? "s" : "")]
    : p.preflight === "pass" ? ["pass", "preflight pass"]
    : p.preflight === "fail" ? ["fail", "preflight fail"] : ["none", "not checked"];
  s.append(el("span", "verdict " + verdict[0], verdict[1]));
  s.append(el("span", "meta", (p.name || "") + (p.ms ? " · " + p.ms + " ms" : "")));
  if (p.pdf) {
    const a = el("a", "meta", "PDF"); a.href = p.pdf; a.target = "_blank"; s.append(a);
  }
  const list = el("ul", "diags");
  p.diagnostics.forEach((d) => {
    const li = el("li", "diag " + d.severity, d.text);
    if (d.hint) li.append(el("div", "hint", "hint: " + d.hint));
    list.append(li);
  });
  p.findings.forEach((f) => list.append(el("li", "diag", "preflight: " + f)));
  s.append(list);
  const pages = el("div", "pages" + (p.stale ? " stale" : ""));
  p.pages.forEach((page, n) => pages.append(pageView(p, page, n, false)));
  s.append(pages);
  return s;
}

function draw() {
  $("title").textContent = state.title;
  $("status").textContent = "build " + state.version;
  $("status").className = "";
  $("products").replaceChildren(...state.products.map(product));
  drawZoom();
}

function drawZoom() {
  const z = $("zoom");
  const p = zoomed && state.products.find((q) => q.key === zoomed[0]);
  if (!p || !p.pages[zoomed[1]]) { z.hidden = true; zoomed = null; return; }
  $("zoom-title").textContent = p.format + " · " + p.lang + " · page " + (zoomed[1] + 1);
  $("zoom-page").replaceChildren(pageView(p, p.pages[zoomed[1]], zoomed[1], true));
  z.hidden = false;
}

async function refresh() {
  try {
    const r = await fetch("/state", { cache: "no-store" });
    state = await r.json();
    draw();
  } catch (e) {
    $("status").textContent = "disconnected";
  }
}

for (const id of ["show-trim", "show-bleed", "show-safe"]) $(id).addEventListener("change", drawZoom);
function unzoom() { zoomed = null; history.replaceState(null, "", "#"); drawZoom(); }
$("zoom-close").addEventListener("click", unzoom);
document.addEventListener("keydown", (e) => { if (e.key === "Escape") unzoom(); });
// #zoom=KEY/N opens page N (from 0) of product KEY large: a link to a page, a screenshot of it
const wanted = /^#zoom=([\w-]+)\/(\d+)$/.exec(location.hash);
if (wanted) zoomed = [wanted[1], Number(wanted[2])];
draw();
const events = new EventSource("/events");
events.onmessage = (e) => { if (Number(e.data) !== state.version) refresh(); };
events.onerror = () => { $("status").textContent = "reconnecting…"; $("status").className = "building"; };
