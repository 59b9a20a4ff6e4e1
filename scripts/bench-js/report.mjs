// Turns the raw cells of bench.mjs into ratios against the fastest JS peer of the same
// run, the markdown tables, and issue 5's targets as a checklist. Nothing here passes or
// fails the run: the speed targets are reported, never enforced.
import { INDICATORS } from './indicators.mjs';
import { PEER_LIBRARIES } from './peers.mjs';

const MODES = ['batch', 'stream'];
const isPeer = (cell) => PEER_LIBRARIES.includes(cell.library);
const ok = (cell) => cell && !cell.error && Number.isFinite(cell.ns_per_bar);
const contenderName = (cell) => `${cell.library} ${cell.entry}`;

/** One row per indicator and mode: the fastest peer, sigil-ta's fastest entry, their ratio. */
export function summarize(cells) {
  const rows = [];
  for (const ind of INDICATORS) {
    for (const mode of MODES) {
      const here = cells.filter((c) => c.indicator === ind.id && c.mode === mode);
      if (!here.length) continue;
      const peers = here.filter((c) => isPeer(c) && ok(c));
      const fastestPeer = peers.reduce((best, c) => (!best || c.ns_per_bar < best.ns_per_bar ? c : best), null);
      const sigils = here.filter((c) => c.library === 'sigil-ta' && ok(c));
      const sigil = sigils.reduce((best, c) => (!best || c.ns_per_bar < best.ns_per_bar ? c : best), null);
      for (const c of here) c.ratio_vs_fastest_peer = fastestPeer && ok(c) ? c.ns_per_bar / fastestPeer.ns_per_bar : null;
      const byLibrary = (library) => here.find((c) => c.library === library && ok(c)) ?? null;
      rows.push({
        indicator: ind.id,
        label: ind.label,
        mode,
        sigil_entry: sigil?.entry ?? null,
        sigil_ns: sigil?.ns_per_bar ?? null,
        fastest_peer: fastestPeer ? fastestPeer.library : null,
        fastest_peer_ns: fastestPeer?.ns_per_bar ?? null,
        speedup_vs_fastest_peer: sigil && fastestPeer ? fastestPeer.ns_per_bar / sigil.ns_per_bar : null,
        speedup_vs_trading_signals: sigil && byLibrary('trading-signals') ? byLibrary('trading-signals').ns_per_bar / sigil.ns_per_bar : null,
        peers_measured: peers.length,
      });
    }
  }
  return rows;
}

const fmtX = (x) => (x == null ? 'n/a' : `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`);
const fmtNs = (ns) => (ns == null ? 'n/a' : `${ns >= 100 ? ns.toFixed(0) : ns >= 10 ? ns.toFixed(1) : ns.toFixed(2)} ns`);

/** Issue 5's speed targets, each with its measured value; `met` is informational only. */
export function targets(rows) {
  const row = (id, mode) => rows.find((r) => r.indicator === id && r.mode === mode);
  const label = (id) => INDICATORS.find((i) => i.id === id).label.split('(')[0];
  const list = [];
  const speedup = (id, mode, goal, what) => {
    const r = row(id, mode);
    if (!r) return;
    const x = r.speedup_vs_fastest_peer ?? null;
    list.push({ target: what, indicator: id, measured: x, display: `${fmtX(x)} (${r.fastest_peer ?? 'no peer'})`, met: x != null && (goal === 1 ? x > 1 : x >= goal) });
  };
  for (const ind of INDICATORS) speedup(ind.id, 'batch', 1, `batch ${label(ind.id)} faster than every JS peer`);
  for (const id of ['sma', 'ema']) speedup(id, 'batch', 2, `batch ${label(id)} ≥ 2× fastest peer`);
  for (const id of ['rsi', 'macd', 'bbands', 'atr', 'stoch']) speedup(id, 'batch', 5, `batch ${label(id)} ≥ 5× fastest peer`);
  for (const id of ['sma', 'ema', 'rsi', 'atr']) {
    if (!row(id, 'stream')) continue;
    const ns = row(id, 'stream').sigil_ns ?? null;
    list.push({ target: `streaming ${label(id)} update ≤ 10 ns`, indicator: id, measured: ns, display: fmtNs(ns), met: ns != null && ns <= 10 });
  }
  const vsTs = (id, goal, what) => {
    if (!row(id, 'stream')) return;
    const x = row(id, 'stream').speedup_vs_trading_signals ?? null;
    list.push({ target: what, indicator: id, measured: x, display: fmtX(x), met: x != null && (goal === 1 ? x > 1 : x >= goal) });
  };
  for (const ind of INDICATORS) vsTs(ind.id, 1, `streaming ${label(ind.id)} faster than trading-signals`);
  for (const id of ['rsi', 'macd', 'bbands', 'atr', 'stoch']) vsTs(id, 5, `streaming ${label(id)} ≥ 5× trading-signals`);
  return list;
}

function looseMark(cell) {
  if (!cell.loose) return '';
  if (cell.loose.skipped) return ' ‡';
  return cell.loose.agree ? '' : ' †';
}

const timerNote = (ms) => (ms >= 0.001 ? `${(ms * 1000).toFixed(0)} µs` : `${(ms * 1e6).toFixed(0)} ns`);

