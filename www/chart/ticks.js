// Axis tick selection and number/time formatting for the chart. No DOM access.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

// ---------------------------------------------------------------- numbers

/** A "nice" step (1, 2, 2.5 or 5 × 10^k) that splits `span` into at most `maxCount` parts. */
export function niceStep(span, maxCount) {
  if (!(span > 0) || !(maxCount >= 1)) return 1;
  const raw = span / maxCount;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (m * power >= raw) return m * power;
  }
  return 10 * power;
}

/** Decimal places needed to show multiples of `step` exactly (capped at 8). */
export function decimalsForStep(step) {
  if (!(step > 0)) return 2;
  for (let d = 0; d <= 8; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * scaled) return d;
  }
  return 8;
}

/** Evenly spaced round values inside [min, max], about `minGapPx` apart on a `heightPx` axis. */
export function valueTicks(min, max, heightPx, minGapPx = 44) {
  const step = niceStep(max - min, Math.max(1, Math.floor(heightPx / minGapPx)));
  const ticks = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  }
  return { step, ticks, decimals: decimalsForStep(step) };
}

const formatters = new Map();

/** `value` with `decimals` places and thousands separators (en-US, so output is stable). */
export function formatNumber(value, decimals = 2) {
  if (!Number.isFinite(value)) return '–';
  let f = formatters.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formatters.set(decimals, f);
  }
  return f.format(value);
}

/** Short form for large values: 1,234 -> "1.23K", 5,600,000 -> "5.60M". */
export function formatCompact(value) {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  for (const [limit, suffix] of [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'K']]) {
    if (abs >= limit) return `${formatNumber(value / limit, 2)}${suffix}`;
  }
  return formatNumber(value, abs >= 100 ? 0 : 2);
}

/** Decimal places used in a price series (max over a sample, capped at 8). */
export function pricePrecision(...columns) {
  let best = 0;
  for (const column of columns) {
    const n = Math.min(column.length, 200);
    for (let i = column.length - n; i < column.length; i++) {
      const v = column[i];
      if (!Number.isFinite(v)) continue;
      const s = String(v);
      const dot = s.indexOf('.');
      if (s.includes('e')) return 8;
      if (dot >= 0) best = Math.max(best, s.length - dot - 1);
    }
  }
  return Math.min(best, 8);
}

// ---------------------------------------------------------------- time (UTC)

const pad2 = (n) => String(n).padStart(2, '0');

/** "14:00" */
export function formatClock(ms) {
  const d = new Date(ms);
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** "Fri 28 Nov '25 14:00" — the crosshair label. */
export function formatDateTime(ms, withTime = true) {
  const d = new Date(ms);
  const date = `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} '${String(d.getUTCFullYear()).slice(2)}`;
  return withTime ? `${date} ${formatClock(ms)}` : date;
}

/** Typical bar interval in ms (the median of the first gaps; robust to missing bars). */
export function barInterval(times) {
  const gaps = [];
  for (let i = 1; i < times.length && gaps.length < 64; i++) {
    const g = times[i] - times[i - 1];
    if (g > 0) gaps.push(g);
  }
  if (!gaps.length) return HOUR;
  gaps.sort((a, b) => a - b);
  return gaps[gaps.length >> 1];
}

// Candidate label spacings. `unit` says how a boundary is detected.
const TIME_STEPS = [
  ...[1, 2, 5, 10, 15, 30].map((m) => ({ unit: 'ms', size: m * MINUTE })),
  ...[1, 2, 3, 4, 6, 12].map((h) => ({ unit: 'ms', size: h * HOUR })),
  ...[1, 2, 3, 5, 7, 14].map((d) => ({ unit: 'day', size: d, approx: d * DAY })),
  ...[1, 2, 3, 6].map((m) => ({ unit: 'month', size: m, approx: m * 30 * DAY })),
  ...[1, 2, 5, 10].map((y) => ({ unit: 'year', size: y, approx: y * 365 * DAY })),
];

/** Rank of the calendar boundary between two instants: 3 year, 2 month, 1 day, 0 none. */
function boundaryRank(prev, cur) {
  const a = new Date(prev);
  const b = new Date(cur);
  if (a.getUTCFullYear() !== b.getUTCFullYear()) return 3;
  if (a.getUTCMonth() !== b.getUTCMonth()) return 2;
  if (a.getUTCDate() !== b.getUTCDate()) return 1;
  return 0;
}

function crossesStep(prev, cur, step) {
  const a = new Date(prev);
  const b = new Date(cur);
  switch (step.unit) {
    case 'ms':
      return Math.floor(prev / step.size) !== Math.floor(cur / step.size);
    case 'day': {
      if (a.getUTCMonth() !== b.getUTCMonth() || a.getUTCFullYear() !== b.getUTCFullYear()) return true;
      const da = Math.floor((a.getUTCDate() - 1) / step.size);
      const db = Math.floor((b.getUTCDate() - 1) / step.size);
      return da !== db && b.getUTCDate() <= 31 - step.size / 2; // no sliver at the month's end
    }
    case 'month':
      return (
        a.getUTCFullYear() !== b.getUTCFullYear() ||
        Math.floor(a.getUTCMonth() / step.size) !== Math.floor(b.getUTCMonth() / step.size)
      );
    case 'year':
      return Math.floor(a.getUTCFullYear() / step.size) !== Math.floor(b.getUTCFullYear() / step.size);
  }
  return false;
}

function timeLabel(ms, rank, step) {
  const d = new Date(ms);
  if (rank === 3) return String(d.getUTCFullYear());
  if (rank === 2) return MONTHS[d.getUTCMonth()];
  if (rank === 1) return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
  return step.unit === 'ms' ? formatClock(ms) : `${d.getUTCDate()}`;
}

/**
 * Time-axis ticks for bars at `times` drawn `spacingPx` apart: [{index, label, major}].
 * Ticks fall on the first bar after a round UTC boundary; calendar boundaries (day,
 * month, year) are "major" and win over clock times when labels would collide.
 */
export function timeTicks(times, spacingPx, minGapPx = 90) {
  const n = times.length;
  if (n === 0 || !(spacingPx > 0)) return [];
  const interval = barInterval(times);
  const minSpan = (interval * minGapPx) / spacingPx;
  const step = TIME_STEPS.find((s) => (s.approx ?? s.size) >= minSpan) ?? TIME_STEPS[TIME_STEPS.length - 1];
  const minBars = minGapPx / spacingPx;

  const ticks = [];
  for (let i = 1; i < n; i++) {
    if (!crossesStep(times[i - 1], times[i], step)) continue;
    const rank = boundaryRank(times[i - 1], times[i]);
    const tick = { index: i, label: timeLabel(times[i], rank, step), major: rank > 0, rank };
    const last = ticks[ticks.length - 1];
    if (last && i - last.index < minBars) {
      if (tick.rank > last.rank) ticks[ticks.length - 1] = tick;
      continue;
    }
    ticks.push(tick);
  }
  return ticks;
}
