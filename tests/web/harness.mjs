// What the page tests run against: a small purpose-made ledger, a real `ledger
// serve` on 127.0.0.1 at a free port, and Debian's Chromium driven by
// playwright-core (never a downloaded browser), with a fresh profile.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFixtureLedger } from './fixture.mjs';

export const sourceDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(sourceDir, 'web', 'package.json'));
const { chromium } = require('playwright-core');

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // A name that is not localhost, for the insecure-context test.
  '--host-resolver-rules=MAP ledger-lan.test 127.0.0.1'];

export function makeTemp() { return mkdtempSync(join(tmpdir(), 'ledger-web-test-')); }

// The purpose-made test ledger (fixture.mjs: about 90 signed records, made
// in under a second). It is kept in `cacheDir` and made again only when the
// ledger binary or the fixture changes; returns {dir, keys, rootKey}.
export function makeLedger(ledgerBin, cacheDir) {
  const fixture = join(dirname(fileURLToPath(import.meta.url)), 'fixture.mjs');
  const stamp = [statSync(ledgerBin), statSync(fixture)].map((st) => `${st.size}-${st.mtimeMs}`).join('/');
  const stampFile = join(cacheDir, 'binary.stamp');
  const made = { dir: join(cacheDir, 'ledger'), keys: join(cacheDir, 'keys'), rootKey: join(cacheDir, 'keys', 'root.pem') };
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && existsSync(join(made.dir, 'data.mdb'))) return made;
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  buildFixtureLedger(ledgerBin, cacheDir);
  writeFileSync(stampFile, stamp);
  return made;
}

export const cli = (ledgerBin, ...args) => execFileSync(ledgerBin, args, { encoding: 'utf8' });

// Starts `ledger serve` (read-only unless `writable`; `args` added, e.g.
// --witness); resolves with its base URL from the first line it prints.
export function serve(ledgerBin, ledgerDir, { writable = false, args = [] } = {}) {
  const flags = writable ? [] : ['--read-only'];
  return start(ledgerBin, ['serve', '--dir', ledgerDir, '--listen', '127.0.0.1:0', '--quiet', ...flags, ...args]);
}

// Runs `ledger ARGS...` until it prints its http://127.0.0.1:PORT URL.
export function start(ledgerBin, args) {
  const proc = spawn(ledgerBin, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`ledger ${args[0]} printed no URL: ${out}`)), 15000);
    proc.on('exit', (code) => reject(new Error(`ledger ${args[0]} exited ${code}: ${out}`)));
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve({ proc, port: Number(m[1]), base: `http://127.0.0.1:${m[1]}` }); }
    });
  });
}

// The browser. Playwright starts Chromium with a fresh temporary
// --user-data-dir of its own; each case then gets an isolated context
// (empty localStorage: no pinned key, no kept checkpoint).
export async function browser() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: scripts/setup.sh installs Debian's chromium`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export function cleanup(dir) { rmSync(dir, { recursive: true, force: true }); }

// Runs named cases in order; prints one line each and the totals line.
export async function runCases(cases, env) {
  let passed = 0, failed = 0;
  for (const [name, fn] of cases) {
    const t0 = Date.now();
    try {
      await fn(env);
      passed++;
      console.log(`ok   ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name}: ${e.stack || e}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0;
}
