// Trunk's one post_build hook (Trunk.toml): the release build's steps on the staging directory, one after
// the other. Trunk starts all hooks of a stage at once, and the first and the last step both rewrite the
// wasm-bindgen glue, so they cannot be separate hooks. Each step is its own script (its header says why it exists) and
// can be run by hand on `dist/`; each leaves debug builds alone.
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('usage: node scripts/post-build.mjs DIR (or run as a trunk hook)');
for (const step of ['minify.mjs', 'wasm-exports-together.mjs', 'wasm-short-imports.mjs']) {
  execFileSync(process.execPath, [join(here, step), dir], { stdio: 'inherit' });
}
