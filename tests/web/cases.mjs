// The page tests: each takes the environment ({base, page(), ledger, ...})
// and throws on failure. Run by run.mjs against a real `ledger serve`.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hrFormCase } from './hr_case.mjs';
import { witnessCase } from './witness_case.mjs';

const ready = (page, path) => page.waitForFunction((p) => document.body.dataset.ready === p, path, { timeout: 15000 });
const getJson = async (env, path) => (await fetch(env.base + path)).json();

async function verifyRecord(page, env, seq) {
  await page.goto(`${env.base}/record/${seq}`);
  await ready(page, `/record/${seq}`);
  await page.click('#verify-button');
  await page.waitForSelector('#verdict', { timeout: 15000 });
  return page.evaluate(() => ({
    ok: document.querySelector('#verdict').dataset.ok === 'true',
    ms: Number(document.querySelector('#verdict').dataset.ms),
    verdict: document.querySelector('#verdict').textContent,
    steps: [...document.querySelectorAll('#steps li')].map((li) => [li.dataset.step, li.dataset.status]),
    pinWarning: !!document.querySelector('#pin-warning'),
  }));
}

// A witness verifier key (type 0x04) of a key nobody holds.
function witnessVkey(name) {
  const key = randomBytes(32);
  const id = createHash('sha256').update(Buffer.concat([Buffer.from(name), Buffer.from([0x0a, 0x04]), key])).digest().subarray(0, 4);
  return `${name}+${id.toString('hex')}+${Buffer.concat([Buffer.from([4]), key]).toString('base64')}`;
}

// A valid verifier key for the same origin but another key.
function otherVkey(origin) {
  const key = randomBytes(32);
  const id = createHash('sha256').update(Buffer.concat([Buffer.from(origin), Buffer.from([0x0a, 0x01]), key])).digest().subarray(0, 4);
  return `${origin}+${id.toString('hex')}+${Buffer.concat([Buffer.from([1]), key]).toString('base64')}`;
}

