// Bench options from the environment (Node) or the page's query string (Chromium).

/** `source` maps BENCH_BARS / BENCH_RUNS / BENCH_ONLY to strings. */
export function benchOptions(source, defaultBars) {
  const int = (name, fallback, min) => {
    const raw = source[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, got '${raw}'`);
    return n;
  };
  const runs = int('BENCH_RUNS', 5, 1);
  const only = source.BENCH_ONLY ? String(source.BENCH_ONLY).split(',') : undefined;
  return { bars: int('BENCH_BARS', defaultBars, 100), runs, minRuns: Math.min(3, runs), warmups: 1, budgetMs: 10_000, only };
}

/** What the numbers were measured on; the load average says how busy the machine was. */
export function machine(os) {
  return { platform: `${os.platform()} ${os.arch()}`, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, loadavg: os.loadavg().map((x) => +x.toFixed(2)) };
}
