// SigilChart: a dependency-free canvas chart of candles plus indicator series.
//
//   const chart = new SigilChart(canvas, { title: 'BTC/USD · 1h' });
//   chart.setData({
//     candles,                 // ccxt rows [[ms,o,h,l,c,v],...], objects, or columns
//     indicators: [{
//       id: 'rsi:14', label: 'RSI 14',
//       overlay: false,        // true: drawn over the price; false: a pane of its own
//       outputs: [{ name: 'rsi', values: Float64Array, color?, style?: 'line'|'histogram' }],
//       range?: [0, 100], guides?: [30, 70], ticks?: [0, 30, 50, 70, 100],
//     }],
//   });
//
// The canvas is sized from its CSS box and redrawn on resize, so give it a size in CSS.
// All times are shown in UTC. `chart.layout()` returns the geometry of the last draw
// (CSS pixels) for tests and for overlays drawn on top.

import {
  valueTicks,
  formatNumber,
  formatCompact,
  formatDateTime,
  pricePrecision,
  timeTicks,
} from './ticks.js';

export const darkTheme = Object.freeze({
  background: '#131722',
  grid: '#1c2030',
  gridMajor: '#262b3b',
  separator: '#2a2e39',
  text: '#8b90a0',
  textStrong: '#d1d4dc',
  up: '#26a69a',
  down: '#ef5350',
  crosshair: '#6a7185',
  labelBackground: '#363a45',
  guide: '#4a5066',
  band: 'rgba(126, 87, 194, 0.08)',
  palette: ['#f7a21b', '#a78bfa', '#38bdf8', '#f472b6', '#facc15', '#4ade80'],
  font: '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif',
  fontSize: 11,
  legendFontSize: 12,
});

const TIME_AXIS_HEIGHT = 28;
const RIGHT_PAD_BARS = 3; // empty bars right of the last candle
const LEGEND_ROW = 18;
const TAG_HEIGHT = 18;
const VOLUME_HEIGHT = 0.16; // share of the price pane used by volume bars

/** Normalises candles to columns: { time, open, high, low, close, volume } (Float64Arrays). */
export function toColumns(candles) {
  if (candles && !Array.isArray(candles) && candles.close) {
    const n = candles.close.length;
    const col = (c) => Float64Array.from(c ?? new Float64Array(n).fill(NaN));
    return {
      time: col(candles.time ?? candles.timestamp),
      open: col(candles.open),
      high: col(candles.high),
      low: col(candles.low),
      close: col(candles.close),
      volume: col(candles.volume),
    };
  }
  if (!Array.isArray(candles)) throw new TypeError('candles must be an array of rows or an object of columns');
  const n = candles.length;
  const out = {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const r = candles[i];
    if (Array.isArray(r)) {
      [out.time[i], out.open[i], out.high[i], out.low[i], out.close[i], out.volume[i]] = r.map(Number);
    } else {
      out.time[i] = Number(r.time ?? r.timestamp);
      out.open[i] = Number(r.open);
      out.high[i] = Number(r.high);
      out.low[i] = Number(r.low);
      out.close[i] = Number(r.close);
      out.volume[i] = Number(r.volume);
    }
  }
  return out;
}

function validateColumns(c) {
  const n = c.close.length;
  for (let i = 0; i < n; i++) {
    if (![c.time[i], c.open[i], c.high[i], c.low[i], c.close[i]].every(Number.isFinite)) {
      throw new Error(`candle ${i} has a missing or non-numeric field`);
    }
    if (i > 0 && !(c.time[i] > c.time[i - 1])) throw new Error(`candles are not in ascending time order at index ${i}`);
  }
}