/** `series/spec` names → `series: spec, spec; ...`. */
function summarizeCases(checked) {
  const bySeries = new Map();
  for (const name of checked) {
    const [series, spec] = name.split('/');
    bySeries.set(series, [...(bySeries.get(series) ?? []), spec]);
  }
  return [...bySeries].map(([series, specs]) => `${series}: ${specs.join(', ')}`).join('; ');
}

/** Markdown: one table per mode, then the checklist. */
export function markdown({ title, runtime, versions, raw, cells, rows, targetList, golden, streamBatch }) {
  const out = [`### ${title}`, '', `Timer resolution ${timerNote(raw.timerResolutionMs)}; load average ${runtime.loadavg?.join(' / ') ?? 'n/a'} on ${runtime.cores ?? '?'} cores (${runtime.cpu ?? 'unknown CPU'}). Versions: ${Object.entries(versions ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')}.`, ''];
  for (const mode of MODES) {
    const columns = [];
    for (const c of cells) if (c.mode === mode && !columns.includes(contenderName(c))) columns.push(contenderName(c));
    if (!columns.length) continue;
    out.push(`**${mode === 'batch' ? 'Batch' : 'Streaming, one bar per call'}**: ns/bar and time relative to the fastest JS peer of this run (lower is faster)`, '');
    out.push(`| indicator | ${columns.join(' | ')} | sigil-ta speedup vs fastest peer |`);
    out.push(`| --- | ${columns.map(() => '---:').join(' | ')} | ---: |`);
    for (const r of rows.filter((x) => x.mode === mode)) {
      const cellsOf = columns.map((name) => {
        const c = cells.find((x) => x.mode === mode && x.indicator === r.indicator && contenderName(x) === name);
        if (!c) return '—';
        if (c.error) return 'error';
        return `${fmtNs(c.ns_per_bar)} · ${fmtX(c.ratio_vs_fastest_peer)}${looseMark(c)}`;
      });
      const speed = r.speedup_vs_fastest_peer == null ? 'n/a' : `**${fmtX(r.speedup_vs_fastest_peer)}** vs ${r.fastest_peer}`;
      out.push(`| ${r.label} | ${cellsOf.join(' | ')} | ${speed} |`);
    }
    out.push('');
  }
  const disagree = cells.filter((c) => c.loose && !c.loose.skipped && !c.loose.agree);
  const skipped = cells.filter((c) => c.loose?.skipped);
  out.push(`Loose value check (each contender on the first ${raw.checkBars} bars, bars ${raw.checkBars - raw.tail}..${raw.checkBars - 1} compared: |Δ| ≤ 1e-6 × the largest |value| there, against sigil-ta's batch output): ${cells.filter((c) => c.loose?.agree).length} of ${cells.filter((c) => c.loose && !c.loose.skipped).length} cells agree.`);
  for (const c of disagree) {
    const what = [c.loose.compared ? `max relative Δ ${c.loose.maxRelDiff.toExponential(2)} over ${c.loose.compared} bars` : '', c.loose.missing ? `no value (NaN/null) on ${c.loose.missing} bars where sigil-ta has one` : '', c.loose.missingAtEnd ? `no value (NaN/null) on ${c.loose.missingAtEnd} of the last ${raw.tail} bars of the full series where sigil-ta has one` : ''].filter(Boolean).join('; ');
    out.push(`- † ${c.label} ${c.mode} ${contenderName(c)}: ${what} (not checked further)`);
  }
  for (const c of skipped) out.push(`- ‡ ${c.label} ${contenderName(c)}: not compared, ${c.loose.skipped}`);
  const errors = cells.filter((c) => c.error);
  for (const c of errors) out.push(`- error: ${c.label} ${c.mode} ${contenderName(c)}: ${c.error}`);
  out.push('');
  out.push(`sigil-ta vs TA-Lib 0.8.1 golden outputs (in-repo fixture): ${golden.failures.length ? `**${golden.failures.length} FAILURES**` : 'all agree'} on ${golden.checked.length} cases (${summarizeCases(golden.checked)}).`);
  out.push(`sigil-ta streaming ≡ batch on the first ${streamBatch.bars} bench bars: ${streamBatch.failures.length ? `**${streamBatch.failures.length} FAILURES**` : 'equal'}.`);
  out.push('', "Issue 5's targets (informational; measured in this run, never a pass/fail of it):", '');
  for (const t of targetList) out.push(`- [${t.met ? 'x' : ' '}] ${t.target}: ${t.display} ${t.met ? '✓' : '✗'}`);
  out.push('');
  return out.join('\n');
}

/**
 * Everything a runner writes: the JSON document (raw cells with their ratios, the rows,
 * the checklist, both correctness checks) and the markdown text.
 */
export function buildReport({ title, runtime, versions, raw, golden, streamBatch }) {
  const rows = summarize(raw.cells);
  const targetList = targets(rows);
  const json = { title, runtime, versions, date: new Date().toISOString(), ...raw, rows, targets: targetList, golden, streamEqualsBatch: streamBatch };
  return { json, text: markdown({ title, runtime, versions, raw, cells: raw.cells, rows, targetList, golden, streamBatch }) };
}
