// Gives the wasm's imported functions short names (`$0`, `$1`, …) in the wasm and in the wasm-bindgen glue
// that supplies them. Trunk runs it as the last post_build hook (Trunk.toml), release builds only, after the
// glue is minified; by hand: `node scripts/wasm-short-imports.mjs dist`.
//
// Why: wasm-bindgen names every import after the JS it binds plus a 16-hex-digit hash
// (`__wbg_querySelectorAll_6c1bd81d448fb480`), and each name is stored twice: in the wasm's import section
// and as a property of the glue's import object. The hashes are random digits that brotli cannot shrink,
// so 217 imports cost some kilobytes of the whole widget for names nobody reads (this script prints what it
// saved). The rename is safe only if every old name stands exactly once in the glue (as that property):
// otherwise the build fails here, loudly, instead of shipping a glue that does not match its wasm.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('usage: node scripts/wasm-short-imports.mjs DIR (or run as a trunk hook)');
const profile = process.env.TRUNK_PROFILE;
if (profile && profile !== 'release') {
  console.log(`wasm-short-imports: ${profile} build, names left as built`);
  process.exit(0);
}
const wasmFile = join(dir, 'severity-triage-app_bg.wasm');
const glueFile = join(dir, 'severity-triage-app.js');
const wasm = readFileSync(wasmFile);
const glue = readFileSync(glueFile, 'utf8');

// --- the wasm binary: sections are (id, size, payload); only the import section (id 2) is rewritten ---
function readU32(buf, at) {
  let n = 0;
  let shift = 0;
  for (;;) {
    const b = buf[at++];
    n |= (b & 0x7f) << shift;
    if (!(b & 0x80)) return [n >>> 0, at];
    shift += 7;
  }
}
function u32(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return Buffer.from(out);
}
function name(s) {
  const bytes = Buffer.from(s, 'utf8');
  return Buffer.concat([u32(bytes.length), bytes]);
}
/// The end of a limits field (tables, memories): a flag byte, a minimum and maybe a maximum.
function skipLimits(buf, at) {
  const flags = buf[at++];
  [, at] = readU32(buf, at);
  if (flags & 1) [, at] = readU32(buf, at);
  return at;
}

/// `$0`, `$1`, … `$z`, `$10`, …: valid JS identifiers, skipping any that already stands in the glue.
const token = (n) => new RegExp(`(?<![A-Za-z0-9_$])${n.replace(/\$/g, '\\$')}(?![A-Za-z0-9_$])`, 'g');
let counter = 0;
function nextName() {
  for (;;) {
    const n = `$${(counter++).toString(36)}`;
    if (!token(n).test(glue)) return n;
  }
}

if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error(`wasm-short-imports: ${wasmFile} is not a wasm module`);
let at = 8;
const parts = [wasm.subarray(0, 8)];
const renamed = new Map();
while (at < wasm.length) {
  const id = wasm[at];
  const [size, payload] = readU32(wasm, at + 1);
  const end = payload + size;
  if (id !== 2) {
    parts.push(wasm.subarray(at, end));
    at = end;
    continue;
  }
  let p = payload;
  let count;
  [count, p] = readU32(wasm, p);
  const entries = [u32(count)];
  for (let i = 0; i < count; i++) {
    let len;
    [len, p] = readU32(wasm, p);
    const module = wasm.toString('utf8', p, p + len);
    p += len;
    [len, p] = readU32(wasm, p);
    const field = wasm.toString('utf8', p, p + len);
    p += len;
    const kind = wasm[p];
    const descStart = p;
    p += 1;
    if (kind === 0) [, p] = readU32(wasm, p); // function: type index
    else if (kind === 1) p = skipLimits(wasm, p + 1); // table: element type, limits
    else if (kind === 2) p = skipLimits(wasm, p); // memory: limits
    else if (kind === 3) p += 2; // global: value type, mutability
    else if (kind === 4) [, p] = readU32(wasm, p + 1); // tag: attribute, type index
    else throw new Error(`wasm-short-imports: unknown import kind ${kind} for ${module}.${field}`);
    let short = field;
    if (kind === 0) {
      if (renamed.has(field)) throw new Error(`wasm-short-imports: ${field} is imported twice`);
      short = nextName();
      renamed.set(field, short);
    }
    entries.push(name(module), name(short), wasm.subarray(descStart, p));
  }
  if (p !== end) throw new Error('wasm-short-imports: the import section did not parse to its end');
  const body = Buffer.concat(entries);
  parts.push(Buffer.from([2]), u32(body.length), body);
  at = end;
}

// --- the glue: each old name stands once, as the property of the import object that supplies it ---
let out = glue;
for (const [old, short] of renamed) {
  const pattern = token(old);
  const found = glue.match(pattern)?.length ?? 0;
  if (found !== 1) {
    throw new Error(`wasm-short-imports: ${old} stands ${found} times in the glue, not once; not renaming`);
  }
  // A function as the replacement: `$` sequences in a replacement string are special.
  out = out.replace(pattern, () => short);
}

const newWasm = Buffer.concat(parts);
// The rewritten module must still compile and ask for exactly the renamed imports.
const imports = WebAssembly.Module.imports(new WebAssembly.Module(newWasm));
if (imports.length !== renamed.size || imports.some((i) => ![...renamed.values()].includes(i.name))) {
  throw new Error('wasm-short-imports: the rewritten module does not import what the glue now supplies');
}
const br = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const before = br(wasm) + br(Buffer.from(glue));
writeFileSync(wasmFile, newWasm);
writeFileSync(glueFile, out);
const after = br(newWasm) + br(Buffer.from(out));
console.log(
  `wasm-short-imports: ${renamed.size} imports renamed; wasm + glue ${before} -> ${after} bytes brotli (${after - before})`,
);
