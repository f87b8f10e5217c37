// The scenario studio, in the browser: controls, KPI cards and the path chart (and,
// switched on, the Monte Carlo fan of fan.js, which is loaded before this file).
// Every input event recomputes the projection and redraws in the same frame; the
// scenario goes to Python (as the URL's parameters) when the user pauses. The maths
// mirrors pmdash.scenarios.project / outcome; tests/test_studio_parity.py checks it.

// ---- maths -----------------------------------------------------------------------

export function yearsOf(spec, sc) {
  return [sc.start ?? spec.years.first, sc.end ?? spec.years.last];
}

export function ratesFor(spec, sc) {
  return spec.parts.map((p) =>
    Object.hasOwn(sc.rates, p.name)
      ? sc.rates[p.name]
      : sc.cagr !== null && sc.cagr !== undefined
        ? sc.cagr
        : (p.implied_pct ?? NaN),
  );
}

export function isAsReported(sc) {
  return (sc.cagr === null || sc.cagr === undefined) && !Object.keys(sc.rates).length && !sc.shock_pct;
}

export function cagrPct(start, end, years) {
  if (start <= 0 || end < 0) return NaN;
  return (Math.pow(end / start, 1 / years) - 1) * 100;
}

// Sizes by part and year, the total, shares; as pmdash.scenarios.project.
export function project(spec, sc) {
  const [start, end] = yearsOf(spec, sc);
  const bases = spec.start_sizes[String(start)];
  if (!bases) throw new Error(`no sizes for every part in ${start}`);
  if (end <= start) throw new Error("the target year must be after the start year");
  const rates = ratesFor(spec, sc);
  const years = [];
  for (let y = start; y <= end; y++) years.push(y);
  const shocked = sc.shock_year !== null && sc.shock_year !== undefined;
  const parts = rates.map((rate, i) =>
    years.map((y) => {
      let value = bases[i] * Math.pow(1 + rate / 100, y - start);
      if (shocked && y >= sc.shock_year) value *= 1 + sc.shock_pct / 100;
      return value;
    }),
  );
  const sums = years.map((_, k) => parts.reduce((acc, row) => acc + row[k], 0));
  const shares = parts.map((row) => row.map((v, k) => (sums[k] > 0 ? (v / sums[k]) * 100 : NaN)));
  const reported = isAsReported(sc);
  const total = years.map((y, k) => {
    const stated = spec.total[String(y)];
    return reported && stated !== undefined ? stated : sums[k];
  });
  return { years, parts, shares, total };
}

export function asReported(spec, sc) {
  const end = yearsOf(spec, sc)[1];
  return { preset: "reported", start: spec.years.first, end, cagr: null, rates: {}, shock_year: null, shock_pct: 0 };
}

// The headline numbers; as pmdash.scenarios.outcome.
export function outcome(spec, sc, path = project(spec, sc), base = project(spec, asReported(spec, sc))) {
  const [start, end] = yearsOf(spec, sc);
  const first = path.total[0];
  const last = path.total[path.total.length - 1];
  const reportedEnd = base.total[base.total.length - 1];
  return {
    start, end, first, last, reported: reportedEnd,
    cagr: cagrPct(first, last, end - start),
    reportedCagr: cagrPct(base.total[0], reportedEnd, end - spec.years.first),
    delta: last - reportedEnd,
    deltaPct: reportedEnd ? ((last - reportedEnd) / reportedEnd) * 100 : NaN,
    extrapolated: end > spec.years.last,
  };
}

// ---- the controls' rules (as pmdash.tables.studio) ------------------------------------

// New start and target years: the target after the start, a shock kept between them.
export function withYears(sc, start, end) {
  const target = Math.max(end, start + 1);
  let shock = sc.shock_year;
  if (shock !== null && shock !== undefined && !(start < shock && shock <= target)) {
    shock = Math.min(Math.max(shock, start + 1), target);
  }
  return { ...sc, start, end: target, shock_year: shock ?? null };
}

// The shock switched on (a fall of `pct` %, `delay` years in) or off.
export function withShock(sc, on, year, size, limits, defaults) {
  if (!on) return { ...sc, shock_year: null, shock_pct: 0 };
  const chosen = Math.min(Math.max(year || Math.min(sc.start + defaults.delay, sc.end), sc.start + 1), sc.end);
  const pctValue = Math.min(Math.max(size || defaults.pct, limits[0]), limits[1]);
  return { ...sc, shock_year: chosen, shock_pct: pctValue, preset: "custom" };
}

// A preset's growth assumptions; the target year stays the user's when it is after the preset's start.
export function withPreset(sc, chosen) {
  const keep = sc.end !== null && sc.end !== undefined && sc.end > (chosen.start ?? 0);
  return { ...structuredClone(chosen), end: keep ? sc.end : chosen.end };
}

// Python's repr of a float, shortened as pmdash.urlstate.number: 9 → "9", -0 → "-0".
export const number = (v) => (Object.is(v, -0) ? "-0" : String(v));

// The URL parameters of a scenario; as pmdash.urlstate.to_params.
export function toParams(spec, sc) {
  const [start, end] = yearsOf(spec, sc);
  const params = { preset: sc.preset, from: String(start), to: String(end) };
  if (sc.cagr !== null && sc.cagr !== undefined) params.cagr = number(sc.cagr);
  const keys = Object.fromEntries(spec.parts.map((p) => [p.name, p.key]));
  for (const name of Object.keys(sc.rates).sort()) params[`cagr_${keys[name]}`] = number(sc.rates[name]);
  if (sc.shock_year !== null && sc.shock_year !== undefined && sc.shock_pct) {
    params.shock_year = String(sc.shock_year);
    params.shock = number(sc.shock_pct);
  }
  return params;
}

