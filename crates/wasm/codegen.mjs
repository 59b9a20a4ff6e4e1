// Generates the per-indicator functions of sigil-ta (indicators.js) and their typings
// with TSDoc (indicators.d.ts) from the registry metadata the built wasm reports, so an
// indicator added to crates/core appears as `name(input, params)` with no JS edits.
// Called by scripts/build-npm.mjs after wasm-bindgen.

// Names that cannot be (or should not shadow) an export; such an indicator gets a `_` suffix.
const RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with yield let static await implements package ' +
    'protected interface private public arguments eval init initSync compute list describe indicators columnNames canonicalSpec ' +
    'toColumns Indicator Pipeline Dataset SigilError callIndicator').split(' '),
);

export const exportName = (name) => (RESERVED.has(name) || !/^[A-Za-z_$][\w$]*$/.test(name) ? `${name.replace(/\W/g, '_')}_` : name);
const typeName = (name) => name.replace(/(^|_)([a-z0-9])/g, (_, __, c) => c.toUpperCase()) + 'Params';
const key = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));
const docText = (s) => String(s).replace(/\*\//g, '*\u200b/');

function range(p) {
  switch (p.type) {
    case 'integer':
      return `integer in ${p.min}..=${p.max}`;
    case 'real':
      return `number in ${p.min}..=${p.max}`;
    case 'matype':
      return `moving-average type: ${p.values.join(', ')} (or its TA-Lib code)`;
    case 'choice':
      return `one of ${p.values.join(', ')} (or its index)`;
    default:
      return p.type;
  }
}

function paramType(p) {
  if (p.type === 'matype') return 'MaType | number';
  if (p.type === 'choice') return `${p.values.map((v) => JSON.stringify(v)).join(' | ')} | number`;
  return 'number';
}

function declaration(meta) {
  const fn = exportName(meta.name);
  const tvDefaults = new Map((meta.tradingview?.params ?? []).map((p) => [p.name, p.default]));
  const paramDocs = meta.params.map((p) => {
    const tv = tvDefaults.has(p.name) && tvDefaults.get(p.name) !== p.default ? `; TradingView mode: ${tvDefaults.get(p.name)}` : '';
    const kind = range(p);
    return { p, text: `${docText(p.description)}. ${kind[0].toUpperCase()}${kind.slice(1)}, default ${p.default}${tv}.` };
  });
  const iface = typeName(meta.name);
  const lines = [];
  lines.push(`/** Parameters of {@link ${fn}}; every one optional (TA-Lib's default). */`);
  lines.push(`export interface ${iface} extends Options {`);
  for (const { p, text } of paramDocs) {
    lines.push(`  /** ${text} */`);
    lines.push(`  ${key(p.name)}?: ${paramType(p)};`);
  }
  if (meta.params.some((p) => p.name === 'timeperiod')) {
    lines.push('  /** Alias of `timeperiod`. */');
    lines.push('  period?: number;');
  }
  lines.push('}');
  lines.push('');

  const single = meta.outputs.length === 1;
  const returns = single ? 'Float64Array' : `{ ${meta.outputs.map((o) => `${key(o)}: Float64Array`).join('; ')} }`;
  const input = meta.inputs.length === 1 ? 'ArrayLike<number> | OhlcvCandles' : 'OhlcvCandles';
  const doc = [];
  doc.push(`${meta.title} (${meta.name.toUpperCase()}, ${meta.group}).`);
  doc.push('');
  doc.push(`Reads ${meta.inputs.join(', ')}. ${meta.overlay ? 'Drawn over the price.' : 'Drawn in its own pane.'} Lookback at the defaults: ${meta.lookback} bar${meta.lookback === 1 ? '' : 's'} (NaN).`);
  if (meta.tradingview) doc.push(`TradingView mode (\`{ mode: 'tradingview' }\`): ${docText(meta.tradingview.note)}`);
  doc.push('');
  doc.push(
    meta.inputs.length === 1
      ? `@param input The ${meta.inputs[0]} series (number[] or a typed array), or candles (ccxt rows, candle objects, columns).`
      : `@param input Candles with ${meta.inputs.join(', ')}: ccxt rows, candle objects or columns.`,
  );
  const paramSummary = paramDocs.map(({ p }) => `\`${p.name}\` (default ${p.default})`).join(', ');
  doc.push(`@param params ${paramSummary || 'none'}; plus \`mode\`.`);
  doc.push(
    single
      ? `@returns One value per bar (a copy, yours to keep): output \`${meta.outputs[0]}\`.`
      : `@returns One Float64Array per output, one value per bar: ${meta.outputs.map((o) => `\`${o}\``).join(', ')}.`,
  );
  doc.push("@throws {SigilError} INVALID_PARAMETER (unknown name, out of range), BAD_INPUT (missing column, a value that is not a number), UNKNOWN_MODE.");
  const example = meta.params[0] ? `{ ${meta.params[0].name}: ${JSON.stringify(meta.params[0].default)} }` : '';
  doc.push(`@example ${fn}(${meta.inputs.length === 1 ? meta.inputs[0] : 'candles'}${example ? `, ${example}` : ''})`);
  lines.push('/**');
  for (const line of doc) lines.push(line ? ` * ${line}` : ' *');
  lines.push(' */');
  lines.push(`export function ${fn}(input: ${input}, params?: ${iface}): ${returns};`);
  lines.push('');
  return lines.join('\n');
}

/** { js, dts, renamed } for the registry `metadata` (the parsed indicators_json()). */
export function generate(metadata) {
  const renamed = [];
  const js = ['// Generated by crates/wasm/codegen.mjs from the registry metadata: one function per indicator.', "import { callIndicator } from './api.js';", ''];
  const dts = [
    '// Generated by crates/wasm/codegen.mjs from the registry metadata: one function per indicator.',
    "import type { Options, OhlcvCandles, MaType } from './index.js';",
    '',
  ];
  for (const meta of metadata) {
    const fn = exportName(meta.name);
    if (fn !== meta.name) renamed.push(`${meta.name} -> ${fn}`);
    js.push(`export const ${fn} = (input, params) => callIndicator(${JSON.stringify(meta.name)}, input, params);`);
    dts.push(declaration(meta));
  }
  return { js: js.join('\n') + '\n', dts: dts.join('\n'), renamed };
}
