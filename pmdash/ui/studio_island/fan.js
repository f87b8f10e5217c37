// The Monte Carlo fan, in the browser: the same paths as pmdash.uncertainty.simulate
// from the same seed (a counter-based 32-bit hash, triangular draws, one shared
// factor, a shock with a chance), and the same percentiles. Loaded before studio.js
// (one module); tests/test_studio_fan.py runs the same cases through both.

export const PERCENTILES = [5, 10, 25, 50, 75, 90, 95];
const SHARED_STREAM = 1000;
const CHOICE_STREAM = 2000;
const SHOCK_STREAM = 3000;

// Chris Wellons' lowbias32, as pmdash.uncertainty.simulate._mix32.
export function mix32(x) {
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

// (seed · 0x9E3779B1 + stream · 0x85EBCA77 + 0x165667B1) mod 2^32, hashed; seed < 2^32.
function streamKey(seed, stream) {
  const x = (Math.imul(seed >>> 0, 0x9e3779b1) + Math.imul(stream, 0x85ebca77) + 0x165667b1) >>> 0;
  return mix32(x);
}

// n numbers in (0, 1), one a path; as pmdash.uncertainty.simulate.uniforms.
export function uniforms(seed, stream, n) {
  const key = streamKey(seed, stream);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const x = mix32(mix32((Math.imul(k, 0x9e3779b9) + key) >>> 0));
    out[k] = (x + 0.5) / 4294967296;
  }
  return out;
}

// The symmetric triangular distribution on [mode − spread, mode + spread] at u.
export const triangular = (mode, spread, u) =>
  u < 0.5 ? mode + spread * (Math.sqrt(2 * u) - 1) : mode + spread * (1 - Math.sqrt(2 - 2 * u));

// Every path's sizes: parts[i] and total, each a Float64Array of years × draws.
// `st` = {spread, draws, seed, correlation, shock_probability}; `project` and
// `ratesFor`, `yearsOf` come from studio.js (the deterministic path, the rates).
export function simulate(spec, sc, st, helpers) {
  const { ratesFor, yearsOf, isAsReported } = helpers;
  const [start, end] = yearsOf(spec, sc);
  const bases = spec.start_sizes[String(start)];
  if (!bases) throw new Error(`no sizes for every part in ${start}`);
  const rates = ratesFor(spec, sc);
  const n = st.draws;
  const Y = end - start + 1;
  const years = Array.from({ length: Y }, (_, j) => start + j);
  const weight = Math.sqrt(Math.min(Math.max(st.correlation, 0), 1));
  const shared = uniforms(st.seed, SHARED_STREAM, n);
  const shocked = sc.shock_year !== null && sc.shock_year !== undefined && !!sc.shock_pct;
  const hit = shocked ? uniforms(st.seed, SHOCK_STREAM, n) : null;
  const shockFactor = shocked ? 1 + sc.shock_pct / 100 : 1;
  const shockFrom = shocked ? sc.shock_year - start : Infinity;
  const parts = rates.map((rate, i) => {
    const own = uniforms(st.seed, i, n);
    const choice = uniforms(st.seed, CHOICE_STREAM + i, n);
    const sizes = new Float64Array(Y * n);
    // No spread: every path is the scenario's own, computed as pmdash.metrics.grow does.
    const central = st.spread === 0 ? years.map((_, j) => bases[i] * Math.pow(1 + rate / 100, j)) : null;
    for (let k = 0; k < n; k++) {
      const u = choice[k] < weight ? shared[k] : own[k];
      const factor = 1 + triangular(rate, st.spread, u) / 100;
      const struck = shocked && hit[k] < st.shock_probability;
      let v = bases[i];
      for (let j = 0; j < Y; j++) {
        if (j > 0) v *= factor;
        let size = central ? central[j] : v;
        if (struck && j >= shockFrom) size *= shockFactor;
        sizes[j * n + k] = Number.isFinite(size) ? size : NaN;
      }
    }
    return sizes;
  });
  const total = new Float64Array(Y * n);
  for (let x = 0; x < Y * n; x++) {
    let sum = 0;
    for (const sizes of parts) sum += sizes[x];
    total[x] = Number.isFinite(sum) ? sum : NaN;
  }
  if (isAsReported(sc)) {
    // As the source: each path's total scaled, in the years the source states one, by the
    // source's total over the sum of its parts (pmdash.uncertainty.simulate._anchored).
    years.forEach((y, j) => {
      const stated = spec.total[String(y)];
      if (stated === undefined) return;
      let central = 0;
      rates.forEach((rate, i) => { central += bases[i] * Math.pow(1 + rate / 100, j); });
      for (let k = 0; k < n; k++) total[j * n + k] = stated * (total[j * n + k] / central);
    });
  }
  return { years, n, parts, total };
}

// The q-th percentile of an ascending array, linearly between the two nearest values.
export function atRank(sorted, q) {
  const rank = (q / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.min(low + 1, sorted.length - 1);
  const a = sorted[low];
  const b = sorted[high];
  return a === b ? a : a + (b - a) * (rank - low);
}

// One row (year j) of a years × draws array, sorted (NaN last, as NumPy).
export function sortedYear(values, n, j) {
  return values.slice(j * n, (j + 1) * n).sort();
}

// P5 … P95 of a years × draws array: one array of 7 a year.
export function fanOf(values, n, years) {
  return years.map((_, j) => {
    const sorted = sortedYear(values, n, j);
    return PERCENTILES.map((q) => atRank(sorted, q));
  });
}

// The share of paths whose total reaches `size` in some year up to index `upTo`.
export function chanceOfPassing(run, size, upTo) {
  const { n, total } = run;
  let passed = 0;
  for (let k = 0; k < n; k++) {
    for (let j = 0; j <= upTo; j++) {
      if (total[j * n + k] >= size) { passed += 1; break; }
    }
  }
  return passed / n;
}

// The fan's URL parameters; as pmdash.uncertainty.fan_url.fan_params.
export function fanParams(fan, number) {
  if (!fan.on) return {};
  const params = { mc: "1" };
  if (fan.spread !== null && fan.spread !== undefined) params.spread = number(fan.spread);
  if (fan.corr) params.corr = number(fan.corr);
  if (fan.shock_p !== 100) params.shock_p = number(fan.shock_p);
  if (fan.pass !== null && fan.pass !== undefined) params.pass = number(fan.pass);
  if (fan.pass_year !== null && fan.pass_year !== undefined) params.pass_year = String(fan.pass_year);
  return params;
}
