// Versions of everything measured, read from the installed packages (Node side only).
import fs from 'node:fs';
import path from 'node:path';
import { PEER_LIBRARIES } from './peers.mjs';

export function versions(root) {
  const read = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  const out = { 'sigil-ta': read(path.join(root, 'dist/sigil-ta')) };
  for (const name of PEER_LIBRARIES) out[name] = read(path.join(root, 'node_modules', name));
  return out;
}
