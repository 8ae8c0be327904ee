// The page against a log with witnesses: two `ledger witness serve` and a
// third that is down, `ledger serve --witness x3 --witness-quorum 2` over a
// copy of the test ledger. The page pins the policy the server offers
// (GET /v1/policy), shows "2 of 3" and the quorum met on Home and as a step
// on the record page; a cosignature with one byte changed in flight is named;
// a policy of the user's own replaces the server's; a checkpoint whose
// newest cosignature is older than the max-age kept with the policy is a
// warning naming its age.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve, start } from './harness.mjs';

const ready = (page, path) => page.waitForFunction((p) => document.body.dataset.ready === p, path, { timeout: 15000 });

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// Starts the log with witnesses; returns {server, witnesses, names, stop()}.
export async function witnessedLog(env) {
  const dir = join(env.tmp, 'witnessed-ledger');
  cpSync(env.fixture.dir, dir, { recursive: true });
  const procs = [], names = [], vkeys = [], flags = ['--witness-quorum', '2', '--witness-timeout', '1'];
  try {
    for (let i = 1; i <= 3; i++) {
      const key = join(env.tmp, `witness-${i}`), name = `w${i}.witness.example`;
      env.cli('witness', 'keygen', '--out', key, '--name', name);
      const vkey = readFileSync(`${key}.vkey`, 'utf8').trim();
      names.push(name);
      vkeys.push(vkey);
      if (i === 3) { flags.push('--witness', `${vkey}@http://127.0.0.1:${await freePort()}`); continue; }  // down
      writeFileSync(`${key}.conf`, `name ${name}\nlog ${env.vkey}\n`);
      const w = await start(env.ledgerBin, ['witness', 'serve', '--config', `${key}.conf`, '--key', `${key}.pem`,
        '--state', `${key}.state`, '--listen', '127.0.0.1:0']);
      procs.push(w.proc);
      flags.push('--witness', `${vkey}@${w.base}`);
    }
    const server = await serve(env.ledgerBin, dir, { args: flags });
    procs.push(server.proc);
    // Wait for the first quorum: the checkpoint then carries two cosignatures.
    for (let i = 0; ; i++) {
      const note = await (await fetch(`${server.base}/v1/checkpoint`)).text();
      if (names.filter((n) => note.includes(`\n\u2014 ${n} `)).length === 2) break;
      if (i > 600) throw new Error(`no cosigned checkpoint after 30 s: ${note}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return { server, names, vkeys, stop: () => procs.forEach((p) => p.kill('SIGTERM')) };
  } catch (e) {
    procs.forEach((p) => p.kill('SIGTERM'));
    throw e;
  }
}

// The served checkpoint with one byte of `name`'s cosignature changed.
function tamper(note, name) {
  return note.split('\n').map((line) => {
    if (!line.startsWith(`\u2014 ${name} `)) return line;
    const raw = Buffer.from(line.slice(name.length + 3), 'base64');
    raw[4 + 8 + 10] ^= 1;  // inside the Ed25519 signature, after the key id and the time
    return `\u2014 ${name} ${raw.toString('base64')}`;
  }).join('\n');
}

export async function witnessCase(env) {
  const log = await witnessedLog(env);
  try {
    const policy = await (await fetch(`${log.server.base}/v1/policy`)).text();
    assert.match(policy, /^quorum witnesses$/m);
    const page = await env.page();
    await page.goto(`${log.server.base}/?lang=en`);
    await ready(page, '/');
    await page.waitForSelector('#witness-verdict');
    assert.equal(await page.getAttribute('#witnesses', 'data-state'), 'first');  // pinned on first use
    assert.equal(await page.getAttribute('#witness-verdict', 'data-ok'), 'true', await page.textContent('#witnesses'));
    assert.match(await page.textContent('#witness-verdict'), /witnessed by 2 of 3, newest \d{4}-\d\d-\d\dT[\d:]+Z\. Quorum met\./);
    const statuses = await page.$$eval('#witness-list li', (lis) => lis.map((li) => [li.dataset.witness, li.dataset.status]));
    assert.deepEqual(statuses, [[log.names[0], 'ok'], [log.names[1], 'ok'], [log.names[2], 'absent']]);
    assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem('ledger.pinned-policy')).source), 'server');

    // The record page: the record is proved into the witnessed tree.
    await page.goto(`${log.server.base}/record/${env.seq}?verify=1&lang=en`);
    await ready(page, `/record/${env.seq}`);
    await page.waitForSelector('#verdict');
    assert.equal(await page.getAttribute('#verdict', 'data-ok'), 'true', await page.textContent('#verify'));
    assert.equal(await page.getAttribute('#steps li[data-step=witnesses]', 'data-status'), 'ok');
    assert.match(await page.textContent('#steps li[data-step=witnesses]'), /2 of 3/);

    // One byte of w2's cosignature changed on the way: named, loudly.
    await page.route('**/v1/checkpoint', async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, body: tamper(await res.text(), log.names[1]) });
    });
    await page.goto(`${log.server.base}/?lang=en`);
    await ready(page, '/');
    await page.waitForSelector('#witness-verdict');
    assert.equal(await page.getAttribute('#witness-verdict', 'data-ok'), 'false');
    assert.equal(await page.getAttribute('#witness-verdict', 'role'), 'alert');
    assert.equal(await page.getAttribute(`#witness-list li[data-witness="${log.names[1]}"]`, 'data-status'), 'bad');
    assert.match(await page.textContent('#witness-verdict'), new RegExp(`${log.names[1].replaceAll('.', '\\.')} does not verify`));
    assert.ok(await page.locator('#alerts [role=alert]').count() >= 1, 'no alert in the header');
    await page.goto(`${log.server.base}/record/${env.seq}?verify=1&lang=en`);
    await ready(page, `/record/${env.seq}`);
    await page.waitForSelector('#verdict');
    assert.equal(await page.getAttribute('#verdict', 'data-ok'), 'false');
    assert.equal(await page.getAttribute('#steps li[data-status=failed]', 'data-step'), 'witnesses');
    assert.match(await page.textContent('#steps li[data-step=witnesses]'), new RegExp(log.names[1].replaceAll('.', '\\.')));

    // The user's own policy: a bad one is refused in place; a good one
    // (only the first witness, needed alone) is pinned and used.
    await page.unroute('**/v1/checkpoint');
    await page.goto(`${log.server.base}/?lang=en`);
    await ready(page, '/');
    await page.click('#witnesses details summary');
    await page.fill('#policy-text', 'quorum nobody\n');
    await page.click('#policy-pin');
    await page.waitForSelector('#policy-msg .status.bad');
    await page.fill('#policy-text', `log ${env.vkey}\nwitness press ${log.vkeys[0]}\nquorum press\n`);
    await page.click('#policy-pin');
    await page.waitForSelector('#witnesses[data-state=own] #witness-verdict[data-ok=true]', { timeout: 15000 });
    assert.deepEqual(await page.$$eval('#witness-list li', (lis) => lis.map((li) => [li.dataset.witness, li.dataset.status])), [['press', 'ok']]);

    // Freshness: the max-age (default 24h) is kept with the pinned policy; a
    // malformed one is refused. With this browser's clock three days ahead,
    // the witnesses' signed times make the checkpoint stale: a warning that
    // names its age, in both languages, and a failed witnesses step.
    assert.match(await page.textContent('#policy-maxage-now'), /\(24h\)/);
    await page.click('#witnesses details summary');
    await page.fill('#policy-maxage', '36 hours');
    await page.click('#policy-maxage-save');
    await page.waitForSelector('#policy-msg .status.bad');
    await page.fill('#policy-maxage', '36h');
    await page.click('#policy-maxage-save');
    await ready(page, '/');
    await page.waitForSelector('#witness-verdict[data-ok=true]');
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('ledger.pinned-policy')));
    assert.deepEqual([stored.source, stored.maxAge], ['user', '36h']);
    await page.clock.setFixedTime(Date.now() + 3 * 86400 * 1000);
    await page.reload();
    await ready(page, '/');
    await page.waitForSelector('#witness-verdict[data-stale=true]');
    assert.equal(await page.getAttribute('#witness-verdict', 'data-ok'), 'false');
    assert.equal(await page.getAttribute('#witness-list li[data-witness=press]', 'data-status'), 'stale');
    assert.match(await page.textContent('#witness-verdict'), /STALE CHECKPOINT: the newest witness cosignature was made (3 d|2 d 23 h) ago \(\d{4}-[\d-]+T[\d:]+Z\), the limit is 1 d 12 h \(36h\)/);
    assert.match(await page.textContent('#stale-alert'), /stale checkpoint/);
    await page.click('#lang');
    await ready(page, '/');
    await page.waitForSelector('#witness-verdict[data-stale=true]');
    assert.match(await page.textContent('#witness-verdict'), /CHECKPOINT ХУУЧИРСАН: гэрчийн хамгийн сүүлийн гарын үсэг (3 өдөр|2 өдөр 23 цаг)-ийн өмнө/);
    assert.match(await page.textContent('#stale-alert'), /checkpoint хуучирсан/);
    await page.goto(`${log.server.base}/record/${env.seq}?verify=1&lang=en`);
    await ready(page, `/record/${env.seq}`);
    await page.waitForSelector('#verdict');
    assert.equal(await page.getAttribute('#steps li[data-status=failed]', 'data-step'), 'witnesses');
    assert.match(await page.textContent('#steps li[data-step=witnesses]'), /STALE CHECKPOINT/);

    // verify.html: a bundle with the witnessed checkpoint, the same max-age
    // field (default 24h), by this computer's clock.
    const note = await (await fetch(`${log.server.base}/v1/checkpoint`)).text();
    const proof = await (await fetch(`${log.server.base}/v1/proofs/inclusion?seq=${env.seq}&size=${note.split('\n')[1]}&format=tlog-proof`)).text();
    const bundle = join(env.tmp, 'witnessed.tlog-proof');
    writeFileSync(bundle, proof.slice(0, proof.indexOf('\n\n') + 2) + note);
    const offline = async (maxAge) => {
      const off = await env.page();
      if (maxAge === undefined) await off.clock.setFixedTime(Date.now() + 3 * 86400 * 1000);
      await off.goto(`${pathToFileURL(join(env.distDir, 'verify.html')).href}?lang=en`);
      await off.setInputFiles('#bundle', bundle);
      await off.fill('#key', env.vkey);
      await off.fill('#policy', `log ${env.vkey}\nwitness press ${log.vkeys[0]}\nquorum press\n`);
      if (maxAge !== undefined && maxAge !== null) await off.fill('#maxage', maxAge);
      await off.click('#run');
      await off.waitForSelector('#verdict');
      return off;
    };
    let off = await offline(null);  // now, the default 24h: fresh
    assert.equal(await off.inputValue('#maxage'), '24h');
    assert.equal(await off.getAttribute('#verdict', 'data-ok'), 'true', await off.textContent('#result'));
    off = await offline(undefined);  // three days later: stale, its age named
    assert.equal(await off.getAttribute('#verdict', 'data-ok'), 'false');
    assert.ok(Number(await off.getAttribute('#steps li[data-step=witnesses]', 'data-stale')) > 2 * 86400);
    assert.match(await off.textContent('#steps li[data-step=witnesses]'), /STALE CHECKPOINT: the newest witness cosignature was made (3 d|2 d 23 h) ago/);
  } finally {
    log.stop();
  }
}