// ---- numbers for people (as pmdash.formatting) ---------------------------------------

// Python's f"{x:,.{d}f}": the exact binary value rounded half-to-even, thousands with commas.
export function fixed(value, digits) {
  let x = Math.abs(value);
  let text = x.toFixed(digits);
  const exact = x.toFixed(Math.min(100, digits + 25));
  const rest = exact.slice(exact.length - 25);
  if (rest[0] === "5" && /^50*$/.test(rest)) {
    const lastDigit = Number(text[text.length - 1]);
    if (lastDigit % 2 === 1) text = (x - 0.5 * 10 ** -digits).toFixed(digits);
  }
  const [whole, frac] = text.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const sign = value < 0 && Number(text) !== 0 ? "-" : "";
  return sign + grouped + (frac !== undefined ? `.${frac}` : "");
}

const noNegativeZero = (v, d) => (Number(Math.abs(v).toFixed(d)) === 0 ? 0 : v);
const plus = (v, d) => (v >= 0 ? "+" : "") + fixed(v, d);

export const usd = (v, d = 1) => (Number.isFinite(v) ? `USD ${fixed(v, d)} bn` : "—");
export const pct = (v, d = 1, signed = false) =>
  Number.isFinite(v) ? `${signed ? plus(noNegativeZero(v, d), d) : fixed(noNegativeZero(v, d), d)} %` : "—";
export const deltaBn = (v, d = 1) => `${plus(noNegativeZero(v, d), d)} bn`;
export const pts = (v, d = 1) => (Number.isFinite(v) ? `${plus(noNegativeZero(v, d), d)} pts` : "—");
const oneDecimal = (v) => Math.round(v * 10) / 10;
export const range = (a, b) => (Number.isFinite(a) && Number.isFinite(b) ? `USD ${fixed(a, 1)}–${fixed(b, 1)} bn` : "—");

// "62 % of the paths": the chance, as a person reads it (never a false 0 % or 100 %).
export function chanceText(chance, draws) {
  const paths = `${fixed(draws, 0)} paths`;
  if (chance <= 0) return `None of the ${paths}`;
  if (chance >= 1) return `All ${paths}`;
  const shown = chance < 0.01 ? "under 1 %" : chance > 0.99 ? "over 99 %" : `${fixed(chance * 100, 0)} %`;
  return `${shown} of the ${paths}`;
}

// The size the chance question starts from: the as-reported target-year size, rounded.
export const defaultPass = (reported) => (reported >= 100 ? Math.round(reported / 10) * 10 : oneDecimal(reported));

// ---- the component ---------------------------------------------------------------------

const PAUSE_MS = 250;
const SVG = "http://www.w3.org/2000/svg";
const controllers = new WeakMap();

const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v;
    else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  node.append(...children);
  return node;
};

// A slider: role="slider", keyboard steps, Page Up/Down, pointer drag (Shift: ten times finer).
function slider({ label, min, max, step, page, text, onInput, onCommit, control }) {
  const thumb = el("div", { class: "thumb", role: "slider", tabindex: "0", "aria-label": label, "data-control": control });
  const fill = el("div", { class: "fill" });
  const track = el("div", { class: "track" }, el("div", { class: "rail" }, fill, thumb));
  let value = min;
  let limits = [min, max];
  const snap = (v) => Math.round(v / step) * step;
  const clamp = (v) => Math.min(limits[1], Math.max(limits[0], v));
  const show = () => {
    const [lo, hi] = limits;
    const at = hi > lo ? (Math.min(hi, Math.max(lo, value)) - lo) / (hi - lo) : 0;
    thumb.style.left = `${at * 100}%`;
    fill.style.width = `${at * 100}%`;
    thumb.setAttribute("aria-valuemin", String(lo));
    thumb.setAttribute("aria-valuemax", String(hi));
    thumb.setAttribute("aria-valuenow", String(value));
    thumb.setAttribute("aria-valuetext", text(value));
  };
  const move = (v) => {
    const next = Number(clamp(snap(v)).toFixed(6));
    if (next === value) return;
    value = next;
    show();
    onInput(value);
  };
  thumb.addEventListener("keydown", (event) => {
    const keys = {
      ArrowRight: step, ArrowUp: step, ArrowLeft: -step, ArrowDown: -step,
      PageUp: page, PageDown: -page,
    };
    if (event.key in keys) move(snap(value) + keys[event.key]);
    else if (event.key === "Home") move(limits[0]);
    else if (event.key === "End") move(limits[1]);
    else return;
    event.preventDefault();
  });
  let drag = null;
  const fromPointer = (event) => {
    const box = track.getBoundingClientRect();
    const [lo, hi] = limits;
    if (event.shiftKey && drag) return drag.value + ((event.clientX - drag.x) / box.width) * (hi - lo) / 10;
    return lo + ((event.clientX - box.left) / box.width) * (hi - lo);
  };
  track.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    try {
      track.setPointerCapture(event.pointerId);
    } catch {
      // the pointer is already gone (or was never a real one): drag without capture
    }
    thumb.focus({ preventScroll: true });
    drag = { x: event.clientX, value };
    move(fromPointer(event));
    drag = { x: event.clientX, value };
    event.preventDefault();
  });
  track.addEventListener("pointermove", (event) => {
    if (!drag) return;
    if (event.shiftKey !== drag.shift) drag = { x: event.clientX, value, shift: event.shiftKey };
    move(fromPointer(event));
  });
  const release = () => {
    if (!drag) return;
    drag = null;
    onCommit();
  };
  track.addEventListener("pointerup", release);
  track.addEventListener("pointercancel", release);
  return {
    node: track,
    thumb,
    set(v, lo = limits[0], hi = limits[1]) {
      limits = [lo, hi];
      value = v;
      show();
    },
  };
}