export const cases = [
  ['home shows the log; search reaches a person page', async (env) => {
    const page = await env.page();
    await page.goto(env.base + '/');
    await ready(page, '/');
    const health = await getJson(env, '/v1/health');
    assert.equal(await page.textContent('#origin'), health.origin);
    assert.match(await page.textContent('#checkpoint'), new RegExp(`^${health.origin}\\n`));
    const hit = (await getJson(env, `/v1/search?q=${encodeURIComponent(env.personName.split(' ')[0])}`)).results.find((r) => r.kind === 'person');
    await page.fill('#q', env.personName.split(' ')[0]);
    await page.press('#q', 'Enter');
    await ready(page, '/search');
    await page.click(`#hits li[data-kind=person] a[href="/person?id=${encodeURIComponent(hit.id)}"]`);
    await ready(page, '/person');
    assert.equal(await page.textContent('#person-name'), hit.label);
    const service = await getJson(env, `/v1/views/service?person=${encodeURIComponent(hit.id)}&limit=1000`);
    assert.equal(await page.locator('#service tbody tr').count(), service.rows.length);
  }],

  ['record page verifies in the browser and shows each step', async (env) => {
    const page = await env.page();
    const r = await verifyRecord(page, env, env.seq);
    assert.ok(r.ok, r.verdict);
    assert.deepEqual(r.steps.map(([id]) => id), ['crypto', 'key', 'leaf', 'record', 'signer', 'checkpoint', 'proof', 'root', 'identity', 'witnesses', 'consistency']);
    // This log has no witnesses: that step is skipped, every other one passes.
    assert.ok(r.steps.every(([id, s]) => s === (id === 'witnesses' ? 'skipped' : 'ok')), JSON.stringify(r.steps));
    assert.ok(r.ms <= 50, `verification took ${r.ms} ms after the data arrived`);
  }],

  ['a proof with one hash changed fails and names the step', async (env) => {
    const page = await env.page();
    await page.route('**/v1/proofs/inclusion?*', async (route) => {
      const res = await route.fetch();
      const proof = await res.json();
      const h = Buffer.from(proof.hashes[0], 'base64');
      h[0] ^= 1;
      proof.hashes[0] = h.toString('base64');
      await route.fulfill({ response: res, json: proof });
    });
    const r = await verifyRecord(page, env, env.seq);
    assert.ok(!r.ok);
    assert.deepEqual(r.steps.find(([, s]) => s === 'failed'), ['root', 'failed']);
    assert.match(r.verdict, /root|үндэс/i);
    // In Mongolian (the default), the reason is in Mongolian, by its kind;
    // the checker's English sentence stays as a second line.
    assert.equal(await page.getAttribute('html', 'lang'), 'mn');
    const reason = page.locator('#steps li[data-step=root] .reason[data-kind="root.mismatch"]');
    assert.match(await reason.evaluate((el) => el.firstChild.textContent), /^Тооцоолсон үндэс [0-9a-f]{16}…, гарын үсэгтэй үндэс [0-9a-f]{16}…: нотолгооны эсвэл бичлэгийн хэшийг өөрчилсөн\.$/);
    assert.match(await reason.locator('.why-detail').textContent(), /a hash of the proof or the record was changed/);
    // In English, the English sentence alone.
    await page.click('#lang');
    await ready(page, `/record/${env.seq}`);
    await page.click('#verify-button');
    await page.waitForSelector('#verdict');
    assert.match(await page.textContent('#steps li[data-step=root] .reason'), /^computed [0-9a-f]{16}…, signed [0-9a-f]{16}…: a hash of the proof or the record was changed$/);
    assert.equal(await page.locator('#steps li[data-step=root] .why-detail').count(), 0);
  }],

  ['a pinned key that differs is a loud warning', async (env) => {
    const page = await env.page();
    await page.goto(env.base + '/');
    await ready(page, '/');
    await page.evaluate((k) => { localStorage.setItem('ledger.pinned-key', k); localStorage.removeItem('ledger.kept-checkpoint'); }, otherVkey(env.origin));
    const r = await verifyRecord(page, env, env.seq);
    assert.ok(r.pinWarning, 'no #pin-warning');
    assert.ok(!r.ok);
    assert.deepEqual(r.steps.find(([, s]) => s === 'failed'), ['key', 'failed']);
    assert.ok(await page.locator('#alerts [role=alert]').count() >= 1, 'no alert in the header');
  }],

  ['a rewritten history is shown as such', async (env) => {
    const page = await env.page();
    const old = await (await fetch(`${env.base}/v1/checkpoint?size=${env.size - 7}`)).text();
    const lines = old.split('\n');
    await page.goto(env.base + '/');
    await ready(page, '/');
    await page.evaluate((k) => localStorage.setItem('ledger.kept-checkpoint', JSON.stringify(k)), { size: env.size - 7, root: lines[2], note: old });
    await page.route('**/v1/proofs/consistency?*', async (route) => {
      const res = await route.fetch();
      const proof = await res.json();
      proof.hashes[proof.hashes.length - 1] = Buffer.alloc(32, 7).toString('base64');
      await route.fulfill({ response: res, json: proof });
    });
    await page.reload();
    await ready(page, '/');
    await page.waitForSelector('#watch-alert[data-kind=rewrite]', { timeout: 10000 });
    await page.unroute('**/v1/proofs/consistency?*');
    await page.reload();
    await ready(page, '/');
    await page.waitForSelector('#watch .status.ok >> nth=1', { timeout: 10000 });
    assert.match(await page.textContent('#watch'), new RegExp(`${env.size - 7} → ${env.size}`));
  }],

  ['the language switch works and is remembered', async (env) => {
    const page = await env.page();
    await page.goto(env.base + '/findings');
    await ready(page, '/findings');
    assert.equal(await page.getAttribute('html', 'lang'), 'mn');
    assert.match(await page.textContent('header nav'), /Нүүр/);
    await page.click('#lang');
    await ready(page, '/findings');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.match(await page.textContent('h1'), /Findings/);
    await page.reload();
    await ready(page, '/findings');
    assert.match(await page.textContent('header nav'), /Home/);
    await page.click('#lang');
  }],

  ['in Mongolian no table header of the findings, post, person and org pages is English', async (env) => {
    const page = await env.page();
    const person = (await getJson(env, `/v1/search?q=${encodeURIComponent(env.personName)}`)).results[0].id;
    const pages = [['/findings', '/findings'], [`/post?id=${encodeURIComponent('mn.cabinet-secretariat/chief-cabinet-secretary')}`, '/post'],
      [`/person?id=${encodeURIComponent(person)}`, '/person'], [`/org?id=${env.org}`, '/org']];
    for (const [path, route] of pages) {
      await page.goto(`${env.base}${path}${path.includes('?') ? '&' : '?'}lang=mn`);
      await ready(page, route);
      assert.equal(await page.getAttribute('html', 'lang'), 'mn');
      const heads = await page.$$eval('table th, details summary', (els) => els.map((e) => e.textContent.trim()));
      assert.ok(heads.length > 3, `${path}: no table headers`);
      const english = heads.filter((x) => /[A-Za-z]/.test(x));
      assert.deepEqual(english, [], `${path}: English headers in the Mongolian view`);
      // Event types and enumerated values are words too (their names stay as
      // titles). The findings' "why" is in Mongolian by its rule, the
      // server's English sentence beneath it.
      if (route === '/findings') {
        const why = await page.$$eval('table.rows tbody td:nth-child(6) .reason', (els) => els.map((e) => [e.dataset.kind, e.firstChild.textContent, e.querySelector('.why-detail')?.textContent]));
        assert.ok(why.length > 3, 'no findings');
        for (const [kind, words, detail] of why) {
          assert.match(kind, /^rule\.[a-z-]+$/);
          assert.match(words, /^[А-ЯӨҮЁ][^A-Za-z]*[а-яөүё]/, `${kind}: ${words}`);
          assert.ok(detail && /[a-z]/.test(detail), `${kind}: no English detail`);
        }
        continue;
      }
      const cells = await page.$$eval('table td', (tds) => tds.map((td) => td.textContent));
      assert.deepEqual(cells.filter((x) => /\b(appointment\.made|dismissal|permanent|competitive-examination)\b/.test(x)), [], path);
    }
  }],

  ['the Post page shows the titles the post had over time', async (env) => {
    const page = await env.page();
    const post = 'mn.cabinet-secretariat/chief-cabinet-secretary';
    await page.goto(`${env.base}/post?id=${encodeURIComponent(post)}&lang=en`);
    await ready(page, '/post');
    const titles = await getJson(env, `/v1/views/titles?post=${encodeURIComponent(post)}`);
    assert.deepEqual(titles.rows.map((r) => [r.from, r.to]), [['1921-07-11', '1962-01-01'], ['1962-01-01', '1996-08-01'], ['1996-08-01', null]]);
    assert.equal(await page.textContent('h1'), titles.rows[2].title);
    assert.deepEqual(await page.$$eval('#titles tbody tr', (trs) => trs.map((tr) => tr.children[2].textContent)), titles.rows.map((r) => r.title));
    assert.equal(await page.getAttribute('#tenure-chart', 'data-title-changes'), '1962-01-01 1996-08-01');
    // Each holder with the title their tenure began under.
    const hist = await getJson(env, `/v1/views/history?post=${encodeURIComponent(post)}&limit=1000`);
    const byYear = Object.fromEntries(hist.rows.map((r) => [r.from.slice(0, 4), r.title]));
    assert.equal(byYear['1921'], 'Засгийн газрын нарийн бичгийн дарга');
    assert.equal(byYear['1964'], 'Сайд нарын Зөвлөлийн Хэрэг эрхлэх газрын дарга');
    assert.equal(byYear['2008'], 'Засгийн газрын Хэрэг эрхлэх газрын дарга');
    const col = await page.$$eval('table[data-view=history] th', (ths) => ths.findIndex((th) => th.dataset.column === 'title'));
    assert.ok(col >= 0, 'no title column in the holders table');
    assert.deepEqual(await page.$$eval(`table[data-view=history] tbody td:nth-child(${col + 1})`, (tds) => tds.map((td) => td.textContent)), hist.rows.map((r) => r.title));
    // A holder's service record names the title of their time.
    const first = hist.rows[0];
    await page.goto(`${env.base}/person?id=${encodeURIComponent(first.person)}&lang=en`);
    await ready(page, '/person');
    assert.match(await page.textContent('#service'), /Засгийн газрын нарийн бичгийн дарга/);
  }],

  ['each chart draws as many points as the API returns', async (env) => {
    const page = await env.page();
    const post = 'mn.cabinet-secretariat/chief-cabinet-secretary';
    await page.goto(`${env.base}/post?id=${encodeURIComponent(post)}`);
    await ready(page, '/post');
    const hist = await getJson(env, `/v1/views/history?post=${encodeURIComponent(post)}&limit=1000`);
    assert.ok(hist.rows.length > 5);
    assert.equal(Number(await page.getAttribute('#tenure-chart', 'data-points')), hist.rows.length);
    await page.goto(`${env.base}/org?id=${env.org}`);
    await ready(page, '/org');
    const turnover = await getJson(env, `/v1/views/turnover?org=${env.org}&elections=true&limit=6`);
    const gender = await getJson(env, `/v1/views/gender?org=${env.org}&limit=12`);
    assert.ok(turnover.rows.length > 0 && gender.rows.length > 0);
    assert.equal(Number(await page.getAttribute('#turnover-chart', 'data-points')), turnover.rows.length);
    assert.equal(Number(await page.getAttribute('#gender-chart', 'data-points')), gender.rows.length);
  }],

  ['findings filters make a shareable URL and a CSV link', async (env) => {
    const page = await env.page();
    await page.goto(env.base + '/findings');
    await ready(page, '/findings');
    await page.selectOption('#filters select[name=rule]', env.rule);
    await page.click('#filters button');
    await ready(page, '/findings');
    assert.equal(new URL(page.url()).searchParams.get('rule'), env.rule);
    const v = await getJson(env, `/v1/views/findings?rule=${env.rule}&limit=100`);
    assert.equal(await page.locator('table.rows tbody tr').count(), v.rows.length);
    const csv = await (await fetch(env.base + await page.getAttribute('#csv', 'href'))).text();
    assert.equal(csv.trim().split('\n').length, Math.min(v.total, 1000) + 1);
  }],

  ['plain HTTP to a LAN name explains why verification is unavailable', async (env) => {
    const page = await env.page();
    await page.goto(`http://ledger-lan.test:${env.port}/record/${env.seq}`);
    await ready(page, `/record/${env.seq}`);
    assert.ok(await page.isVisible('#insecure'));
    assert.ok(await page.isDisabled('#verify-button'));
  }],

  ['verify.html from file:// verifies a tlog-proof bundle', async (env) => {
    const page = await env.page();
    const bundle = join(env.tmp, `record-${env.seq}.tlog-proof`);
    writeFileSync(bundle, env.cli('prove', 'inclusion', '--dir', env.ledger, '--seq', String(env.seq), '--format', 'tlog-proof'));
    await page.goto(pathToFileURL(join(env.distDir, 'verify.html')).href);
    await page.setInputFiles('#bundle', bundle);
    await page.fill('#key', env.vkey);
    await page.click('#run');
    await page.waitForSelector('#verdict');
    assert.equal(await page.getAttribute('#verdict', 'data-ok'), 'true', await page.textContent('#result'));
    // The bundle carries the signer part: the department is named, checked in the browser.
    assert.equal(await page.getAttribute('#steps li[data-step=identity]', 'data-status'), 'ok');
    assert.match(await page.textContent('#steps li[data-step=identity]'), /registered at seq \d+|№\d+/);
    await page.fill('#key', otherVkey(env.origin));
    await page.click('#run');
    await page.waitForSelector('#verdict[data-ok=false]');
    assert.equal(await page.getAttribute('#steps li[data-status=failed]', 'data-step'), 'checkpoint');
    // With a policy: one that needs no witness passes; one that needs a
    // witness the checkpoint lacks fails at that step.
    await page.fill('#key', env.vkey);
    await page.fill('#policy', `log ${env.vkey}\nquorum none\n`);
    await page.click('#run');
    await page.waitForSelector('#verdict[data-ok=true]');
    assert.equal(await page.getAttribute('#steps li[data-step=witnesses]', 'data-status'), 'ok');
    await page.fill('#policy', `log ${env.vkey}\nwitness press ${witnessVkey('press.example/w')}\nquorum press\n`);
    await page.click('#run');
    await page.waitForSelector('#verdict[data-ok=false]');
    assert.equal(await page.getAttribute('#steps li[data-status=failed]', 'data-step'), 'witnesses');
  }],

  ['the HR form signs with a key file, submits, and the record appears', hrFormCase],
  ['a witnessed log: the policy is pinned, 2 of 3 witnesses meet the quorum, a changed cosignature is named', witnessCase],
];
