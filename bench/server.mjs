// The benchmark's one origin on loopback: it serves the three host pages, the release build of the widget
// and the bundled Sentry SDK with the same static handler (so no page is favoured by how its files are
// served), and it is where every submitted form arrives: POST /api/tickets is forwarded to the real
// `triage serve`, POST /api/<project>/envelope/ is a stub that accepts Sentry's envelopes, POST
// /api/plain takes the plain form's JSON. Each POST's arrival (its whole body received) is stamped on a
// high-resolution wall clock (performance.timeOrigin + performance.now()); GET /bench/clock tells the page
// that clock so it can align its own (NTP style). Runs as its own process, so the browser driver's work
// never delays a stamp.
//
//   node bench/server.mjs --dist DIR --upstream http://127.0.0.1:PORT --sentry-bundle FILE
// prints "bench server: listening on http://127.0.0.1:PORT/" once ready.
import { createServer, request } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const HERE = dirname(fileURLToPath(import.meta.url));
const { values: opt } = parseArgs({
  options: {
    dist: { type: 'string' },
    upstream: { type: 'string' },
    'sentry-bundle': { type: 'string' },
    port: { type: 'string', default: '0' },
  },
});

const now = () => performance.timeOrigin + performance.now();
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
};

/// Every POST that arrived: { kind: "triage" | "sentry" | "plain", t (ms, wall clock), path, bytes, status }.
const arrivals = [];
const upstream = new URL(opt.upstream);

function body(req) {
  return new Promise((resolveBody, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolveBody({ buf: Buffer.concat(chunks), t: now() }));
    req.on('error', reject);
  });
}

/// The host pages: one skeleton, the widget under test the only difference.
function page(kind, query) {
  const head = {
    triage: '<script type="module" src="/severity-triage.js"></script>',
    sentry: '<script type="module" src="/bench/sentry-feedback.js"></script>',
    plain: '<script type="module" src="/bench/plain.js"></script>',
  }[kind];
  // load="interaction": nothing fetched before the first hover, focus or click (the cold case); without the
  // attribute the loader's default (load="idle": fetched when the browser is idle) applies.
  const load = query.get('load');
  const widget =
    kind === 'triage'
      ? `<severity-triage policy="/policies/wati.compiled.json" mode="launcher"${load ? ` load="${load === 'interaction' ? 'interaction' : 'idle'}"` : ''}></severity-triage>`
      : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>bench: ${kind}</title>${head}</head>
<body><main><h1>Acme dashboard</h1><p>A host page with a help button in the corner.</p></main>
${widget}</body></html>`;
}

async function serveFile(res, file) {
  try {
    const data = await readFile(file);
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': data.length,
      'Cache-Control': 'no-cache',
    });
    res.end(data);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  }
}

/// A path under `root`, or null when it would leave it.
function under(root, path) {
  const full = normalize(join(root, decodeURIComponent(path)));
  return full.startsWith(resolve(root)) ? full : null;
}

/// A new connection per POST (after the arrival stamp, so it costs the figures nothing): `triage serve` closes
/// idle keep-alive connections, and a reused one it just closed would fail the request.
function forward(req, res, buf) {
  const up = request(
    { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host, connection: 'close' }, agent: false },
    (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    },
  );
  up.on('error', (e) => res.writeHead(502, { 'Content-Type': 'text/plain' }).end(String(e)));
  up.end(buf);
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const path = url.pathname;
  if (req.method === 'POST') {
    const { buf, t } = await body(req);
    if (path === '/api/tickets') {
      arrivals.push({ kind: 'triage', t, path, bytes: buf.length });
      return forward(req, res, buf);
    }
    const sentry = path.match(/^\/api\/(\d+)\/envelope\/$/);
    if (sentry) {
      // Sentry also sends a session envelope at start; only the one with the feedback counts.
      const text = buf.toString('utf8');
      const items = text.split('\n').flatMap((l) => {
        try {
          const o = JSON.parse(l);
          return o && typeof o.type === 'string' ? [o.type] : [];
        } catch {
          return [];
        }
      });
      arrivals.push({ kind: items.includes('feedback') ? 'sentry' : `sentry:${items.join('+')}`, t, path, bytes: buf.length });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' });
      return res.end(JSON.stringify({ id: 'bench' }));
    }
    if (path === '/api/plain') {
      arrivals.push({ kind: 'plain', t, path, bytes: buf.length });
      res.writeHead(201, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ reference: `PLAIN-${arrivals.length}` }));
    }
    res.writeHead(404).end();
    return;
  }
  if (path === '/bench/clock') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    return res.end(JSON.stringify({ t: now() }));
  }
  if (path === '/bench/arrivals') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    return res.end(JSON.stringify(arrivals));
  }
  const pageMatch = path.match(/^\/bench\/(triage|sentry|plain)\.html$/);
  if (pageMatch) {
    const html = page(pageMatch[1], url.searchParams);
    res.writeHead(200, { 'Content-Type': TYPES['.html'], 'Content-Length': Buffer.byteLength(html), 'Cache-Control': 'no-cache' });
    return res.end(html);
  }
  if (path === '/bench/sentry-feedback.js') return serveFile(res, opt['sentry-bundle']);
  if (path === '/bench/plain.js') return serveFile(res, join(HERE, 'pages', 'plain.js'));
  const file = under(opt.dist, path);
  if (!file) return res.writeHead(403).end();
  return serveFile(res, file);
});

server.keepAliveTimeout = 30_000;
server.listen(Number(opt.port), '127.0.0.1', () => {
  console.log(`bench server: listening on http://127.0.0.1:${server.address().port}/`);
});