// A typed rate: one decimal, the number the slider and the KPI show.
function numberBox({ label, unit, min, max, onInput, onCommit, control }) {
  const input = el("input", {
    type: "text", inputmode: "decimal", class: "num", "aria-label": label, autocomplete: "off", "data-control": control,
    spellcheck: "false",
  });
  const box = el("label", { class: "numbox" }, input, el("span", { class: "unit", text: unit }));
  let shown = "";
  const parse = () => {
    const text = input.value.trim().replace(",", ".").replace(/^\+/, "").replace(/\s*%$/, "");
    if (!/^-?\d+(\.\d*)?$|^-?\.\d+$/.test(text)) return null;
    const v = Number(text);
    return Number.isFinite(v) && v >= min && v <= max ? v : null;
  };
  input.addEventListener("input", () => {
    const v = parse();
    input.toggleAttribute("aria-invalid", v === null && input.value.trim() !== "" && input.value.trim() !== "-");
    if (v !== null) onInput(oneDecimal(v));
  });
  const commit = () => {
    input.removeAttribute("aria-invalid");
    input.value = shown;
    onCommit();
  };
  input.addEventListener("change", commit);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") commit();
  });
  return {
    node: box,
    input,
    set(v) {
      shown = Number.isFinite(v) ? fixed(oneDecimal(v), 1) : "";
      if (document.activeElement !== input && input.getRootNode().activeElement !== input) input.value = shown;
    },
  };
}

class Studio {
  constructor(root, data, setStateValue) {
    this.root = root;
    this.setStateValue = setStateValue;
    this.spec = data.spec;
    this.rev = data.rev;
    this.sc = structuredClone(data.scenario);
    this.fan = structuredClone(data.fan);
    this.reportedText = JSON.stringify(this.params());
    this.seq = 0;
    this.timer = 0;
    this.band = false;
    this.build();
    this.render();
  }

  update(data, setStateValue) {
    this.setStateValue = setStateValue;
    if (data.rev === this.rev && data.spec.market.id === this.spec.market.id) return;
    // Python set a new scenario (a link, a saved scenario): it replaces the one shown.
    const rebuild = JSON.stringify(data.spec) !== JSON.stringify(this.spec);
    this.spec = data.spec;
    this.rev = data.rev;
    this.sc = structuredClone(data.scenario);
    this.fan = structuredClone(data.fan);
    this.reportedText = JSON.stringify(this.params());
    clearTimeout(this.timer);
    if (rebuild) {
      this.root.replaceChildren();
      this.build();
    }
    this.render();
  }

