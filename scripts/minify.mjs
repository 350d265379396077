// Minifies the release build's JS and CSS with esbuild and prints each file's size:
//   - the loader (severity-triage.js, all a page fetches before the launcher is drawn) and the wasm-bindgen
//     glue (severity-triage-app.js, which trunk's own minifier fails to parse);
//   - widget.css (part of "whole widget" in the size check; its comments, which explain the theming hooks to
//     whoever reads style/widget.css, were a third of what a page downloaded of it) and frame.css.
// CSS is only stripped of comments and whitespace (no target: nothing is lowered). The first step of the
// build hook (scripts/post-build.mjs), release builds only: `trunk build --release` (scripts/demo.sh,
// scripts/test.sh) ships these minified, debug builds keep them readable. By hand: `node scripts/minify.mjs dist`.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { transformSync } from 'esbuild';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('usage: node scripts/minify.mjs DIR (or run as a trunk hook)');
const profile = process.env.TRUNK_PROFILE;
if (profile && profile !== 'release') {
  console.log(`minify: ${profile} build, JS and CSS left readable`);
  process.exit(0);
}
const files = [
  ['severity-triage.js', { minify: true, format: 'esm', target: 'es2022', legalComments: 'none' }],
  ['severity-triage-app.js', { minify: true, format: 'esm', target: 'es2022', legalComments: 'none' }],
  ['widget.css', { loader: 'css', minify: true, legalComments: 'none' }],
  ['frame.css', { loader: 'css', minify: true, legalComments: 'none' }],
];
for (const [name, options] of files) {
  const file = join(dir, name);
  if (!existsSync(file)) throw new Error(`minify: ${file} is missing (index.html builds or copies it)`);
  const source = readFileSync(file, 'utf8');
  const { code } = transformSync(source, options);
  writeFileSync(file, code);
  const gzip = gzipSync(code, { level: 9 }).length;
  const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`minify: ${name}: ${Buffer.byteLength(source)} -> ${Buffer.byteLength(code)} bytes raw, ${gzip} gzip, ${brotli} brotli`);
}
