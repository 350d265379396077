// Every path the docs name must exist: a README or doc that cites a moved or deleted file misleads the
// next integrator. Checks README.md, SECURITY.md and docs/*.md: the targets of Markdown links that are not
// URLs or anchors, and every `code span` that starts with one of the repository's top-level folders
// (crates/, src/, scripts/, …), ignoring those that are patterns (`<id>`, `*`, `…`). Prints each missing path
// with its file and line, and exits 1 if there is one.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const ROOTS = ['crates/', 'src/', 'scripts/', 'embed/', 'public/', 'tests/', 'docs/', 'examples/', 'style/', 'bench/', '.ci/'];
const files = ['README.md', 'SECURITY.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const missing = [];
let checked = 0;
for (const file of files) {
  if (!existsSync(file)) continue;
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    for (const [, target] of line.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:|^#/.test(target)) continue;
      const path = normalize(join(dirname(file), target.split('#')[0]));
      checked++;
      if (!existsSync(path)) missing.push(`${where}: link to ${target} (${path}) does not exist`);
    }
    for (const [, span] of line.matchAll(/`([^`\s]+)`/g)) {
      if (!ROOTS.some((r) => span.startsWith(r)) || /[<>*…{}$|]/.test(span)) continue;
      const path = span.replace(/[.,:;)]+$/, '').split(/[#:]/)[0];
      checked++;
      if (!existsSync(path)) missing.push(`${where}: \`${span}\` does not exist`);
    }
  });
}
for (const m of missing) console.log(m);
console.log(`doc links: ${checked} paths in ${files.length} files, ${missing.length} missing`);
process.exit(missing.length ? 1 : 0);
