// Gives the wasm's exported functions consecutive function indices (they are moved after all the others),
// then runs wasm-opt -Oz again. Trunk runs it as a post_build hook (Trunk.toml) on the staging directory,
// release builds only; by hand: `node scripts/wasm-exports-together.mjs dist`.
//
// Why: the JS API names every exported function after its function index (`f.name === "3371"`), and
// Chromium makes those names when the module is instantiated, through V8's number-to-string cache. That
// cache starts with 128 entries, keyed by the number modulo 128, and the first time two different numbers
// meet in one entry V8 replaces it with its full-size table: 64 KiB of JS heap for as long as the page
// lives. The widget's 34 exports at scattered indices always collided, so every page that loaded the wasm
// paid 64 KiB (bench (e): JS heap 1,264 -> 1,201 KiB with the dialog open). Consecutive indices never meet
// modulo 128, and the plain-form floor page never fills the cache either. This script fails the build if
// the exports do not end up distinct modulo 128.
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import binaryen from 'binaryen';

/// V8's initial number-to-string cache size, in entries (see above).
const CACHE_ENTRIES = 128;
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WASM_OPT = join(ROOT, 'node_modules', '.bin', 'wasm-opt');

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('usage: node scripts/wasm-exports-together.mjs DIR (or run as a trunk hook)');
const profile = process.env.TRUNK_PROFILE;
if (profile && profile !== 'release') {
  console.log(`wasm-exports-together: ${profile} build, wasm left as built`);
  process.exit(0);
}
const file = join(dir, 'severity-triage-app_bg.wasm');
const before = readFileSync(file);

const mod = binaryen.readBinary(before);
const moved = new Set();
for (let i = 0; i < mod.getNumExports(); i++) {
  const e = binaryen.getExportInfo(mod.getExportByIndex(i));
  if (e.kind !== binaryen.ExternalFunction || moved.has(e.value)) continue;
  const f = binaryen.getFunctionInfo(mod.getFunction(e.value));
  if (f.module) continue; // an import re-exported keeps its import index
  // A function added last gets the last index: remove it and add it again with the same body (binaryen's
  // expressions belong to the module, not the function).
  mod.removeFunction(e.value);
  mod.addFunction(e.value, f.params, f.results, f.vars, f.body);
  moved.add(e.value);
}
if (!mod.validate()) throw new Error('wasm-exports-together: the reordered module does not validate');
const tmp = `${file}.reordered`;
writeFileSync(tmp, mod.emitBinary());
mod.dispose();
// Reading and writing drops wasm-opt's last encoding step (Stack IR); a second -Oz restores it (and the
// order: -Oz does not reorder functions).
execFileSync(WASM_OPT, ['-Oz', tmp, '-o', file], { stdio: 'inherit' });
rmSync(tmp);

const indices = exportedFunctionIndices(readFileSync(file));
const buckets = new Set(indices.map((i) => i % CACHE_ENTRIES));
if (buckets.size !== new Set(indices).size) {
  throw new Error(`wasm-exports-together: exported functions at indices ${indices.join(', ')} meet modulo ${CACHE_ENTRIES}`);
}
const brotli = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const after = readFileSync(file);
console.log(
  `wasm-exports-together: ${new Set(indices).size} exported functions at indices ${Math.min(...indices)}–${Math.max(...indices)}; ` +
    `${before.length} -> ${after.length} bytes raw, ${brotli(before)} -> ${brotli(after)} brotli`,
);

/// The function index of every function export, read from the binary's export section.
function exportedFunctionIndices(bytes) {
  let i = 8;
  const leb = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[i++];
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) return result;
    }
  };
  while (i < bytes.length) {
    const id = bytes[i++];
    const size = leb();
    const end = i + size;
    if (id === 7) {
      const out = [];
      for (let n = leb(); n > 0; n--) {
        const nameLength = leb();
        i += nameLength;
        const kind = bytes[i++];
        const index = leb();
        if (kind === 0) out.push(index);
      }
      return out;
    }
    i = end;
  }
  return [];
}
