#!/usr/bin/env node
// Builds the npm package(s) described in wasm-pack.toml. wasm-pack does not read that
// file; this script does, and drives cargo, wasm-bindgen and wasm-opt with its settings.
//   node scripts/build-npm.mjs [profile]     (default: release; env PROFILE also works)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parse } from 'smol-toml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const config = parse(fs.readFileSync(path.join(root, 'wasm-pack.toml'), 'utf8'));
const profileName = process.argv[2] || process.env.PROFILE || 'release';
const profile = config.profile?.[profileName];
if (!profile) {
  console.error(`wasm-pack.toml has no [profile.${profileName}]; known: ${Object.keys(config.profile ?? {}).join(', ')}`);
  process.exit(2);
}

function run(cmd, args, opts = {}) {
  console.error(`$ ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
}

function tool(name, fallbacks) {
  for (const candidate of fallbacks) {
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
  console.error(`build-npm: ${name} not found; run scripts/install-tools.sh`);
  process.exit(1);
}

const home = process.env.HOME ?? '';
const wasmBindgen = tool('wasm-bindgen', [process.env.WASM_BINDGEN_BIN, path.join(home, '.cargo/bin/wasm-bindgen')]);

for (const [pkgName, pkg] of Object.entries(config.package)) {
  const cargoToml = parse(fs.readFileSync(path.join(root, pkg.crate, 'Cargo.toml'), 'utf8'));
  const crateName = cargoToml.package.name.replaceAll('-', '_');
  const cargoProfile = profile['cargo-profile'];
  // `cargo-args` (per package, e.g. --no-default-features for the slim build).
  run('cargo', ['build', '-p', cargoToml.package.name, '--target', 'wasm32-unknown-unknown', '--profile', cargoProfile, ...(pkg['cargo-args'] ?? [])]);
  const profileDir = cargoProfile === 'dev' ? 'debug' : cargoProfile;
  const built = path.join(root, 'target/wasm32-unknown-unknown', profileDir, `${crateName}.wasm`);

  const outDir = path.join(root, pkg['out-dir']);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const bindgenArgs = [built, '--out-dir', outDir, '--out-name', pkg['out-name'], '--target', profile.target, '--no-typescript'];
  if (profile.debug) bindgenArgs.push('--debug', '--keep-debug');
  run(wasmBindgen, bindgenArgs);

  const wasmFile = path.join(outDir, `${pkg['out-name']}_bg.wasm`);
  if (profile['wasm-opt']) {
    const wasmOpt = tool('wasm-opt', [process.env.WASM_OPT_BIN, path.join(root, 'node_modules/.bin/wasm-opt')]);
    run(wasmOpt, [...profile['wasm-opt'], wasmFile, '-o', wasmFile]);
  }

  // The hand-written entry points, typings and package.json (version from Cargo).
  const jsDir = path.join(root, pkg['js-dir']);
  for (const file of fs.readdirSync(jsDir)) {
    if (file === 'package.json') continue;
    if (pkg.readme && file === 'README.md') continue;
    fs.copyFileSync(path.join(jsDir, file), path.join(outDir, file));
  }
  // Per-package replacements (the slim package's stand-ins for what it leaves out).
  const overrideFiles = pkg['js-overrides'] ? fs.readdirSync(path.join(root, pkg['js-overrides'])) : [];
  for (const file of overrideFiles) fs.copyFileSync(path.join(root, pkg['js-overrides'], file), path.join(outDir, file));
  const manifest = JSON.parse(fs.readFileSync(path.join(jsDir, 'package.json'), 'utf8'));
  const workspace = parse(fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8'));
  manifest.name = pkgName;
  manifest.version = workspace.workspace.package.version;
  manifest.license = workspace.workspace.package.license;
  if (pkg.description) manifest.description = pkg.description;
  for (const file of overrideFiles) if (!manifest.files.includes(file)) manifest.files.push(file);
  fs.writeFileSync(path.join(outDir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  fs.copyFileSync(path.join(root, 'LICENSE'), path.join(outDir, 'LICENSE'));
  if (pkg.readme) fs.copyFileSync(path.join(root, pkg.readme), path.join(outDir, 'README.md'));

  // Per-indicator functions and their TSDoc, from the metadata the built module reports.
  if (pkg.codegen) {
    const glue = await import(pathToFileURL(path.join(outDir, `${pkg['out-name']}.js`)).href);
    glue.initSync({ module: fs.readFileSync(wasmFile) });
    const metadata = JSON.parse(glue.indicators_json());
    const { generate } = await import(pathToFileURL(path.join(root, pkg.codegen)).href);
    const { js, dts, renamed } = generate(metadata);
    fs.writeFileSync(path.join(outDir, 'indicators.js'), js);
    fs.writeFileSync(path.join(outDir, 'indicators.d.ts'), dts);
    console.error(`generated ${metadata.length} indicator functions${renamed.length ? ` (renamed: ${renamed.join(', ')})` : ''}`);
  }

  // Whitespace and syntax minification of the shipped JS (names kept, so stack traces
  // stay readable; the sources and their comments live in the repository and the
  // typings): the comments alone are a third of the JS a page downloads.
  if (profile['minify-js']) {
    const esbuild = tool('esbuild', [process.env.ESBUILD_BIN, path.join(root, 'node_modules/.bin/esbuild')]);
    for (const file of fs.readdirSync(outDir).filter((f) => f.endsWith('.js'))) {
      const source = path.join(outDir, file);
      const minified = execFileSync(esbuild, [source, '--minify-whitespace', '--minify-syntax', '--legal-comments=none', '--format=esm', '--log-level=error'], { cwd: root });
      // A file of short generated functions can come out larger; keep whichever is smaller.
      if (gzipSync(minified, { level: 9 }).length < gzipSync(fs.readFileSync(source), { level: 9 }).length) fs.writeFileSync(source, minified);
    }
  }

  // Sizes of what a page downloads: raw and gzip (level 9) of the wasm and each JS file.
  const sizes = {};
  for (const file of fs.readdirSync(outDir).sort()) {
    if (!/\.(wasm|js)$/.test(file)) continue;
    const bytes = fs.readFileSync(path.join(outDir, file));
    sizes[file] = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  }
  const total = (kind) => Object.values(sizes).reduce((sum, s) => sum + s[kind], 0);
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  const report = [`${pkgName} ${manifest.version} (${profileName})`, ...Object.entries(sizes).map(([f, s]) => `  ${f.padEnd(24)} ${kib(s.raw).padStart(10)} raw ${kib(s.gzip).padStart(10)} gzip`), `  ${'total'.padEnd(24)} ${kib(total('raw')).padStart(10)} raw ${kib(total('gzip')).padStart(10)} gzip`];
  // Outside the package folder, which must hold exactly the published files.
  const sizeFile = path.join(root, 'target', `${pkgName}.size.json`);
  fs.mkdirSync(path.dirname(sizeFile), { recursive: true });
  fs.writeFileSync(sizeFile, JSON.stringify({ package: pkgName, version: manifest.version, profile: profileName, files: sizes }, null, 2) + '\n');
  console.error(report.join('\n'));
  console.error(`built ${pkgName} (${profileName}) in ${path.relative(root, outDir)}; sizes in ${path.relative(root, sizeFile)}`);
}
