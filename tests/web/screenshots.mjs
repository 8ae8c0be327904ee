// Screenshots of the main pages for the README (docs/screenshots/), taken by
// `node tests/web/run.mjs LEDGER DIST --screenshots docs/screenshots`; not
// part of the test run. Uses whatever ledger run.mjs serves.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const ready = (page, path) => page.waitForFunction((p) => document.body.dataset.ready === p, path, { timeout: 20000 });

export async function screenshots(env, dir) {
  mkdirSync(dir, { recursive: true });
  const person = (await (await fetch(`${env.base}/v1/search?q=${encodeURIComponent(env.personName)}`)).json()).results[0].id;
  const shots = [
    ['home', '/', '/', {}],
    ['person', `/person?id=${encodeURIComponent(person)}`, '/person', {}],
    ['post', `/post?id=${encodeURIComponent('mn.cabinet-secretariat/chief-cabinet-secretary')}`, '/post', {}],
    ['org', `/org?id=${env.org}`, '/org', {}],
    ['findings', '/findings', '/findings', {}],
    ['record-verified', `/record/${env.seq}?verify=1`, `/record/${env.seq}`, { wait: '#verdict' }],
    ['phone-record', `/record/${env.seq}?verify=1&lang=en`, `/record/${env.seq}`, { wait: '#verdict', phone: true }],
  ];
  for (const [name, path, route, opt] of shots) {
    const ctx = await env.browserContext(opt.phone ? { width: 390, height: 844 } : { width: 1200, height: 900 });
    const page = await ctx.newPage();
    await page.goto(env.base + path);
    await ready(page, route);
    if (opt.wait) await page.waitForSelector(opt.wait);
    if (opt.phone) await page.locator('#verify-button').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(dir, `${name}.png`), fullPage: !opt.phone });
    await ctx.close();
    console.log(`screenshot: ${name}.png`);
  }
}
