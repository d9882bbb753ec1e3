// shieldsim's page: choose a case, see the engagement (the very JSON of `shieldsim engage
// --json`), its timeline and map, a footprint and the deterrent matrix. No inline script (the
// page's Content-Security-Policy forbids it); everything comes from this server.
"use strict";

const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";
const state = { catalog: null, arch: null, settings: {}, engageSeq: 0, busy: 0 };
window.lastEngage = null;
window.lastEngageRequest = null;

// ---------- requests, with a status line that counts seconds and shows progress ----------

async function api(path, body) {
  const opts = body === undefined ? {} : {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  };
  const r = await fetch(path, opts);
  const text = await r.text();
  let json;
  try { json = JSON.parse(text); } catch (e) { throw new Error(`${path}: ${r.status} ${text.slice(0, 200)}`); }
  if (!r.ok) throw new Error(json.error || `${path}: HTTP ${r.status}`);
  return { json, text };
}

async function withStatus(label, work) {
  const status = $("status");
  const t0 = performance.now();
  state.busy += 1;
  let progress = "";
  const tick = () => {
    const s = ((performance.now() - t0) / 1000).toFixed(0);
    status.className = "busy";
    status.textContent = `computing ${label}… ${s} s${progress}`;
  };
  tick();
  const timer = setInterval(async () => {
    tick();
    try {
      const p = (await api("/api/progress")).json;
      const running = p.studies.find((x) => x.total > 0 && !x.waiting);
      const waiting = p.studies.filter((x) => x.waiting).length;
      progress = running ? ` (${running.stage}: ${running.done} of ${running.total})` : "";
      if (waiting) progress += ` — ${waiting} waiting for a turn`;
    } catch (e) { /* progress is a nicety */ }
  }, 500);
  try {
    const out = await work();
    status.className = "";
    status.textContent = `${label}: done in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
    return out;
  } catch (e) {
    status.className = "error";
    status.textContent = `${label}: ${e.message}`;
    throw e;
  } finally {
    clearInterval(timer);
    state.busy -= 1;
  }
}

// ---------- the map ----------

const map = L.map("map", { worldCopyJump: false, minZoom: 2, maxZoom: 9 }).setView([45, 30], 3);
map.attributionControl.setPrefix(false);
map.attributionControl.addAttribution("Natural Earth");
const layers = {
  sites: L.layerGroup().addTo(map),
  track: L.layerGroup().addTo(map),
  intercepts: L.layerGroup().addTo(map),
  footprint: L.layerGroup().addTo(map),
  routes: L.layerGroup().addTo(map),
};
const layerControl = L.control.layers(null, {
  "Sites and radars": layers.sites,
  "Threat track, launch and aim": layers.track,
  "Intercept points": layers.intercepts,
  "Footprint": layers.footprint,
  "Deterrent routes": layers.routes,
}, { collapsed: false }).addTo(map);

async function loadBaseMap() {
  const world = (await api("/geo/world.geojson")).json;
  L.geoJSON(world, { style: { color: "#8a93a6", weight: 0.6, fillColor: "#eef0e6", fillOpacity: 1 },
    interactive: false }).addTo(map).bringToBack();
  const nato = (await api("/geo/nato-europe.json")).json;
  const features = nato.countries.map((c) => ({
    type: "Feature", properties: { name: c.name },
    geometry: { type: "MultiPolygon", coordinates: c.polygons },
  }));
  const natoLayer = L.geoJSON({ type: "FeatureCollection", features },
    { style: { color: "#6d7f99", weight: 0.6, fillColor: "#dde7f3", fillOpacity: 1 }, interactive: false });
  natoLayer.addTo(map);
  layerControl.addOverlay(natoLayer, "NATO Europe");
  // Graticule every 10°.
  const lines = [];
  for (let lat = -80; lat <= 80; lat += 10) lines.push([[lat, -180], [lat, 180]]);
  for (let lon = -180; lon <= 180; lon += 10) lines.push([[-85, lon], [85, lon]]);
  L.polyline(lines, { color: "#9fb3c8", weight: 0.4, interactive: false }).addTo(map);
}

map.on("click", (e) => {
  const lat = e.latlng.lat.toFixed(2);
  const lon = L.Util.wrapNum(e.latlng.lng, [-180, 180], true).toFixed(2);
  $("to").value = `${lat},${lon}`;
  scheduleEngage();
});

function dot(lat, lon, color, radius, label) {
  return L.circleMarker([lat, lon], { radius, color: "#1d2330", weight: 1, fillColor: color, fillOpacity: 0.9 })
    .bindTooltip(label);
}

function placePosition(text) {
  const t = text.trim().toLowerCase();
  const m = t.match(/^\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*$/);
  if (m) return [Number(m[1]), Number(m[2])];
  const p = state.catalog.places.find((x) => x.id === t || (x.aliases || []).includes(t));
  return p ? [p.lat_deg, p.lon_deg] : null;
}

// ---------- controls ----------

function option(select, value, text) {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = text;
  select.appendChild(o);
}

function fillControls() {
  const c = state.catalog;
  for (const a of c.architectures) option($("architecture"), a.id, `${a.id} (${a.year})`);
  for (const m of c.missiles) option($("threat"), m.id, `${m.id} — ${m.name}`);
  const launch = c.places.filter((p) => p.kind === "launch-area" || p.kind === "base");
  for (const p of launch) option($("from"), p.id, `${p.id} (${p.kind})`);
  $("architecture").value = "epaa-phase-3";
  $("threat").value = "irbm-4000";
  $("from").value = "semnan";
  for (const id of ["architecture", "threat", "from", "sensing", "samples"]) {
    $(id).addEventListener("change", () => {
      if (id === "architecture") loadArchitecture().then(scheduleEngage);
      else scheduleEngage();
    });
  }
  $("to").addEventListener("change", scheduleEngage);
  $("reset").addEventListener("click", () => { state.settings = {}; buildSliders(); scheduleEngage(); });
  $("footprint").addEventListener("click", runFootprint);
  $("deterrent-run").addEventListener("click", runDeterrent);
}

function ranged(key) {
  const [id, field] = key.split(".");
  if (id === "assumptions") return state.catalog.assumptions[field];
  const i = state.catalog.interceptors.find((x) => x.id === id);
  return i ? i[field] : null;
}

function buildSliders() {
  const box = $("sliders");
  for (const el of [...box.querySelectorAll(".slider")]) el.remove();
  const keys = state.arch.interceptors.map((i) => `${i}.burnout_speed_km_s`)
    .concat(["assumptions.decision_delay_s", "assumptions.track_after_burnout_s"]);
  for (const key of keys) {
    const p = ranged(key);
    if (!p || !(p.high > p.low)) continue;
    const wrap = document.createElement("div");
    wrap.className = "slider";
    const label = document.createElement("label");
    const val = document.createElement("span");
    val.className = "val";
    label.textContent = key;
    label.appendChild(val);
    const input = document.createElement("input");
    input.type = "range";
    input.min = p.low;
    input.max = p.high;
    input.step = key.includes("speed") ? 0.05 : 1;
    input.value = state.settings[key] ?? p.value;
    input.dataset.key = key;
    const show = () => { val.textContent = `${Number(input.value)} (${p.low}–${p.high})`; };
    show();
    input.addEventListener("input", show);
    input.addEventListener("change", () => {
      const v = Number(input.value);
      if (v === p.value) delete state.settings[key]; else state.settings[key] = v;
      scheduleEngage();
    });
    wrap.appendChild(label);
    wrap.appendChild(input);
    $("sliders").appendChild(wrap);
  }
}

async function loadArchitecture() {
  state.arch = (await api(`/api/architecture/${encodeURIComponent($("architecture").value)}`)).json;
  // Settings of interceptors the architecture lacks would be refused or meaningless here.
  for (const k of Object.keys(state.settings)) {
    if (!k.startsWith("assumptions.") && !state.arch.interceptors.includes(k.split(".")[0])) delete state.settings[k];
  }
  buildSliders();
  layers.sites.clearLayers();
  for (const r of state.arch.sensors.filter((s) => s.kind === "radar")) {
    dot(r.lat_deg, r.lon_deg, "#8e44ad", 5, `radar ${r.sensor}`).addTo(layers.sites);
  }
  for (const s of state.arch.sites) {
    dot(s.lat_deg, s.lon_deg, "#1f5fbf", 7, `site ${s.site} (${s.interceptor})`).addTo(layers.sites);
  }
}

// ---------- the engagement ----------

let engageTimer = null;
function scheduleEngage() {
  clearTimeout(engageTimer);
  engageTimer = setTimeout(runEngage, 150);
}

function engageRequest() {
  const req = {
    architecture: $("architecture").value,
    threat: $("threat").value,
    from: $("from").value,
    to: $("to").value.trim(),
    sensing: $("sensing").value,
  };
  if (Object.keys(state.settings).length) req.set = { ...state.settings };
  const samples = Number($("samples").value);
  if (samples > 0) { req.samples = samples; req.seed = 1; }
  return req;
}

async function runEngage() {
  const seq = ++state.engageSeq;
  const req = engageRequest();
  document.body.dataset.engageState = "computing";
  try {
    const [eng, fly] = await withStatus("engagement", () => Promise.all([
      api("/api/engage", req),
      api("/api/fly", { missile: req.threat, from: req.from, to: req.to, sample_step_s: 10,
        ...(req.set ? { set: req.set } : {}) }),
    ]));
    if (seq !== state.engageSeq) return;
    window.lastEngage = eng.json;
    window.lastEngageRequest = req;
    $("engage-json").textContent = eng.text;
    drawVerdict(eng.json);
    drawTimeline(eng.json);
    drawSites(eng.json);
    drawTrack(eng.json, fly.json, req);
    document.body.dataset.engageState = "done";
  } catch (e) {
    if (seq === state.engageSeq) document.body.dataset.engageState = "error";
  }
}

function fmt(x, d = 0) { return x === null || x === undefined || Number.isNaN(x) ? "—" : Number(x).toFixed(d); }

function drawVerdict(e) {
  const v = $("verdict");
  v.textContent = "";
  const b = document.createElement("span");
  b.className = e.engageable ? "yes" : "no";
  b.textContent = e.engageable ? "Engageable" : "Not engageable";
  v.appendChild(b);
  const sites = e.opportunities.map((o) => o.site).join(", ");
  v.appendChild(document.createTextNode(
    ` — ${e.threat.missile} ${e.threat.from} → ${e.threat.to}: ${fmt(e.threat.ground_range_km)} km, ` +
    `${fmt(e.threat.flight_time_s)} s, apogee ${fmt(e.threat.apogee_km)} km, burnout at ${fmt(e.threat.burnout_s)} s` +
    (e.engageable ? `; engaging sites: ${sites}` : "") + ` (sensing ${e.assumptions ? e.assumptions.sensing : "own"})`));
  // Over the catalog's ranges (when asked): the share of plausible parameter sets in which some
  // site engages, the best margin's 5th–95th percentiles and the break-even sentence.
  const u = e.uncertainty;
  if (u) {
    const r = document.createElement("div");
    r.id = "ranges";
    const q = u.margin_s_quantiles;
    r.textContent = `Over the catalog's ranges (${u.samples} parameter sets, seed ${u.seed}): ` +
      `some site engages in ${fmt(100 * u.engageable_share, 1)} % of them` +
      (q ? `; best margin ${fmt(q.p05)} … ${fmt(q.p95)} s (p05–p95)` : "") +
      (u.break_even ? `; ${u.break_even.sentence}` : "") +
      (u.shortcut ? " (decided at the optimistic corner: no set engages)" : "") +
      ". A share of plausible parameter sets, not a probability.";
    v.appendChild(r);
  }
}

