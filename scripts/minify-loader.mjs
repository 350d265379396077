// Minifies the loader (severity-triage.js, the one file fetched before the launcher is drawn) in a build's
// output and prints its size. Trunk runs it as a post_build hook (Trunk.toml) on the staging directory,
// release builds only, so `trunk build --release` (scripts/demo.sh, scripts/test.sh) ships it minified and
// debug builds keep the readable source from embed/. By hand: `node scripts/minify-loader.mjs dist`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { transformSync } from 'esbuild';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('usage: node scripts/minify-loader.mjs DIR (or run as a trunk hook)');
const profile = process.env.TRUNK_PROFILE;
const file = join(dir, 'severity-triage.js');
if (profile && profile !== 'release') {
  console.log(`minify-loader: ${profile} build, ${file} left readable`);
  process.exit(0);
}
const source = readFileSync(file, 'utf8');
const { code } = transformSync(source, { minify: true, format: 'esm', target: 'es2022', legalComments: 'none' });
writeFileSync(file, code);
const raw = Buffer.byteLength(code);
const gzip = gzipSync(code, { level: 9 }).length;
const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
console.log(`minify-loader: ${file}: ${Buffer.byteLength(source)} -> ${raw} bytes raw, ${gzip} gzip, ${brotli} brotli`);
