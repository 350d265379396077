// Minifies the build's hand-written and generated JS with esbuild and prints each file's size: the loader
// (severity-triage.js, all a page fetches before the launcher is drawn) and the wasm-bindgen glue
// (severity-triage-app.js, which trunk's own minifier fails to parse). Trunk runs it as a post_build hook
// (Trunk.toml) on the staging directory, release builds only, so `trunk build --release` (scripts/demo.sh,
// scripts/test.sh) ships both minified and debug builds keep them readable. By hand: `node scripts/minify-js.mjs dist`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { transformSync } from 'esbuild';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('usage: node scripts/minify-js.mjs DIR (or run as a trunk hook)');
const profile = process.env.TRUNK_PROFILE;
if (profile && profile !== 'release') {
  console.log(`minify-js: ${profile} build, JS left readable`);
  process.exit(0);
}
for (const name of ['severity-triage.js', 'severity-triage-app.js']) {
  const file = join(dir, name);
  const source = readFileSync(file, 'utf8');
  const { code } = transformSync(source, { minify: true, format: 'esm', target: 'es2022', legalComments: 'none' });
  writeFileSync(file, code);
  const gzip = gzipSync(code, { level: 9 }).length;
  const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`minify-js: ${name}: ${Buffer.byteLength(source)} -> ${Buffer.byteLength(code)} bytes raw, ${gzip} gzip, ${brotli} brotli`);
}
