// The page tests (CTest: web_page): node tests/web/run.mjs LEDGER_BINARY DIST_DIR
// [--screenshots DIR]. Builds a small purpose-made ledger (fixture.mjs), serves it with the real
// binary, and drives Debian's Chromium through the page (cases.mjs).
import { dirname, join, resolve } from 'node:path';
import { cases } from './cases.mjs';
import { browser, cleanup, cli, makeLedger, makeTemp, runCases, serve } from './harness.mjs';
import { screenshots } from './screenshots.mjs';

const [ledgerBin, distDir] = process.argv.slice(2).map((a) => a && resolve(a));
if (!ledgerBin || !distDir) {
  console.error('usage: node tests/web/run.mjs LEDGER_BINARY WEB_DIST_DIR [--screenshots DIR]');
  process.exit(2);
}
const shotsAt = process.argv.indexOf('--screenshots');

const tmp = makeTemp();
let server, chrome, ok = false;
try {
  const t0 = Date.now();
  const fixture = makeLedger(ledgerBin, join(dirname(distDir), 'test-ledger'));
  const ledger = fixture.dir;
  server = await serve(ledgerBin, ledger);
  chrome = await browser();
  const health = await (await fetch(`${server.base}/v1/health`)).json();
  const findings = await (await fetch(`${server.base}/v1/views/findings?limit=1`)).json();
  const people = await (await fetch(`${server.base}/v1/search?q=person&limit=1`)).json();
  const env = {
    ...server, tmp, ledger, fixture, distDir, ledgerBin, origin: health.origin, size: health.size,
    seq: Math.floor(health.size / 2),
    org: 'mn.ub.khan-uul',
    rule: findings.rows[0]?.rule,
    personName: people.results.find((r) => r.kind === 'person')?.label,
    vkey: cli(ledgerBin, 'vkey', '--dir', ledger).trim(),
    cli: (...args) => cli(ledgerBin, ...args),
    browserContext: (viewport) => chrome.newContext({ viewport }),
    page: async () => (await chrome.newContext({ viewport: { width: 1100, height: 900 } })).newPage(),
  };
  console.log(`setup: ledger of ${health.size} records served at ${server.base} (${Date.now() - t0} ms)`);
  if (shotsAt > 0) {
    await screenshots(env, process.argv[shotsAt + 1]);
    ok = true;
  } else {
    ok = await runCases(cases, env);
  }
} catch (e) {
  console.error(`setup failed: ${e.stack || e}`);
} finally {
  await chrome?.close();
  server?.proc.kill('SIGTERM');
  cleanup(tmp);
}
process.exit(ok ? 0 : 1);