  // Any change: redraw now, tell Python after a pause (or now, on release).
  change(mutate, { custom = true } = {}) {
    mutate(this.sc);
    if (custom) this.sc.preset = "custom";
    this.render();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.report(), PAUSE_MS);
  }

  // The scenario's URL parameters, and the fan's when it is on.
  params() {
    return { ...toParams(this.spec, this.sc), ...fanParams(this.fan, number) };
  }

  // A change of the fan's settings: redraw now, tell Python after a pause.
  changeFan(mutate) {
    mutate(this.fan);
    this.render();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.report(), PAUSE_MS);
  }

  report() {
    clearTimeout(this.timer);
    const params = this.params();
    const text = JSON.stringify(params);
    if (text === this.reportedText) return;
    this.reportedText = text;
    this.seq += 1;
    this.setStateValue("scenario", { params, seq: this.seq, rev: this.rev });
  }

  build() {
    const { spec } = this;
    const regional = spec.dimension !== "total";
    const commit = () => this.report();
    const rateText = (v) => `${fixed(v, 1)} % a year`;
    const [lo, hi] = spec.limits.rate;
    const [trackLo, trackHi] = spec.limits.rate_track;
    const step = spec.limits.rate_step;
    const page = spec.limits.rate_page;

    this.presetButtons = spec.presets.map((p) => {
      const button = el("button", { type: "button", role: "radio", title: p.help, text: p.label });
      button.addEventListener("click", () => this.choosePreset(p));
      return button;
    });
    this.customButton = el("button", { type: "button", role: "radio", disabled: true, text: "Custom" });
    // A preset the market cannot offer stays listed, greyed, with the reason (Python's words).
    const unavailable = (spec.unavailable || []).map((p) => el("button", {
      type: "button", role: "radio", "aria-checked": "false", "aria-disabled": "true",
      class: "unavailable", title: p.reason, "aria-description": p.reason, text: p.label,
    }));
    const presets = el("div", { class: "presets", role: "radiogroup", "aria-label": "Preset" },
      ...this.presetButtons, ...unavailable, this.customButton);

    this.kpis = [0, 1, 2].map(() => {
      const label = el("div", { class: "kpi-label" });
      const value = el("div", { class: "kpi-value" });
      const delta = el("div", { class: "kpi-delta" });
      return { node: el("div", { class: "kpi", role: "group" }, label, value, delta), label, value, delta };
    });
    const kpis = el("div", { class: "kpis", "aria-live": "polite" }, ...this.kpis.map((k) => k.node));

    // Growth for every region (or the market, when it has no regional split).
    this.globalLabel = el("span", { class: "ctl-label" });
    this.globalNote = el("div", { class: "note" });
    this.globalBox = numberBox({
      control: "growth", label: "Growth, % a year", unit: "%", min: lo, max: hi,
      onInput: (v) => this.change((sc) => { sc.cagr = v; }), onCommit: commit,
    });
    this.globalSlider = slider({
      control: "growth", label: "Growth a year", min: trackLo, max: trackHi, step, page,
      text: rateText, onInput: (v) => this.change((sc) => { sc.cagr = v; }), onCommit: commit,
    });
    const scale = el("div", { class: "scale", "aria-hidden": "true" });
    for (let v = trackLo; v <= trackHi + 1e-9; v += 5) {
      const tick = el("span", { text: `${fixed(v, 0)} %` });
      tick.style.left = `${((v - trackLo) / (trackHi - trackLo)) * 100}%`;
      scale.append(tick);
    }
    const growth = el("div", { class: "ctl growth" },
      el("div", { class: "ctl-head" }, this.globalLabel, this.globalBox.node), this.globalSlider.node, scale,
      this.globalNote);

    // One row a region: its own rate (typed or dragged), its target-year size and share.
    this.regionRows = spec.parts.map((part) => {
      const name = part.name;
      const result = el("span", { class: "region-result" });
      const reset = el("button", { type: "button", class: "reset", title: `${name}: back to the common rate`, text: "×" });
      reset.setAttribute("aria-label", `Reset ${name} to the common rate`);
      reset.addEventListener("click", () => {
        this.change((sc) => { delete sc.rates[name]; });
        this.report();
      });
      const box = numberBox({
        label: `Growth of ${name}, % a year`, unit: "%", min: lo, max: hi,
        onInput: (v) => this.change((sc) => { sc.rates[name] = v; }), onCommit: commit,
      });
      const rail = slider({
        label: `Growth of ${name}`, min: trackLo, max: trackHi, step, page, text: rateText,
        onInput: (v) => this.change((sc) => { sc.rates[name] = v; }), onCommit: commit,
      });
      const row = el("div", { class: "ctl region" },
        el("div", { class: "ctl-head" },
          el("span", { class: "ctl-label" }, el("i", { class: "dot", style: `background:${part.color}` }), name, reset),
          box.node),
        rail.node, result);
      const spread = el("span", { class: "region-band", "data-region": part.key, hidden: true });
      row.append(spread);
      return { name, row, box, rail, result, reset, spread };
    });
    this.regions = el("details", { class: "regions" },
      el("summary", { text: "Growth by region" }),
      el("div", { class: "region-grid" }, ...this.regionRows.map((r) => r.row)));
    if (!regional) this.regions.hidden = true;

    // Years: start (a choice of the source's years) and target (a slider).
    this.startSelect = el("select", { "aria-label": "Start year" },
      ...spec.years.starts.map((y) => el("option", { value: String(y), text: String(y) })));
    this.startSelect.addEventListener("change", () => {
      const start = Number(this.startSelect.value);
      this.change((sc) => Object.assign(sc, withYears(sc, start, sc.end ?? spec.years.last)), { custom: false });
      this.report();
    });
    this.endValue = el("span", { class: "year-value" });
    this.endSlider = slider({
      label: "Target year", min: spec.years.first + 1, max: spec.years.max_target, step: 1, page: 5,
      text: (v) => String(v),
      onInput: (v) => this.change((sc) => Object.assign(sc, withYears(sc, sc.start ?? spec.years.first, v)),
        { custom: false }),
      onCommit: commit,
    });
    const years = el("div", { class: "ctl years" },
      el("div", { class: "ctl-head" },
        el("label", { class: "ctl-label" }, "From ", this.startSelect),
        el("span", { class: "ctl-label" }, "to ", this.endValue)),
      this.endSlider.node);
    this.extrapolationNote = el("div", { class: "note" });

    // The one-off shock.
    this.shockOn = el("input", { type: "checkbox" });
    this.shockOn.addEventListener("change", () => {
      const on = this.shockOn.checked;
      this.change((sc) => Object.assign(sc, withShock(sc, on, null, null, spec.limits.shock, spec.shock_default)),
        { custom: on });
      this.report();
    });
    this.shockYear = slider({
      label: "Shock year", min: spec.years.first + 1, max: spec.years.max_target, step: 1, page: 5,
      text: (v) => `from ${v} on`,
      onInput: (v) => this.change((sc) => { sc.shock_year = v; }), onCommit: commit,
    });
    this.shockSize = slider({
      label: "Shock, % of the market", min: spec.limits.shock_track[0], max: spec.limits.shock_track[1],
      step: 1, page: 10, text: (v) => `${plus(v, 0)} % of the market`,
      onInput: (v) => this.change((sc) => { sc.shock_pct = v; }), onCommit: commit,
    });
    this.shockText = el("span", { class: "year-value" });
    this.shockBody = el("div", { class: "shock-body" },
      el("div", { class: "ctl-head" }, el("span", { class: "ctl-label", text: "Shock year" })), this.shockYear.node,
      el("div", { class: "ctl-head" }, el("span", { class: "ctl-label", text: "Size" }), this.shockText), this.shockSize.node);
    const shock = el("div", { class: "ctl shock" },
      el("label", { class: "check" }, this.shockOn, " One-off shock"), this.shockBody);

    const controls = el("div", { class: "controls" }, growth, this.regions, years, this.extrapolationNote, shock,
      this.buildFan());

    // The path chart.
    this.legend = el("div", { class: "legend" });
    this.svg = document.createElementNS(SVG, "svg");
    this.svg.setAttribute("class", "path");
    this.svg.setAttribute("role", "img");
    this.tip = el("div", { class: "tip", hidden: true });
    const plot = el("div", { class: "plot" }, this.svg, this.tip);
    this.svg.addEventListener("pointermove", (event) => this.hover(event));
    this.svg.addEventListener("pointerleave", () => { this.tip.hidden = true; this.hoverYear = null; this.drawChart(); });
    const chartParts = [this.legend, plot];
    if (spec.band) {
      this.bandBox = el("input", { type: "checkbox" });
      this.bandBox.addEventListener("change", () => { this.band = this.bandBox.checked; this.drawChart(); });
      chartParts.push(el("label", { class: "check small" }, this.bandBox,
        " Show other publishers' range (middle half of their estimates)"));
    }
    const chart = el("div", { class: "chart" }, ...chartParts);
    this.root.append(el("div", { class: "pm-studio" }, presets, kpis, el("div", { class: "body" }, controls, chart)));
    this.resize = new ResizeObserver(() => this.drawChart());
    this.resize.observe(plot);
    this.plot = plot;
  }

  // "Show uncertainty": the switch, the spread (and where it comes from), the correlation,
  // the shock's chance and the question "chance the market passes USD X bn by Y".
  buildFan() {
    const u = this.spec.uncertainty;
    const commit = () => this.report();
    this.fanOn = el("input", { type: "checkbox", "data-control": "fan" });
    this.fanOn.addEventListener("change", () => {
      const on = this.fanOn.checked;
      this.changeFan((f) => { f.on = on; });
      this.report();
    });
    this.spreadValue = el("span", { class: "year-value" });
    this.spreadSlider = slider({
      control: "spread", label: "Spread of each region's growth", min: u.spread_track[0], max: u.spread_track[1],
      step: 0.1, page: 1, text: (v) => `±${fixed(v, 1)} points a year`,
      onInput: (v) => this.changeFan((f) => { f.spread = v; }), onCommit: commit,
    });
    this.spreadNote = el("div", { class: "note spread-source" });
    const whose = u.spread.origin === "publishers" ? "the publishers' spread" : "the default";
    this.spreadReset = el("button", { type: "button", class: "linkish", text: `Back to ${whose} (±${fixed(u.spread.pts, 1)} pts)` });
    this.spreadReset.addEventListener("click", () => {
      this.changeFan((f) => { f.spread = null; });
      this.report();
    });
    this.corrValue = el("span", { class: "year-value" });
    this.corrSlider = slider({
      control: "correlation", label: "Correlation between regions", min: 0, max: 1, step: 0.05, page: 0.25,
      text: (v) => fixed(v, 2), onInput: (v) => this.changeFan((f) => { f.corr = v; }), onCommit: commit,
    });
    this.chanceValue = el("span", { class: "year-value" });
    this.chanceSlider = slider({
      control: "shock-chance", label: "Chance of the shock", min: 0, max: 100, step: 5, page: 25,
      text: (v) => `${fixed(v, 0)} %`, onInput: (v) => this.changeFan((f) => { f.shock_p = v; }), onCommit: commit,
    });
    this.chanceRow = el("div", { class: "fan-row" },
      el("div", { class: "ctl-head" }, el("span", { class: "ctl-label", text: "Chance of the shock" }), this.chanceValue),
      this.chanceSlider.node);
    this.passInput = el("input", {
      type: "text", inputmode: "decimal", class: "num wide", autocomplete: "off", spellcheck: "false",
      "aria-label": "Market size to pass, USD bn", "data-control": "pass",
    });
    this.passInput.addEventListener("input", () => {
      const text = this.passInput.value.replace(/[,\s]/g, "").replace(/^USD/i, "").replace(/bn$/i, "");
      const v = Number(text);
      const ok = text !== "" && Number.isFinite(v) && v > 0 && v <= 1e9;
      this.passInput.toggleAttribute("aria-invalid", !ok && text !== "");
      if (ok) this.changeFan((f) => { f.pass = v; });
    });
    const settle = () => {
      this.passInput.removeAttribute("aria-invalid");
      this.passInput.value = this.passShown;
      this.report();
    };
    this.passInput.addEventListener("change", settle);
    this.passInput.addEventListener("keydown", (event) => { if (event.key === "Enter") settle(); });
    this.passYear = el("select", { "aria-label": "By the year", "data-control": "pass-year" });
    this.passYear.addEventListener("change", () => {
      const year = Number(this.passYear.value);
      this.changeFan((f) => { f.pass_year = year; });
      this.report();
    });
    this.passAnswer = el("div", { class: "answer", "aria-live": "polite", "data-answer": "pass" });
    this.fanBody = el("div", { class: "fan-body" },
      el("div", { class: "ctl-head" }, el("span", { class: "ctl-label", text: "Spread, each region" }), this.spreadValue),
      this.spreadSlider.node, this.spreadNote, this.spreadReset,
      el("div", { class: "ctl-head" }, el("span", { class: "ctl-label", text: "Correlation between regions" }), this.corrValue),
      this.corrSlider.node,
      el("div", { class: "note", text: "0: regions drawn independently; 1: all regions move together." }),
      this.chanceRow,
      el("div", { class: "pass" },
        el("div", { class: "ctl-label pass-question" }, "Chance the market passes USD ", this.passInput, " bn by ", this.passYear),
        this.passAnswer));
    return el("div", { class: "ctl fan-ctl" },
      el("label", { class: "check" }, this.fanOn, " Show uncertainty"),
      el("div", { class: "note", text: `${fixed(u.draws, 0)} paths, each region's growth drawn around its rate (triangular).` }),
      this.fanBody);
  }

  // The fan's controls, at once; the fan itself follows in the frame (queueFan).
  showFanControls(result) {
    const { spec, fan, sc } = this;
    const u = spec.uncertainty;
    this.fanOn.checked = !!fan.on;
    this.fanBody.hidden = !fan.on;
    if (!fan.on) {
      this.fanRun = null;
      this.regionRows.forEach((r) => { r.spread.hidden = true; });
      return;
    }
    const own = fan.spread !== null && fan.spread !== undefined;
    const spread = own ? fan.spread : u.spread.pts;
    this.spreadValue.textContent = `±${fixed(spread, 1)} pts`;
    this.spreadSlider.set(spread, ...u.spread_track);
    const whose = u.spread.origin === "publishers" ? "The publishers' spread" : "The default";
    this.spreadNote.textContent = own ? `Set by you. ${whose} would be ±${fixed(u.spread.pts, 1)} pts.` : u.spread.reason;
    this.spreadReset.hidden = !own;
    this.corrValue.textContent = fixed(fan.corr, 2);
    this.corrSlider.set(fan.corr, 0, 1);
    const shocked = sc.shock_year !== null && sc.shock_year !== undefined && !!sc.shock_pct;
    this.chanceRow.hidden = !shocked;
    if (shocked) {
      this.chanceValue.textContent = `${fixed(fan.shock_p, 0)} %`;
      this.chanceSlider.set(fan.shock_p, 0, 100);
    }
    const years = Array.from({ length: result.end - result.start }, (_, j) => result.start + 1 + j);
    const year = years.includes(fan.pass_year) ? fan.pass_year : result.end;
    const options = years.join(",");
    if (this.passYear.dataset.years !== options) {
      this.passYear.replaceChildren(...years.map((y) => el("option", { value: String(y), text: String(y) })));
      this.passYear.dataset.years = options;
    }
    this.passYear.value = String(year);
    const size = fan.pass ?? defaultPass(result.reported);
    this.passShown = fixed(size, size >= 100 ? 0 : 1);
    const typing = this.passInput.getRootNode().activeElement === this.passInput;
    if (!typing) this.passInput.value = this.passShown;
    this.passQuestion = { size, year };
  }

  // The fan of the scenario shown: 10,000 paths, the total's percentiles every year,
  // each region's P10/P90 in the target year, the chance of passing the size asked.
  renderFan() {
    const { spec, fan, sc } = this;
    const u = spec.uncertainty;
    const spread = fan.spread !== null && fan.spread !== undefined ? fan.spread : u.spread.pts;
    const settings = { spread, draws: u.draws, seed: u.seed, correlation: fan.corr, shock_probability: fan.shock_p / 100 };
    const key = `${u.seed}|${u.draws}|${fan.corr}|${spec.parts.length}`;
    if (!this.draws || this.draws.key !== key) this.draws = drawsOf(u.seed, u.draws, fan.corr, spec.parts.length);
    const run = simulate(spec, sc, settings, { ratesFor, yearsOf, isAsReported }, this.draws, true);
    this.fanRun = {
      total: fanOf(run.total, run.n, run.years),
      regions: spec.dimension === "total" ? spec.parts.map(() => null)
        : run.parts.map((last) => yearPercentiles(last, run.n, 0, [10, 90])),
    };
    const { size, year } = this.passQuestion;
    const chance = chanceOfPassing(run, size, year - run.years[0]);
    this.passAnswer.textContent = `${chanceText(chance, run.n)} reach ${usd(size, size >= 100 ? 0 : 1)} by ${year}.`;
  }

  choosePreset(p) {
    const chosen = withPreset(this.sc, p.scenario);
    this.change((sc) => {
      for (const k of Object.keys(sc)) delete sc[k];
      Object.assign(sc, chosen);
    }, { custom: false });
    this.report();
  }

  render() {
    const { spec, sc } = this;
    const path = project(spec, sc);
    const base = project(spec, asReported(spec, sc));
    const result = outcome(spec, sc, path, base);
    this.path = path;
    this.base = base;
    this.result = result;
    this.presetButtons.forEach((b, i) => b.setAttribute("aria-checked", String(spec.presets[i].name === sc.preset)));
    this.customButton.setAttribute("aria-checked", String(sc.preset === "custom"));

    // KPI cards (as the studio's cards always read).
    const moved = Math.abs(result.delta) >= 0.05;
    this.kpi(0, `Market in ${result.end}`, usd(result.last),
      moved ? `${deltaBn(result.delta)} (${pct(result.deltaPct, 1, true)}) vs as reported` : "same as reported",
      moved ? (result.delta > 0 ? "up" : "down") : "off");
    let whose = "the source's own figures";
    if (result.extrapolated) whose = `extrapolated past ${spec.years.last}`;
    else if (spec.assumed.includes(result.end)) whose = "an analyst's assumption";
    this.kpi(1, `As reported, ${result.end}`, usd(result.reported), whose, "off");
    const diff = oneDecimal(result.cagr) - oneDecimal(result.reportedCagr);
    const faster = Math.abs(diff) >= 0.05;
    this.kpi(2, `Growth a year, ${result.start}–${result.end}`, pct(result.cagr, 1),
      faster ? `${pts(diff)} vs as reported` : "same as reported", faster ? (diff > 0 ? "up" : "down") : "off");

    this.showFanControls(result);

    // Controls: every one shows the scenario's own numbers.
    const rates = ratesFor(spec, sc);
    const shown = sc.cagr ?? result.cagr;
    this.globalBox.set(shown);
    this.globalSlider.set(oneDecimal(shown), ...spec.limits.rate_track);
    const own = spec.parts.filter((p) => Object.hasOwn(sc.rates, p.name));
    const common = sc.cagr !== null && sc.cagr !== undefined;
    let label = "Growth a year";
    let note = "";
    if (spec.dimension !== "total") {
      if (!own.length) {
        label = "Growth, every region";
        if (!common) note = "Each region at its own reported rate; the market's effective growth shown.";
      } else {
        const list = own.map((p) => `${p.name} ${pct(sc.rates[p.name])}`).join(", ");
        label = common ? "Growth, every other region" : "Growth, the market (effective)";
        note = `Set by region, kept: ${list}.${common ? "" : " Moving this sets every other region."}`;
        this.regions.open = true;
      }
    }
    this.globalLabel.textContent = label;
    this.globalSlider.thumb.setAttribute("aria-label", label);
    this.globalBox.input.setAttribute("aria-label", `${label}, % a year`);
    this.globalNote.textContent = note;
    const endIndex = path.years.length - 1;
    this.regionRows.forEach((r, i) => {
      r.box.set(rates[i]);
      r.rail.set(oneDecimal(rates[i]), ...spec.limits.rate_track);
      r.reset.hidden = !Object.hasOwn(sc.rates, r.name);
      r.result.textContent = `${usd(path.parts[i][endIndex])} in ${result.end} · ${pct(path.shares[i][endIndex])} of the market`;

    });
    this.startSelect.value = String(result.start);
    this.endValue.textContent = String(result.end);
    this.endSlider.set(result.end, result.start + 1, spec.years.max_target);
    this.extrapolationNote.textContent = result.extrapolated
      ? `${spec.years.last + 1}–${result.end}: extrapolation beyond the report.` : "";
    const shocked = sc.shock_year !== null && sc.shock_year !== undefined && !!sc.shock_pct;
    this.shockOn.checked = shocked;
    this.shockBody.hidden = !shocked;
    if (shocked) {
      this.shockYear.set(sc.shock_year, result.start + 1, Math.max(result.end, result.start + 1));
      this.shockSize.set(sc.shock_pct, ...spec.limits.shock_track);
      this.shockText.textContent = `${plus(sc.shock_pct, 0)} % from ${sc.shock_year} on`;
    }
    this.drawChart();
    if (this.fan.on) this.queueFan();
  }

  // The fan follows the input by one frame: the KPIs and the scenario's line are painted
  // in the input's own frame, then (once that frame is painted) the 10,000 paths are
  // drawn, once however many input events arrived meanwhile (a drag sends two or three
  // a frame), so the figures never wait for the simulation.
  queueFan() {
    if (this.fanFrame) return;
    this.fanFrame = requestAnimationFrame(() => {
      this.fanTimer = setTimeout(() => {
        this.fanFrame = 0;
        if (!this.fan.on) return;
        this.renderFan();
        this.regionRows.forEach((r, i) => {
          const band = this.fanRun ? this.fanRun.regions[i] : null;
          r.spread.hidden = !band;
          if (band) r.spread.textContent = `P10–P90 in ${this.result.end}: ${range(band[0], band[1])}`;
        });
        this.drawChart();
      }, 0);
    });
  }

  kpi(i, label, value, delta, tone) {
    const k = this.kpis[i];
    k.label.textContent = label;
    k.value.textContent = value;
    k.delta.textContent = delta;
    k.delta.className = `kpi-delta ${tone}`;
    k.node.setAttribute("aria-label", `${label}: ${value}, ${delta}`);
  }

  hover(event) {
    if (!this.geometry) return;
    const { x0, dx, first, last } = this.geometry;
    const box = this.svg.getBoundingClientRect();
    const year = Math.round(first + (event.clientX - box.left - x0) / dx);
    this.hoverYear = Math.min(last, Math.max(first, year));
    this.drawChart();
  }

  drawChart() {
    if (!this.path || !this.plot) return;
    const { spec, path, base, result } = this;
    const width = Math.max(280, this.plot.clientWidth || 600);
    const height = width < 500 ? 280 : 360;
    const narrow = width < 500;
    const m = { l: narrow ? 44 : 56, r: narrow ? 12 : 20, t: 28, b: 30 };
    const first = base.years[0];
    const lastYear = path.years[path.years.length - 1];
    const band = this.band && spec.band ? spec.band.filter(([y]) => y >= first && y <= lastYear) : [];
    const fan = this.fanRun ? this.fanRun.total : null;
    const values = [...path.total, ...base.total, ...band.flatMap(([, lo, hi]) => [lo, hi]),
      ...(fan ? fan.map((p) => p[6]) : [])].filter(Number.isFinite);
    const [top, tick] = niceScale(Math.max(...values, 1));
    const dx = (width - m.l - m.r) / Math.max(1, lastYear - first);
    const X = (y) => m.l + (y - first) * dx;
    const Y = (v) => height - m.b - (v / top) * (height - m.t - m.b);
    this.geometry = { x0: m.l, dx, first, last: lastYear };
    const line = (years, vals) => years.map((y, k) => `${k ? "L" : "M"}${X(y).toFixed(1)},${Y(vals[k]).toFixed(1)}`).join("");
    const c = spec.colors;
    const parts = [];
    for (let v = 0; v <= top + 1e-9; v += tick) {
      parts.push(`<line class="grid" x1="${m.l}" x2="${width - m.r}" y1="${Y(v)}" y2="${Y(v)}"/>`,
        `<text class="ytick" x="${m.l - 6}" y="${Y(v) + 4}">${fixed(v, 0)}</text>`);
    }
    if (lastYear > spec.years.last) {
      const x = X(spec.years.last + 0.5);
      parts.push(`<rect x="${x}" y="${m.t}" width="${width - m.r - x}" height="${height - m.t - m.b}" fill="${c.extrapolation}"/>`,
        `<text class="shade" x="${x + 6}" y="${height - m.b - 8}">extrapolation</text>`);
    }
    const every = Math.ceil((lastYear - first) / Math.max(2, Math.floor((width - m.l - m.r) / 48)));
    for (let y = first; y <= lastYear; y += 1) {
      if ((y - first) % every === 0 || y === lastYear) parts.push(`<text class="xtick" x="${X(y)}" y="${height - 8}">${y}</text>`);
    }
    parts.push(`<text class="ytitle" x="${m.l - 6}" y="14">USD bn</text>`);
    if (band.length) {
      const upper = band.map(([y, , hi]) => `${X(y)},${Y(hi)}`);
      const lower = band.map(([y, lo]) => `${X(y)},${Y(lo)}`).reverse();
      parts.push(`<path fill="${c.band}" d="M${upper.join("L")}L${lower.join("L")}Z"/>`);
    }
    parts.push(`<path class="reported" stroke="${c.reported}" d="${line(base.years, base.total)}"/>`);
    base.years.forEach((y, k) => {
      if (y > spec.years.last) return;
      const stated = spec.stated.includes(y);
      const assumed = spec.assumed.includes(y);
      const cx = X(y);
      const cy = Y(base.total[k]);
      if (assumed) parts.push(`<path class="mark hollow" stroke="${c.total}" d="M${cx},${cy - 5}L${cx + 5},${cy}L${cx},${cy + 5}L${cx - 5},${cy}Z"/>`);
      else parts.push(`<circle class="mark ${stated ? "" : "hollow"}" cx="${cx}" cy="${cy}" r="4.5" stroke="${c.total}" fill="${stated ? c.total : "#fff"}"/>`);
    });
    if (fan) {
      // The fan: P5–P95 light, P25–P75 darker, the median path thin and dashed.
      const area = (lo, hi, cls) => {
        const upper = path.years.map((y, k) => `${X(y).toFixed(1)},${Y(fan[k][hi]).toFixed(1)}`);
        const lower = path.years.map((y, k) => `${X(y).toFixed(1)},${Y(fan[k][lo]).toFixed(1)}`).reverse();
        return `<path class="${cls}" fill="${c.scenario}" d="M${upper.join("L")}L${lower.join("L")}Z"/>`;
      };
      parts.push(area(0, 6, "fan outer"), area(2, 4, "fan inner"),
        `<path class="median" stroke="${c.scenario}" d="${line(path.years, fan.map((p) => p[3]))}"/>`);
    }
    parts.push(`<path class="scenario" stroke="${c.scenario}" d="${line(path.years, path.total)}"/>`);
    path.years.forEach((y, k) => parts.push(`<circle cx="${X(y)}" cy="${Y(path.total[k])}" r="2.6" fill="${c.scenario}"/>`));
    const endX = X(lastYear);
    const endY = Y(result.last);
    parts.push(`<text class="endlabel" style="fill:${c.scenario}" x="${endX}" y="${Math.max(m.t + 2, endY - 10)}">${usd(result.last)}</text>`);
    if (this.hoverYear !== null && this.hoverYear !== undefined) {
      const y = this.hoverYear;
      parts.push(`<line class="guide" x1="${X(y)}" x2="${X(y)}" y1="${m.t}" y2="${height - m.b}"/>`);
      const k = path.years.indexOf(y);
      const b = base.years.indexOf(y);
      const lines = [`<b>${y}</b>`];
      if (k >= 0) lines.push(`Scenario: ${usd(path.total[k])}`);
      if (k >= 0 && fan) lines.push(`P5–P95: ${range(fan[k][0], fan[k][6])}`, `Median path: ${usd(fan[k][3])}`);
      if (b >= 0) lines.push(`As reported: ${usd(base.total[b])}`);
      this.tip.innerHTML = lines.join("<br>");
      this.tip.hidden = false;
      const left = X(y) + 12;
      this.tip.style.left = `${left > width - 190 ? X(y) - 190 : left}px`;
      this.tip.style.top = `${m.t + 4}px`;
    }
    this.svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    this.svg.setAttribute("width", String(width));
    this.svg.setAttribute("height", String(height));
    this.svg.setAttribute("aria-label",
      `Market size, USD bn, ${first}–${lastYear}: the scenario reaches ${usd(result.last)} in ${lastYear}, as reported ${usd(result.reported)}.`);
    this.svg.innerHTML = parts.join("");
    const label = this.sc.preset === "custom" ? "Your scenario"
      : `Scenario: ${spec.presets.find((p) => p.name === this.sc.preset)?.label ?? ""}`;
    const key = (cls, text, color) => `<span class="key ${cls}" style="--c:${color}"></span>${text}`;
    const items = [key("line", label, c.scenario), key("dots", "As reported", c.reported),
      key("solid", "Stated by the source", c.total)];
    if (base.years.some((y) => y <= spec.years.last && !spec.stated.includes(y) && !spec.assumed.includes(y))) items.push(key("hollow", "Computed here", c.total));
    if (spec.assumed.length) items.push(key("diamond", "Assumed by an analyst", c.total));
    if (band.length) items.push(key("band", "Other publishers (middle half)", c.band));
    if (fan) {
      items.push(key("fan-outer", `P5–P95 of ${fixed(spec.uncertainty.draws, 0)} paths`, c.scenario), key("fan-inner", "P25–P75", c.scenario),
        key("dash", "Median path", c.scenario));
    }
    this.legend.innerHTML = items.map((i) => `<span class="item">${i}</span>`).join("");
  }
}

// The axis top and tick: 1, 2 or 5 times a power of ten, about five ticks.
function niceScale(max) {
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const tick = [1, 2, 2.5, 5, 10].map((f) => f * power).find((t) => t >= raw);
  return [Math.ceil((max * 1.08) / tick) * tick, tick];
}

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  const existing = controllers.get(parentElement);
  if (existing) {
    existing.update(data, setStateValue);
    return undefined;
  }
  const host = document.createElement("div");
  parentElement.appendChild(host);
  const studio = new Studio(host, data, setStateValue);
  controllers.set(parentElement, studio);
  return () => {
    clearTimeout(studio.timer);
    studio.resize.disconnect();
    cancelAnimationFrame(studio.fanFrame);
    clearTimeout(studio.fanTimer);
    controllers.delete(parentElement);
  };
}
