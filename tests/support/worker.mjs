// Starts the built edge worker (worker/build, see scripts/build-worker.sh) under
// `wrangler dev` on 127.0.0.1 and stops it again. Shared by the worker e2e tests, the
// browser test and `make demo`; Node built-ins only.
//
//   const { url, stop } = await startWorker();          // free port
//   const { url, stop } = await startWorker({ port: 8787 });
//   await fetch(`${url}/v1/health`); await stop();

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const wrangler = join(root, 'node_modules', '.bin', 'wrangler');
const config = join(root, 'worker', 'wrangler.toml');
const entry = join(root, 'worker', 'build', 'index.js');

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 5_000;
const OUTPUT_KEEP = 16_384;

/** A port that was free a moment ago (the OS picks it; a small race is accepted). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * @param {{ port?: number, timeoutMs?: number }} [options]
 * @returns {Promise<{ url: string, port: number, stop: () => Promise<void>, output: () => string }>}
 */
export async function startWorker({ port, timeoutMs = READY_TIMEOUT_MS } = {}) {
  if (!existsSync(wrangler)) throw new Error(`${wrangler} is missing: run scripts/install-tools.sh`);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build the worker with scripts/build-worker.sh`);
  port ??= await freePort();
  const inspectorPort = await freePort();
  const url = `http://${HOST}:${port}`;

  const args = [
    'dev',
    '--config', config,
    '--ip', HOST,
    '--port', String(port),
    '--inspector-port', String(inspectorPort),
    '--local',
    '--show-interactive-dev-session=false',
    '--live-reload=false',
    '--log-level', 'info',
  ];
  // Its own process group (setsid semantics) so stop() can signal wrangler and the
  // workerd processes it spawns together, and nothing outlives the caller.
  const child = spawn(wrangler, args, {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: 'false',
      CI: 'true',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    },
  });

  let log = '';
  // wrangler colours its errors even without a TTY; strip that for readable test failures.
  const keep = (chunk) => {
    log = (log + chunk.toString().replace(/\x1b\[[0-9;]*m/g, '')).slice(-OUTPUT_KEEP);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  let exited = null;
  const exit = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
    child.once('error', (error) => {
      exited = { error };
      resolve();
    });
  });

  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  // A crashing or interrupted caller must not leave wrangler/workerd behind.
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);

  let stopped = false;
  async function stop() {
    if (stopped) return exit;
    stopped = true;
    process.removeListener('exit', onExit);
    // wrangler exits on SIGTERM without killing workerd in every version, so the
    // whole group is signalled and then, after a grace period, killed outright.
    killGroup('SIGTERM');
    const timer = setTimeout(() => killGroup('SIGKILL'), STOP_GRACE_MS);
    await exit;
    clearTimeout(timer);
    // The group leader may exit before its children; make sure none survive.
    killGroup('SIGKILL');
  }

  const deadline = Date.now() + timeoutMs;
  while (true) {
    if (exited) {
      await stop();
      throw new Error(`wrangler dev exited before the worker answered (${JSON.stringify(exited)}):\n${log}`);
    }
    try {
      const res = await fetch(`${url}/v1/health`, { signal: AbortSignal.timeout(2_000) });
      const body = await res.text();
      if (res.ok && JSON.parse(body).ok === true) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`worker did not answer ${url}/v1/health within ${timeoutMs / 1000} s; wrangler output:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  return { url, port, stop, output: () => log };
}
