// Minifies the widget's stylesheets with esbuild (comments and whitespace out, nothing lowered: no target) and
// prints each file's size. widget.css is part of "whole widget" in the size check, and its comments, which
// explain the theming hooks to whoever reads style/widget.css, were a third of what a page downloaded of it.
// A step of the release build hook (scripts/post-build.mjs); debug builds keep the file readable. By hand:
// `node scripts/minify-css.mjs dist`.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { transformSync } from 'esbuild';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('usage: node scripts/minify-css.mjs DIR (or run as a trunk hook)');
const profile = process.env.TRUNK_PROFILE;
if (profile && profile !== 'release') {
  console.log(`minify-css: ${profile} build, CSS left readable`);
  process.exit(0);
}
for (const name of ['widget.css', 'frame.css']) {
  const file = join(dir, name);
  if (!existsSync(file)) throw new Error(`minify-css: ${file} is missing (index.html copies it)`);
  const source = readFileSync(file, 'utf8');
  const { code } = transformSync(source, { loader: 'css', minify: true, legalComments: 'none' });
  writeFileSync(file, code);
  const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`minify-css: ${name}: ${Buffer.byteLength(source)} -> ${Buffer.byteLength(code)} bytes raw, ${brotli} brotli`);
}