/** Min/max of the finite values in `columns` over [from, to). */
function extent(columns, from, to) {
  let min = Infinity;
  let max = -Infinity;
  for (const values of columns) {
    for (let i = from; i < to; i++) {
      const v = values[i];
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return [min, max];
}

export class SigilChart {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {{title?: string, volume?: boolean, theme?: object}} [options]
   *   volume: draw volume bars along the bottom of the price pane (default true)
   */
  constructor(canvas, options = {}) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.theme = { ...darkTheme, ...options.theme };
    this.title = options.title ?? '';
    this.showVolume = options.volume ?? true;
    this.candles = null;
    this.panes = [];
    this.hover = null;
    this._layout = null;
    this._frame = 0;

    this._onPointerMove = (e) => {
      this.hover = { x: e.offsetX, y: e.offsetY };
      this.requestDraw();
    };
    this._onPointerLeave = () => {
      this.hover = null;
      this.requestDraw();
    };
    canvas.addEventListener('pointermove', this._onPointerMove);
    canvas.addEventListener('pointerleave', this._onPointerLeave);

    this._resizeObserver = new ResizeObserver(() => this.requestDraw());
    this._resizeObserver.observe(canvas);
    this._watchPixelRatio();
  }

  /**
   * Replaces the data and redraws synchronously.
   * @param {{candles: any, indicators?: object[], title?: string}} data
   */
  setData({ candles, indicators = [], title }) {
    const columns = toColumns(candles);
    validateColumns(columns);
    this.candles = columns;
    if (title !== undefined) this.title = title;
    this.precision = pricePrecision(columns.open, columns.high, columns.low, columns.close);

    // Give every output a colour, in order, from the palette.
    let colorIndex = 0;
    const palette = this.theme.palette;
    const prepared = indicators.map((ind) => ({
      ...ind,
      outputs: ind.outputs.map((o) => {
        if (o.values.length !== columns.close.length) {
          throw new Error(`${ind.id ?? ind.label}: ${o.name} has ${o.values.length} values for ${columns.close.length} candles`);
        }
        return { style: 'line', ...o, color: o.color ?? palette[colorIndex++ % palette.length] };
      }),
    }));

    // Pane layout comes from the overlay flag: overlays share the price pane,
    // every other indicator gets a pane of its own below it.
    this.panes = [
      { kind: 'price', id: 'price', indicators: prepared.filter((i) => i.overlay) },
      ...prepared
        .filter((i) => !i.overlay)
        .map((ind) => ({ kind: 'indicator', id: ind.id ?? ind.label, indicators: [ind] })),
    ];
    this.draw();
  }

  /**
   * Geometry of the last draw in CSS pixels, as plain data: the plot and axis boxes,
   * the bar spacing, and per pane its box (x, y, w, h), the value-mapped band
   * (top, bottom), the value range (min, max) and its series with their colours.
   */
  layout() {
    const l = this._layout;
    if (!l) return null;
    const { xOf, panes, ...rest } = l;
    return structuredClone({
      ...rest,
      panes: panes.map(({ kind, id, x, y, w, h, top, bottom, min, max, ticks, source }) => ({
        kind, id, x, y, w, h, top, bottom, min, max, ticks,
        series: source.indicators.map((ind) => ({
          id: ind.id,
          label: ind.label,
          outputs: ind.outputs.map(({ name, color, style }) => ({ name, color, style })),
        })),
      })),
    });
  }

  requestDraw() {
    if (this._frame) return;
    this._frame = requestAnimationFrame(() => {
      this._frame = 0;
      this.draw();
    });
  }

  destroy() {
    cancelAnimationFrame(this._frame);
    this._resizeObserver.disconnect();
    this._dprQuery?.removeEventListener('change', this._onDprChange);
    this.canvas.removeEventListener('pointermove', this._onPointerMove);
    this.canvas.removeEventListener('pointerleave', this._onPointerLeave);
  }

  _watchPixelRatio() {
    this._onDprChange = () => {
      this._watchPixelRatio();
      this.requestDraw();
    };
    this._dprQuery?.removeEventListener('change', this._onDprChange);
    this._dprQuery = matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    this._dprQuery.addEventListener('change', this._onDprChange, { once: true });
  }

  // ------------------------------------------------------------------ drawing

  draw() {
    const { canvas, ctx, theme } = this;
    const rect = canvas.getBoundingClientRect();
    const width = Math.max(1, rect.width);
    const height = Math.max(1, rect.height);
    const dpr = window.devicePixelRatio || 1;
    const pw = Math.round(width * dpr);
    const ph = Math.round(height * dpr);
    if (canvas.width !== pw || canvas.height !== ph) {
      canvas.width = pw;
      canvas.height = ph;
    }
    this.dpr = dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, 0, width, height);
    if (!this.candles || this.candles.close.length === 0) {
      this._layout = { width, height, dpr, panes: [] };
      return;
    }

    const layout = this._computeLayout(width, height, dpr);
    this._layout = layout;
    const ticks = timeTicks(this.candles.time, layout.bars.spacing, 84);

    for (const pane of layout.panes) this._drawGrid(pane, ticks, layout);
    for (const pane of layout.panes) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(pane.x, pane.y, pane.w, pane.h);
      ctx.clip();
      if (pane.kind === 'price') {
        if (this.showVolume) this._drawVolume(pane, layout);
        this._drawCandles(pane, layout);
      } else {
        this._drawGuides(pane);
      }
      for (const ind of pane.source.indicators) {
        for (const out of ind.outputs) this._drawSeries(pane, out, layout);
      }
      ctx.restore();
    }
    this._drawFrame(layout);
    for (const pane of layout.panes) this._drawValueAxis(pane, layout);
    this._drawTimeAxis(ticks, layout);
    for (const pane of layout.panes) this._drawLegend(pane, layout);
    if (this.hover) this._drawCrosshair(layout);
  }

  _computeLayout(width, height, dpr) {
    const { ctx, theme, candles } = this;
    const n = candles.close.length;

    // Pane heights: every indicator pane ~22% of the height, the price pane the rest.
    const chartH = Math.max(60, height - TIME_AXIS_HEIGHT);
    const others = this.panes.length - 1;
    const indH = others ? Math.min(Math.max(chartH * 0.22, 90), (chartH * 0.55) / others) : 0;
    const heights = [chartH - indH * others, ...Array(others).fill(indH)].map(Math.round);
    heights[0] = chartH - heights.slice(1).reduce((a, b) => a + b, 0);

    // Value ranges first: the axis width depends on the widest label.
    ctx.font = `${theme.fontSize}px ${theme.font}`;
    let y = 0;
    const panes = this.panes.map((source, i) => {
      const pane = { kind: source.kind, id: source.id, source, y, h: heights[i] };
      y += heights[i];
      const legendRows = source.kind === 'price' ? 1 + source.indicators.length : 1;
      const top = pane.y + (source.kind === 'price' ? legendRows * LEGEND_ROW + 14 : 26);
      const bottom = pane.y + pane.h - (source.kind === 'price' ? 14 : 8);
      Object.assign(pane, { top, bottom }, this._valueRange(source, bottom - top));
      return pane;
    });

    let labelW = 0;
    for (const pane of panes) {
      for (const t of pane.ticks) labelW = Math.max(labelW, ctx.measureText(formatNumber(t, pane.decimals)).width);
      labelW = Math.max(labelW, ctx.measureText(formatNumber(pane.max, pane.valueDecimals)).width);
    }
    const axisW = Math.ceil(Math.max(56, labelW + 18));
    const plotW = Math.max(10, width - axisW);
    const spacing = plotW / (n + RIGHT_PAD_BARS);
    const xOf = (i) => (i + 0.5) * spacing;

    for (const pane of panes) {
      pane.x = 0;
      pane.w = plotW;
      const { min, max, top, bottom } = pane;
      pane.yOf = (v) => top + ((max - v) / (max - min)) * (bottom - top);
    }
    return {
      width,
      height,
      dpr,
      plot: { x: 0, w: plotW },
      valueAxis: { x: plotW, w: axisW },
      timeAxis: { x: 0, y: chartH, w: plotW, h: TIME_AXIS_HEIGHT },
      bars: { count: n, spacing, firstX: xOf(0), lastX: xOf(n - 1) },
      xOf,
      panes,
    };
  }

  /** The value range, ticks and decimals of one pane. */
  _valueRange(source, heightPx) {
    const { candles } = this;
    const n = candles.close.length;
    const outputs = source.indicators.flatMap((ind) => ind.outputs);
    const fixed = source.indicators.find((ind) => ind.range)?.range;
    if (fixed) {
      const [min, max] = fixed;
      const preset = source.indicators.find((ind) => ind.ticks)?.ticks;
      const auto = valueTicks(min, max, heightPx, 28);
      const ticks = preset ?? auto.ticks;
      return { min, max, ticks, decimals: auto.decimals, valueDecimals: 2 };
    }
    let [min, max] = extent(outputs.map((o) => o.values), 0, n);
    if (source.kind === 'price') {
      const [lo] = extent([candles.low], 0, n);
      const [, hi] = extent([candles.high], 0, n);
      min = Math.min(min, lo);
      max = Math.max(max, hi);
    } else {
      if (outputs.some((o) => o.style === 'histogram')) {
        min = Math.min(min, 0);
        max = Math.max(max, 0);
      }
      const pad = (max - min) * 0.06;
      min -= pad;
      max += pad;
    }
    if (!Number.isFinite(min) || !Number.isFinite(max)) [min, max] = [0, 1];
    if (max - min < 1e-12 * Math.max(1, Math.abs(max))) {
      const d = Math.abs(max) * 0.01 || 1;
      min -= d;
      max += d;
    }
    const { ticks, decimals } = valueTicks(min, max, heightPx, source.kind === 'price' ? 40 : 30);
    const valueDecimals = source.kind === 'price' ? this.precision : Math.max(2, decimals);
    return { min, max, ticks, decimals: source.kind === 'price' ? Math.min(decimals, this.precision) : decimals, valueDecimals };
  }

  // Snap to the device-pixel grid so 1px lines and candle edges stay crisp.
  _snap(v) {
    return Math.round(v * this.dpr) / this.dpr;
  }

  _hline(x, y, w, color) {
    const d = this.dpr;
    this.ctx.fillStyle = color;
    this.ctx.fillRect(x, Math.floor(y * d) / d, w, 1 / d);
  }

  _vline(x, y, h, color) {
    const d = this.dpr;
    this.ctx.fillStyle = color;
    this.ctx.fillRect(Math.floor(x * d) / d, y, 1 / d, h);
  }

  _drawGrid(pane, ticks, layout) {
    const { theme } = this;
    for (const v of pane.ticks) {
      const y = pane.yOf(v);
      if (y > pane.y + 2 && y < pane.y + pane.h - 2) this._hline(0, y, pane.w, theme.grid);
    }
    for (const t of ticks) {
      this._vline(layout.xOf(t.index), pane.y, pane.h, t.major ? theme.gridMajor : theme.grid);
    }
  }

  _drawCandles(pane, layout) {
    const { ctx, theme, candles, dpr } = this;
    const { spacing } = layout.bars;
    const n = candles.close.length;
    // Widths in device pixels; body and wick share parity so the wick is centred.
    const wickW = Math.max(1, Math.round(dpr));
    let bodyW = Math.max(1, Math.round(spacing * dpr * 0.72));
    if (bodyW > wickW && (bodyW - wickW) % 2) bodyW -= 1;
    const paint = (up) => {
      ctx.fillStyle = up ? theme.up : theme.down;
      for (let i = 0; i < n; i++) {
        const o = candles.open[i];
        const c = candles.close[i];
        if (c >= o !== up) continue;
        const cx = Math.round(layout.xOf(i) * dpr);
        const hi = Math.round(pane.yOf(candles.high[i]) * dpr);
        const lo = Math.round(pane.yOf(candles.low[i]) * dpr);
        const yo = Math.round(pane.yOf(o) * dpr);
        const yc = Math.round(pane.yOf(c) * dpr);
        const wickX = cx - (wickW >> 1);
        ctx.fillRect(wickX / dpr, hi / dpr, wickW / dpr, Math.max(1, lo - hi) / dpr);
        const bodyX = cx - (bodyW >> 1);
        const top = Math.min(yo, yc);
        ctx.fillRect(bodyX / dpr, top / dpr, bodyW / dpr, Math.max(1, Math.abs(yc - yo)) / dpr);
      }
    };
    paint(true);
    paint(false);

    // Last price line across the plot.
    const last = n - 1;
    const color = candles.close[last] >= candles.open[last] ? theme.up : theme.down;
    this._dashedHLine(pane, pane.yOf(candles.close[last]), color, [1, 2]);
  }

  /** Volume as translucent bars along the bottom of the price pane, on their own scale. */
  _drawVolume(pane, layout) {
    const { ctx, theme, candles, dpr } = this;
    const n = candles.close.length;
    let max = 0;
    for (let i = 0; i < n; i++) if (candles.volume[i] > max) max = candles.volume[i];
    if (!(max > 0)) return;
    const base = pane.y + pane.h;
    const height = pane.h * VOLUME_HEIGHT;
    const w = Math.max(1, Math.round(layout.bars.spacing * dpr * 0.72));
    ctx.save();
    ctx.globalAlpha = 0.28;
    for (const up of [true, false]) {
      ctx.fillStyle = up ? theme.up : theme.down;
      for (let i = 0; i < n; i++) {
        const v = candles.volume[i];
        if (!(v > 0) || candles.close[i] >= candles.open[i] !== up) continue;
        const top = Math.round((base - (v / max) * height) * dpr);
        const x = Math.round(layout.xOf(i) * dpr) - (w >> 1);
        ctx.fillRect(x / dpr, top / dpr, w / dpr, Math.max(1, Math.round(base * dpr) - top) / dpr);
      }
    }
    ctx.restore();
  }

  _dashedHLine(pane, y, color, dash) {
    const { ctx } = this;
    const d = this.dpr;
    const yy = (Math.floor(y * d) + 0.5) / d;
    ctx.save();
    ctx.strokeStyle = color;
    ctx.lineWidth = 1 / d;
    ctx.setLineDash(dash);
    ctx.beginPath();
    ctx.moveTo(pane.x, yy);
    ctx.lineTo(pane.x + pane.w, yy);
    ctx.stroke();
    ctx.restore();
  }

  _drawGuides(pane) {
    const { ctx, theme } = this;
    const guides = pane.source.indicators.flatMap((ind) => ind.guides ?? []);
    if (guides.length >= 2) {
      const lo = Math.min(...guides);
      const hi = Math.max(...guides);
      ctx.fillStyle = theme.band;
      ctx.fillRect(pane.x, pane.yOf(hi), pane.w, pane.yOf(lo) - pane.yOf(hi));
    }
    for (const g of guides) this._dashedHLine(pane, pane.yOf(g), theme.guide, [4, 4]);
  }

  _drawSeries(pane, out, layout) {
    const { ctx, candles } = this;
    const n = candles.close.length;
    const values = out.values;
    if (out.style === 'histogram') {
      const w = Math.max(1 / this.dpr, this._snap(layout.bars.spacing * 0.6));
      const zero = pane.yOf(0);
      ctx.fillStyle = out.color;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (!Number.isFinite(v)) continue;
        const y = pane.yOf(v);
        ctx.fillRect(this._snap(layout.xOf(i) - w / 2), Math.min(y, zero), w, Math.abs(zero - y) || 1 / this.dpr);
      }
      return;
    }
    ctx.save();
    ctx.strokeStyle = out.color;
    ctx.lineWidth = out.lineWidth ?? 1.5;
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    ctx.beginPath();
    let penDown = false;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) {
        penDown = false;
        continue;
      }
      const x = layout.xOf(i);
      const y = pane.yOf(v);
      if (penDown) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      penDown = true;
    }
    ctx.stroke();
    ctx.restore();
  }

  _drawFrame(layout) {
    const { theme } = this;
    const { width, valueAxis, timeAxis } = layout;
    for (const pane of layout.panes.slice(1)) this._hline(0, pane.y, width, theme.separator);
    this._vline(valueAxis.x, 0, layout.height, theme.separator);
    this._hline(0, timeAxis.y, width, theme.separator);
  }

  _drawValueAxis(pane, layout) {
    const { ctx, theme, candles } = this;
    const x = layout.valueAxis.x;

    // Last-value tags: the close in the price pane, then every line's last value.
    const tags = [];
    const last = candles.close.length - 1;
    if (pane.kind === 'price') {
      const c = candles.close[last];
      tags.push({ y: pane.yOf(c), text: formatNumber(c, this.precision), color: c >= candles.open[last] ? theme.up : theme.down });
    }
    for (const ind of pane.source.indicators) {
      for (const out of ind.outputs) {
        const v = out.values[last];
        if (out.style === 'line' && Number.isFinite(v)) {
          tags.push({ y: pane.yOf(v), text: formatNumber(v, pane.valueDecimals), color: out.color });
        }
      }
    }
    this._placeTags(tags, pane);

    ctx.font = `${theme.fontSize}px ${theme.font}`;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    for (const v of pane.ticks) {
      const y = pane.yOf(v);
      if (y < pane.y + 7 || y > pane.y + pane.h - 7) continue;
      this._hline(x, y, 4, theme.separator);
      if (tags.some((t) => Math.abs(t.y - y) < TAG_HEIGHT - 2)) continue; // hidden by a tag
      ctx.fillStyle = theme.text;
      ctx.fillText(formatNumber(v, pane.decimals), x + 8, y);
    }
    this._drawTags(tags, x, layout.valueAxis.w);
  }

  /** Moves tags apart (top to bottom) so they never overlap and stay inside the pane. */
  _placeTags(tags, pane) {
    const h = TAG_HEIGHT;
    tags.sort((a, b) => a.y - b.y);
    for (let i = 0; i < tags.length; i++) {
      tags[i].y = Math.min(Math.max(tags[i].y, pane.y + h / 2), pane.y + pane.h - h / 2);
      if (i > 0 && tags[i].y < tags[i - 1].y + h) tags[i].y = tags[i - 1].y + h;
    }
    // If the last one was pushed out at the bottom, shift the stack back up.
    const overflow = tags.length ? tags[tags.length - 1].y - (pane.y + pane.h - h / 2) : 0;
    if (overflow > 0) for (const t of tags) t.y -= overflow;
  }

  _drawTags(tags, x, w) {
    const { ctx, theme } = this;
    const h = TAG_HEIGHT;
    ctx.font = `${theme.fontSize}px ${theme.font}`;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    for (const tag of tags) {
      ctx.fillStyle = tag.color;
      this._roundRect(x + 1, tag.y - h / 2, w - 2, h, 2);
      ctx.fillStyle = readableOn(tag.color);
      ctx.fillText(tag.text, x + 8, tag.y + 0.5);
    }
  }

  _roundRect(x, y, w, h, r) {
    const { ctx } = this;
    ctx.beginPath();
    ctx.roundRect(this._snap(x), this._snap(y), this._snap(w), this._snap(h), r);
    ctx.fill();
  }

  _drawTimeAxis(ticks, layout) {
    const { ctx, theme } = this;
    const { timeAxis, valueAxis } = layout;
    const cy = timeAxis.y + timeAxis.h / 2;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'center';
    for (const t of ticks) {
      const x = layout.xOf(t.index);
      const label = t.label;
      ctx.font = `${t.major ? '600 ' : ''}${theme.fontSize}px ${theme.font}`;
      const half = ctx.measureText(label).width / 2;
      if (x - half < 2 || x + half > timeAxis.w - 2) continue;
      this._vline(x, timeAxis.y, 4, theme.separator);
      ctx.fillStyle = t.major ? theme.textStrong : theme.text;
      ctx.fillText(label, x, cy + 1);
    }
    ctx.font = `${theme.fontSize}px ${theme.font}`;
    ctx.fillStyle = theme.text;
    ctx.fillText('UTC', valueAxis.x + valueAxis.w / 2, cy + 1);
  }

  /** Index of the bar under the crosshair, else the last bar. */
  _legendIndex(layout) {
    const n = this.candles.close.length;
    if (!this.hover) return n - 1;
    const i = Math.round(this.hover.x / layout.bars.spacing - 0.5);
    return Math.min(n - 1, Math.max(0, i));
  }

  _drawLegend(pane, layout) {
    const { ctx, theme, candles } = this;
    const i = this._legendIndex(layout);
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    const rows = [];
    if (pane.kind === 'price') {
      const o = candles.open[i];
      const c = candles.close[i];
      const color = c >= o ? theme.up : theme.down;
      const prev = i > 0 ? candles.close[i - 1] : o;
      const change = prev ? ((c - prev) / prev) * 100 : 0;
      const p = this.precision;
      const parts = [];
      if (this.title) parts.push({ text: this.title, color: theme.textStrong, bold: true, gap: 14 });
      for (const [k, v] of [['O', o], ['H', candles.high[i]], ['L', candles.low[i]], ['C', c]]) {
        parts.push({ text: k, color: theme.text, gap: 4 });
        parts.push({ text: formatNumber(v, p), color, gap: 10 });
      }
      parts.push({ text: `${change >= 0 ? '+' : ''}${formatNumber(change, 2)}%`, color, gap: 14 });
      const volume = candles.volume[i];
      if (this.showVolume && Number.isFinite(volume)) {
        parts.push({ text: 'Vol', color: theme.text, gap: 4 });
        parts.push({ text: formatCompact(volume), color, gap: 0 });
      }
      rows.push(parts);
    }
    for (const ind of pane.source.indicators) {
      const parts = [{ text: ind.label ?? ind.id, color: theme.textStrong, gap: 10 }];
      for (const out of ind.outputs) {
        parts.push({ text: formatNumber(out.values[i], pane.valueDecimals), color: out.color, gap: 10 });
      }
      rows.push(parts);
    }

    let y = pane.y + 6 + LEGEND_ROW / 2;
    for (const parts of rows) {
      let x = 8;
      // A translucent backdrop keeps the text readable over candles.
      const widths = parts.map((part) => {
        ctx.font = `${part.bold ? '600 ' : ''}${theme.legendFontSize}px ${theme.font}`;
        return ctx.measureText(part.text).width;
      });
      const total = widths.reduce((a, w, k) => a + w + parts[k].gap, 0);
      ctx.globalAlpha = 0.7;
      ctx.fillStyle = theme.background;
      ctx.fillRect(x - 4, y - LEGEND_ROW / 2, total + 8, LEGEND_ROW);
      ctx.globalAlpha = 1;
      parts.forEach((part, k) => {
        ctx.font = `${part.bold ? '600 ' : ''}${theme.legendFontSize}px ${theme.font}`;
        ctx.fillStyle = part.color;
        ctx.fillText(part.text, x, y + 0.5);
        x += widths[k] + part.gap;
      });
      y += LEGEND_ROW;
    }
  }

  _drawCrosshair(layout) {
    const { ctx, theme, candles } = this;
    const { x: hx, y: hy } = this.hover;
    if (hx < 0 || hx > layout.plot.w || hy < 0 || hy > layout.timeAxis.y) return;
    const i = this._legendIndex(layout);
    const x = (Math.floor(layout.xOf(i) * this.dpr) + 0.5) / this.dpr;
    ctx.save();
    ctx.strokeStyle = theme.crosshair;
    ctx.lineWidth = 1 / this.dpr;
    ctx.setLineDash([4, 4]);
    ctx.beginPath();
    ctx.moveTo(x, 0);
    ctx.lineTo(x, layout.timeAxis.y);
    const pane = layout.panes.find((p) => hy >= p.y && hy < p.y + p.h);
    const y = (Math.floor(hy * this.dpr) + 0.5) / this.dpr;
    if (pane) {
      ctx.moveTo(0, y);
      ctx.lineTo(layout.plot.w, y);
    }
    ctx.stroke();
    ctx.restore();

    ctx.font = `${theme.fontSize}px ${theme.font}`;
    ctx.textBaseline = 'middle';
    if (pane) {
      const v = pane.max - ((hy - pane.top) / (pane.bottom - pane.top)) * (pane.max - pane.min);
      const tags = [{ y: hy, text: formatNumber(v, pane.valueDecimals), color: theme.labelBackground }];
      this._placeTags(tags, pane);
      this._drawTags(tags, layout.valueAxis.x, layout.valueAxis.w);
    }
    ctx.font = `${theme.fontSize}px ${theme.font}`;
    const label = formatDateTime(candles.time[i]);
    const w = ctx.measureText(label).width + 16;
    const lx = Math.min(Math.max(x - w / 2, 0), layout.plot.w - w);
    ctx.fillStyle = theme.labelBackground;
    this._roundRect(lx, layout.timeAxis.y + 3, w, layout.timeAxis.h - 6, 2);
    ctx.fillStyle = theme.textStrong;
    ctx.textAlign = 'center';
    ctx.fillText(label, lx + w / 2, layout.timeAxis.y + layout.timeAxis.h / 2 + 0.5);
  }
}

/** Black or white, whichever reads better on `color` (#rrggbb). */
function readableOn(color) {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  if (!m) return '#ffffff';
  const v = parseInt(m[1], 16);
  const lum = 0.299 * (v >> 16) + 0.587 * ((v >> 8) & 255) + 0.114 * (v & 255);
  return lum > 150 ? '#131722' : '#ffffff';
}