function svgEl(name, attrs, text) {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

function niceStep(span, count) {
  const raw = span / count;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

// Rows: the threat (boost, then free flight), each sensor's tracking windows, each site's
// kill chain (fire control → earliest launch, the launch window, intercept windows, shots).
function drawTimeline(e) {
  const W = 960, left = 190, right = 20, rowH = 22, top = 26;
  const T = Math.max(e.threat.flight_time_s, 1);
  const rows = 1 + e.sensors.length + e.sites.length;
  const H = top + rows * rowH + 34;
  const x = (t) => left + (W - left - right) * Math.min(Math.max(t, 0), T) / T;
  const svg = svgEl("svg", { viewBox: `0 0 ${W} ${H}`, id: "timeline-svg", role: "img",
    "aria-label": "engagement timeline" });
  const step = niceStep(T, 10);
  for (let t = 0; t <= T + 1e-9; t += step) {
    svg.appendChild(svgEl("line", { x1: x(t), x2: x(t), y1: top - 6, y2: H - 30, stroke: "#e3e6ec" }));
    svg.appendChild(svgEl("text", { x: x(t), y: H - 18, "text-anchor": "middle", class: "tl-axis" }, `${t}`));
  }
  svg.appendChild(svgEl("text", { x: W - right, y: H - 4, "text-anchor": "end", class: "tl-axis" },
    "s from launch"));
  let row = 0;
  const y = () => top + row * rowH;
  const label = (text) => svg.appendChild(svgEl("text", { x: 6, y: y() + 14, class: "tl-label" }, text));
  // Threat.
  label(`threat ${e.threat.missile}`);
  svg.appendChild(svgEl("rect", { x: x(0), y: y() + 5, width: x(T) - x(0), height: 10, fill: "#f2c4c4" }));
  svg.appendChild(svgEl("rect", { x: x(0), y: y() + 5, width: x(e.threat.burnout_s) - x(0), height: 10, fill: "#c0392b" }));
  svg.appendChild(svgEl("text", { x: x(e.threat.burnout_s) + 3, y: y() + 1, class: "tl-axis" },
    `burnout ${fmt(e.threat.burnout_s)} s`));
  row++;
  for (const s of e.sensors) {
    label(`sensor ${s.sensor}`);
    svg.appendChild(svgEl("line", { x1: x(0), x2: x(T), y1: y() + 10, y2: y() + 10, stroke: "#eee" }));
    for (const [a, b] of s.windows_s) {
      svg.appendChild(svgEl("rect", { x: x(a), y: y() + 5, width: Math.max(x(b) - x(a), 1), height: 10,
        fill: "#8e44ad", "fill-opacity": 0.65, class: "sensor-window" }));
    }
    row++;
  }
  for (const s of e.sites) {
    label(`site ${s.site}`);
    const o = e.opportunities.find((q) => q.site === s.site);
    if (o) {
      svg.appendChild(svgEl("rect", { x: x(o.earliest_launch_s), y: y() + 3,
        width: Math.max(x(o.latest_launch_s) - x(o.earliest_launch_s), 1), height: 14,
        fill: "#2e86de", "fill-opacity": 0.25, class: "launch-window" }));
      for (const [a, b] of o.intercept_windows_s) {
        svg.appendChild(svgEl("rect", { x: x(a), y: y() + 6, width: Math.max(x(b) - x(a), 1), height: 8,
          fill: "#11702f", class: "intercept-window" }));
      }
      if (o.fire_control_s !== null) {
        svg.appendChild(svgEl("line", { x1: x(o.fire_control_s), x2: x(o.fire_control_s), y1: y() + 2, y2: y() + 18,
          stroke: "#555", "stroke-dasharray": "2,2" }));
      }
      const lx = x(o.earliest_launch_s);
      svg.appendChild(svgEl("path", { d: `M${lx},${y() + 2} l5,8 l-5,8 z`, fill: "#1f5fbf", class: "launch-mark" }));
      svg.appendChild(svgEl("circle", { cx: x(o.intercept_s), cy: y() + 10, r: 4, fill: "#fff", stroke: "#11702f",
        "stroke-width": 2 }));
      const text = `${o.binding_constraint}; launch ${fmt(o.earliest_launch_s)}–${fmt(o.latest_launch_s)} s, ` +
        `${o.shots} shot${o.shots === 1 ? "" : "s"}`;
      const tx = Math.min(x(o.latest_launch_s) + 6, W - right - 6);
      svg.appendChild(svgEl("text", { x: tx, y: y() + 14, class: "tl-axis halo",
        "text-anchor": tx > W - 300 ? "end" : "start" }, text));
    } else {
      svg.appendChild(svgEl("text", { x: left + 4, y: y() + 14, class: "tl-axis" }, `cannot engage: ${s.reason || "—"}`));
    }
    row++;
  }
  const wrap = $("timeline");
  wrap.textContent = "";
  wrap.appendChild(svg);
  const legend = document.createElement("div");
  legend.className = "hint";
  for (const [color, text] of [["#c0392b", "boost"], ["#8e44ad", "sensor tracks"],
    ["#9cc3ef", "launch window (earliest → latest)"], ["#11702f", "intercept windows"]]) {
    const box = document.createElement("span");
    box.className = "legend-box";
    box.dataset.color = color;
    legend.appendChild(box);
    legend.appendChild(document.createTextNode(text));
  }
  legend.appendChild(document.createTextNode("; ▶ earliest launch, ○ earliest intercept, dashed: fire-control solution."));
  wrap.appendChild(legend);
  // Colours through the CSSOM (an inline style attribute would break the page's CSP).
  for (const b of legend.querySelectorAll(".legend-box")) b.style.background = b.dataset.color;
}

function table(headers, rows) {
  const t = document.createElement("table");
  const tr = document.createElement("tr");
  for (const h of headers) { const th = document.createElement("th"); th.textContent = h; tr.appendChild(th); }
  t.appendChild(tr);
  for (const r of rows) {
    const row = document.createElement("tr");
    for (const c of r) {
      const td = document.createElement("td");
      if (typeof c === "object" && c !== null) { td.textContent = c.text; if (c.cls) td.className = c.cls; }
      else td.textContent = c;
      row.appendChild(td);
    }
    t.appendChild(row);
  }
  return t;
}

function drawSites(e) {
  const rows = e.sites.map((s) => {
    const o = e.opportunities.find((q) => q.site === s.site);
    return [s.site, s.interceptor, { text: s.engageable ? "yes" : "no", cls: s.engageable ? "ok" : "none" },
      { text: fmt(s.margin_s), cls: "num" }, { text: fmt(s.earliest_launch_s), cls: "num" },
      { text: o ? fmt(o.intercept_s) : "—", cls: "num" }, { text: o ? fmt(o.intercept_alt_km) : "—", cls: "num" },
      { text: o ? fmt(o.closing_speed_km_s, 2) : "—", cls: "num" }, { text: o ? `${o.shots}` : "—", cls: "num" },
      s.binding_constraint || "", s.reason || ""];
  });
  const box = $("sites");
  box.textContent = "";
  box.appendChild(table(["site", "interceptor", "engages", "margin s", "earliest launch s", "intercept s",
    "intercept alt km", "closing km/s", "shots", "binding constraint", "reason"], rows));
}

function drawTrack(e, fly, req) {
  layers.track.clearLayers();
  layers.intercepts.clearLayers();
  const pts = fly.samples.map((s) => [s.lat_deg, s.lon_deg]);
  // Unwrap longitudes so that a track across the antimeridian stays one line.
  for (let i = 1; i < pts.length; i++) {
    while (pts[i][1] - pts[i - 1][1] > 180) pts[i][1] -= 360;
    while (pts[i][1] - pts[i - 1][1] < -180) pts[i][1] += 360;
  }
  L.polyline(pts, { color: "#c0392b", weight: 2.5 }).bindTooltip(`${e.threat.missile} ground track`).addTo(layers.track);
  const from = placePosition(req.from);
  const to = placePosition(req.to) || [fly.to.lat_deg, fly.to.lon_deg];
  if (from) dot(from[0], from[1], "#c0392b", 7, `launch: ${req.from}`).addTo(layers.track);
  if (to) dot(to[0], to[1], "#1d2330", 6, `aim point: ${req.to}`).addTo(layers.track);
  for (const o of e.opportunities) {
    dot(o.intercept_lat_deg, o.intercept_lon_deg, "#11702f", 6,
      `${o.site}: intercept at ${fmt(o.intercept_s)} s, ${fmt(o.intercept_alt_km)} km`).addTo(layers.intercepts);
  }
}

// ---------- footprint ----------

async function runFootprint() {
  const req = {
    architecture: $("architecture").value, threat: $("threat").value, from: $("from").value,
    sensing: $("sensing").value, spacing_km: 50,
  };
  if (Object.keys(state.settings).length) req.set = { ...state.settings };
  try {
    const f = (await withStatus("footprint", () => api("/api/footprint", req))).json;
    layers.footprint.clearLayers();
    L.geoJSON(f.geojson, { style: { color: "#11702f", weight: 1, fillColor: "#2ecc71", fillOpacity: 0.35 },
      interactive: false }).addTo(layers.footprint);
    $("footprint-info").textContent =
      `Footprint of ${f.architecture} against ${f.threat} from ${f.from} (${f.sensing}, ${f.spacing_km} km grid): ` +
      `${f.defended_nodes} aim points defended, ${f.undefended_nodes} reachable but undefended, ` +
      `${f.unreachable_nodes} out of reach (${f.compute_s.toFixed(1)} s).`;
  } catch (e) { /* shown in the status line */ }
}

// ---------- deterrent matrix ----------

// Points along the great circle from a to b ([lat, lon] degrees, on the sphere: a drawing aid;
// the routes themselves are flown on WGS84), longitudes unwrapped so the line stays whole.
function greatCircle(a, b, n) {
  const rad = Math.PI / 180;
  const v = ([lat, lon]) => [Math.cos(lat * rad) * Math.cos(lon * rad), Math.cos(lat * rad) * Math.sin(lon * rad),
    Math.sin(lat * rad)];
  const p = v(a), q = v(b);
  const omega = Math.acos(Math.min(1, Math.max(-1, p[0] * q[0] + p[1] * q[1] + p[2] * q[2])));
  const out = [];
  for (let i = 0; i <= n; i++) {
    const t = i / n;
    const s0 = omega < 1e-9 ? 1 - t : Math.sin((1 - t) * omega) / Math.sin(omega);
    const s1 = omega < 1e-9 ? t : Math.sin(t * omega) / Math.sin(omega);
    const x = s0 * p[0] + s1 * q[0], y = s0 * p[1] + s1 * q[1], z = s0 * p[2] + s1 * q[2];
    let lon = Math.atan2(y, x) / rad;
    if (out.length) {
      const prev = out[out.length - 1][1];
      while (lon - prev > 180) lon -= 360;
      while (lon - prev < -180) lon += 360;
    }
    out.push([Math.atan2(z, Math.hypot(x, y)) / rad, lon]);
  }
  return out;
}

async function runDeterrent() {
  try {
    const d = (await withStatus("deterrent matrix", () => api("/api/deterrent", {}))).json;
    const routes = d.routes.length;
    const rows = d.architectures.map((a) => [a].concat(d.sensing.map((s) => {
      const r = d.rows.filter((x) => x.architecture === a && x.sensing === s);
      const n = r.filter((x) => x.engageable).length;
      const best = Math.max(...r.map((x) => (x.margin_s === null ? -Infinity : x.margin_s)));
      return { text: `${n}/${routes}${Number.isFinite(best) ? ` (best margin ${best.toFixed(0)} s)` : ""}`,
        cls: n === 0 ? "none" : n === routes ? "ok" : "some" };
    })));
    const box = $("deterrent");
    box.textContent = "";
    box.appendChild(table(["architecture"].concat(d.sensing), rows));
    const p = document.createElement("p");
    p.className = "hint";
    p.textContent = `Routes engageable by some site, of ${routes} (${d.missile}). ${d.assumption}`;
    box.appendChild(p);
    layers.routes.clearLayers();
    for (const r of d.routes) {
      L.polyline(greatCircle([r.base_lat_deg, r.base_lon_deg], [r.target_lat_deg, r.target_lon_deg], 64),
        { color: "#7f8c8d", weight: 1, dashArray: "3,3" }).bindTooltip(`${r.base} → ${r.target}`).addTo(layers.routes);
    }
  } catch (e) { /* shown in the status line */ }
}

// ---------- start ----------

(async () => {
  try {
    state.catalog = (await api("/api/catalog")).json;
    fillControls();
    await loadBaseMap();
    await loadArchitecture();
    $("status").textContent = "ready";
    await runEngage();
  } catch (e) {
    $("status").className = "error";
    $("status").textContent = e.message;
  }
})();
