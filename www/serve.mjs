// Tiny static server for the demo page (Node built-ins only).
//
//   node www/serve.mjs --port 8080 [--host 127.0.0.1] [--pkg DIR]
//
//   /                 -> www/            (this folder)
//   /pkg/sigil-ta/... -> dist/sigil-ta/  (the npm package built by `make npm`)
//
// `--pkg DIR` (or `pkgDir` in startStatic) serves another build of the package at
// /pkg/sigil-ta/, e.g. one unpacked from a tarball. Everything else is a 404.
//
// Tests import `startStatic({ port, host })` and get `{ url, close }` back.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const WWW_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(WWW_DIR, '..');
const DEFAULT_PKG_DIR = path.join(REPO_ROOT, 'dist', 'sigil-ta');
const PKG_PREFIX = '/pkg/sigil-ta/';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Maps a URL path onto a file below `root`, or null when it would leave `root`. */
function resolveInside(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null; // malformed %-escape
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const file = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

/** The file to send for a request path, following symlinks only within the served root. */
async function lookup(roots, urlPath) {
  let root = roots.www;
  let rest = urlPath;
  if (urlPath.startsWith(PKG_PREFIX)) {
    root = roots.pkg;
    rest = urlPath.slice(PKG_PREFIX.length);
  } else if (urlPath === '/pkg/sigil-ta') {
    return null;
  }
  let file = resolveInside(root, rest);
  if (!file) return null;
  try {
    let stat = await fs.promises.stat(file);
    if (stat.isDirectory()) {
      file = path.join(file, 'index.html');
      stat = await fs.promises.stat(file);
    }
    if (!stat.isFile()) return null;
    const real = await fs.promises.realpath(file);
    const realRoot = await fs.promises.realpath(root);
    if (!real.startsWith(realRoot + path.sep)) return null;
    return { file: real, size: stat.size };
  } catch {
    return null; // missing file or root (e.g. dist/ not built yet)
  }
}

function send(res, status, body, type = 'text/plain; charset=utf-8') {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * Starts the server. Resolves once it is listening.
 * @param {{port?: number, host?: string, pkgDir?: string, log?: boolean}} [options]
 *   port 0 (the default) picks a free port.
 * @returns {Promise<{url: string, port: number, server: http.Server, close: () => Promise<void>}>}
 */
export async function startStatic({ port = 0, host = '127.0.0.1', pkgDir = DEFAULT_PKG_DIR, log = false } = {}) {
  const roots = { www: WWW_DIR, pkg: path.resolve(pkgDir) };

  const server = http.createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('allow', 'GET, HEAD');
        return send(res, 405, 'method not allowed\n');
      }
      const { pathname } = new URL(req.url, 'http://localhost');
      const found = await lookup(roots, pathname);
      if (log) console.log(`${req.method} ${pathname} ${found ? 200 : 404}`);
      if (!found) return send(res, 404, 'not found\n');
      const type = MIME[path.extname(found.file).toLowerCase()] ?? 'application/octet-stream';
      res.writeHead(200, {
        'content-type': type,
        'content-length': found.size,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      if (req.method === 'HEAD') return res.end();
      fs.createReadStream(found.file)
        .on('error', () => res.destroy())
        .pipe(res);
    } catch (err) {
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
      console.error(err);
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const actual = server.address().port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${actual}/`,
    port: actual,
    server,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}

function parseArgs(argv) {
  const opts = { port: 8080, host: '127.0.0.1', pkgDir: DEFAULT_PKG_DIR, log: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--port' || arg === '-p') opts.port = Number(value());
    else if (arg === '--host') opts.host = value();
    else if (arg === '--pkg') opts.pkgDir = value();
    else if (arg === '--log') opts.log = true;
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node www/serve.mjs [--port P] [--host H] [--pkg DIR] [--log]');
      process.exit(0);
    } else throw new Error(`unknown argument: ${arg}`);
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    throw new Error('--port must be an integer between 0 and 65535');
  }
  return opts;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`serve.mjs: ${err.message}`);
    process.exit(2);
  }
  const { url, close } = await startStatic(opts);
  if (!fs.existsSync(path.join(opts.pkgDir, 'index.js'))) {
    console.warn(`warning: ${path.relative(process.cwd(), opts.pkgDir) || '.'}/index.js not found; run \`make npm\` first`);
  }
  console.log(`listening on ${url}`);
  const stop = () => close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
