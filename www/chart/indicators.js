// Turns indicator specs into chart series with the sigil-ta package: the values come
// from the wasm `compute`, and the pane placement from the registry's `overlay` flag,
// so an indicator added to the Rust registry shows up here without chart changes.

// Presentation-only extras for indicators with a fixed scale. Anything not listed
// is auto-scaled in its pane (or on the price scale if it is an overlay).
const PANE_HINTS = {
  rsi: { range: [0, 100], guides: [30, 70], ticks: [0, 30, 50, 70, 100] },
};

/** Splits "ema:20, rsi:14" into ["ema:20", "rsi:14"]. */
export function splitSpecs(list) {
  return String(list)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * @param {object} sigil  the imported sigil-ta module, after `init()`
 * @param {string[]} specs  e.g. ["ema:20", "rsi:14"]
 * @param {Array|object} candles  as accepted by `compute`
 * @param {{mode?: 'talib'|'tradingview'}} [options]  passed on to `compute`
 * @returns {Array<{id, name, label, title, overlay, outputs, range?, guides?, ticks?}>}
 */
export function computeIndicators(sigil, specs, candles, options) {
  const registry = new Map(sigil.indicators().map((def) => [def.name.toLowerCase(), def]));
  return specs.map((spec) => {
    // One compute call per spec, so every output column belongs to exactly one
    // indicator (multi-output indicators keep their outputs together). `compute`
    // also validates the spec and throws a readable error on a bad one.
    const columns = sigil.compute(spec, candles, options);
    // The canonical spec writes every parameter out (`rsi` -> `rsi:14`) for the label.
    const canonical = sigil.canonicalSpec ? sigil.canonicalSpec(spec, options) : spec;
    const [rawName, ...args] = canonical.split(':').map((s) => s.trim());
    const name = rawName.toLowerCase();
    const def = registry.get(name);
    if (!def) throw new Error(`"${spec}": no registry entry for "${name}"`);
    const shown = args.length ? args : def.params.map((p) => String(p.default));
    return {
      id: spec,
      name,
      title: def.title,
      label: [name.toUpperCase(), ...shown].join(' '),
      overlay: Boolean(def.overlay),
      outputs: Object.entries(columns).map(([key, values]) => ({ name: key, values })),
      ...PANE_HINTS[name],
    };
  });
}
