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

// The symmetric triangular distribution's shape at u, on [−1, 1]: a draw is
// mode + spread · shape(u), as pmdash.uncertainty.simulate.triangular computes it.
export const shape = (u) => (u < 0.5 ? Math.sqrt(2 * u) - 1 : 1 - Math.sqrt(2 - 2 * u));
export const triangular = (mode, spread, u) => mode + spread * shape(u);

// What the draws depend on besides the rates and the spread: each part's shape on
// every path (its own draw or the shared one) and which paths the shock hits. The
// studio keeps them while only rates, years or the spread move.
export function drawsOf(seed, draws, correlation, parts) {
  const weight = Math.sqrt(Math.min(Math.max(correlation, 0), 1));
  const shared = uniforms(seed, SHARED_STREAM, draws);
  const shapes = Array.from({ length: parts }, (_, i) => {
    const own = uniforms(seed, i, draws);
    const choice = uniforms(seed, CHOICE_STREAM + i, draws);
    const out = new Float64Array(draws);
    for (let k = 0; k < draws; k++) out[k] = shape(choice[k] < weight ? shared[k] : own[k]);
    return out;
  });
  return { key: `${seed}|${draws}|${correlation}|${parts}`, shapes, shock: uniforms(seed, SHOCK_STREAM, draws) };
}

// Every path's sizes: parts[i] and total, each a Float64Array of years × draws.
// `st` = {spread, draws, seed, correlation, shock_probability}; `helpers` are studio.js's
// ratesFor, yearsOf and isAsReported; `draws` (optional) is drawsOf(...) of the same
// settings. With `lastOnly`, parts[i] holds only the target year (draws values): what
// the studio reads of the regions, without writing the other years.
export function simulate(spec, sc, st, helpers, draws = null, lastOnly = false) {
  const { ratesFor, yearsOf, isAsReported } = helpers;
  const [start, end] = yearsOf(spec, sc);
  const bases = spec.start_sizes[String(start)];
  if (!bases) throw new Error(`no sizes for every part in ${start}`);
  const rates = ratesFor(spec, sc);
  const n = st.draws;
  const Y = end - start + 1;
  const years = Array.from({ length: Y }, (_, j) => start + j);
  const drawn = draws ?? drawsOf(st.seed, n, st.correlation, rates.length);
  const shocked = sc.shock_year !== null && sc.shock_year !== undefined && !!sc.shock_pct;
  const hit = new Float64Array(n).fill(1);
  if (shocked) {
    for (let k = 0; k < n; k++) if (drawn.shock[k] < st.shock_probability) hit[k] = 1 + sc.shock_pct / 100;
  }
  const shockFrom = shocked ? sc.shock_year - start : Infinity;
  const zero = st.spread === 0;
  const total = new Float64Array(Y * n);
  const v = new Float64Array(n);
  const factor = new Float64Array(n);
  const parts = rates.map((rate, i) => {
    const sizes = new Float64Array(lastOnly ? n : Y * n);
    const form = drawn.shapes[i];
    for (let k = 0; k < n; k++) {
      const f = 1 + (rate + st.spread * form[k]) / 100;
      factor[k] = f >= 0 ? f : NaN; // below −100 % a year: not computable, as Python
    }
    v.fill(bases[i]);
    for (let j = 0; j < Y; j++) {
      const row = j * n;
      const struck = j >= shockFrom;
      if (zero) {
        // No spread: every path is the scenario's own, computed as pmdash.metrics.grow does.
        const central = bases[i] * Math.pow(1 + rate / 100, j);
        for (let k = 0; k < n; k++) v[k] = central;
      } else if (j > 0) {
        for (let k = 0; k < n; k++) v[k] *= factor[k];
      }
      for (let k = 0; k < n; k++) {
        let size = struck ? v[k] * hit[k] : v[k];
        if (!(size <= Number.MAX_VALUE)) size = NaN; // an overflow is not computable
        total[row + k] += size;
        if (!lastOnly) sizes[row + k] = size;
        else if (j === Y - 1) sizes[k] = size;
      }
    }
    return sizes;
  });
  for (let x = 0; x < Y * n; x++) if (!Number.isFinite(total[x])) total[x] = NaN;
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

// Puts the values of the given ranks (ascending) where a full sort would put them,
// without sorting the rest: quickselect for several ranks at once (Hoare partition
// around a median of three; short runs by insertion). No NaN in `a`.
export function selectRanks(a, ranks) {
  const stack = [[0, a.length - 1, 0, ranks.length - 1]];
  while (stack.length) {
    let [lo, hi, r0, r1] = stack.pop();
    while (r0 <= r1 && hi > lo) {
      if (hi - lo < 24) {
        for (let i = lo + 1; i <= hi; i++) {
          const x = a[i];
          let k = i - 1;
          while (k >= lo && a[k] > x) { a[k + 1] = a[k]; k--; }
          a[k + 1] = x;
        }
        break;
      }
      const mid = (lo + hi) >>> 1;
      const [x, y, z] = [a[lo], a[mid], a[hi]];
      const pivot = x < y ? (y < z ? y : x < z ? z : x) : (x < z ? x : y < z ? z : y);
      let i = lo - 1;
      let j = hi + 1;
      for (;;) {
        do i++; while (a[i] < pivot);
        do j--; while (a[j] > pivot);
        if (i >= j) break;
        const t = a[i]; a[i] = a[j]; a[j] = t;
      }
      let split = r0;
      while (split <= r1 && ranks[split] <= j) split++;
      if (split > r0) stack.push([lo, j, r0, split - 1]);
      lo = j + 1;
      r0 = split;
    }
  }
}

// Percentiles `qs` of year j of a years × draws array, as atRank on the sorted year.
export function yearPercentiles(values, n, j, qs) {
  const a = values.slice(j * n, (j + 1) * n);
  let clean = true;
  for (let k = 0; k < n; k++) if (a[k] !== a[k]) { clean = false; break; }
  if (!clean) {
    a.sort();
    return qs.map((q) => atRank(a, q));
  }
  const ranks = new Set();
  for (const q of qs) {
    const rank = (q / 100) * (n - 1);
    ranks.add(Math.floor(rank));
    ranks.add(Math.min(Math.floor(rank) + 1, n - 1));
  }
  selectRanks(a, [...ranks].sort((x, y) => x - y));
  return qs.map((q) => atRank(a, q));
}

// P5 … P95 of a years × draws array: one array of 7 a year.
export function fanOf(values, n, years) {
  return years.map((_, j) => yearPercentiles(values, n, j, PERCENTILES));
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
