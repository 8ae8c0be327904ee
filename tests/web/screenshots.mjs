// Screenshots of the main pages for the README (docs/screenshots/), taken by
// `node tests/web/run.mjs LEDGER DIST --screenshots docs/screenshots`; not
// part of the test run. Uses whatever ledger run.mjs serves. JPEG, and a
// long page cut at MAX_HEIGHT, so that all of them stay well under 1 MB.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { witnessedLog } from './witness_case.mjs';

const MAX_HEIGHT = 1400, QUALITY = 55;
const ready = (page, path) => page.waitForFunction((p) => document.body.dataset.ready === p, path, { timeout: 20000 });

export async function screenshots(env, dir) {
  mkdirSync(dir, { recursive: true });
  const person = (await (await fetch(`${env.base}/v1/search?q=${encodeURIComponent(env.personName)}`)).json()).results[0].id;
  // Home as a log with witnesses shows it: two of three cosigning.
  const witnessed = await witnessedLog(env);
  const shots = [
    ['home', '/', '/', { base: witnessed.server.base }],
    ['person', `/person?id=${encodeURIComponent(person)}`, '/person', {}],
    ['post', `/post?id=${encodeURIComponent('mn.cabinet-secretariat/chief-cabinet-secretary')}`, '/post', {}],
    ['org', `/org?id=${env.org}`, '/org', {}],
    ['findings', '/findings', '/findings', {}],
    ['record-verified', `/record/${env.seq}?verify=1`, `/record/${env.seq}`, { wait: '#verdict' }],
    ['phone-record', `/record/${env.seq}?verify=1&lang=en`, `/record/${env.seq}`, { wait: '#verdict', phone: true }],
  ];
  try {
    for (const shot of shots) await take(env, dir, ...shot);
  } finally {
    witnessed.stop();
  }
}

async function take(env, dir, name, path, route, opt) {
  const ctx = await env.browserContext(opt.phone ? { width: 390, height: 844 } : { width: 1200, height: 900 });
  const page = await ctx.newPage();
  await page.goto((opt.base || env.base) + path);
  await ready(page, route);
  if (opt.wait) await page.waitForSelector(opt.wait);
  if (opt.phone) await page.locator('#verify-button').scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const width = opt.phone ? 390 : 1200;
  await page.screenshot({ path: join(dir, `${name}.jpg`), type: 'jpeg', quality: QUALITY,
    ...(opt.phone ? {} : { fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(height, MAX_HEIGHT) } }) });
  await ctx.close();
  console.log(`screenshot: ${name}.jpg`);
}
