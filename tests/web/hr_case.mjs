// The HR form against a writable `ledger serve` of a copy of the test
// ledger: a department key made with `ledger keygen` and registered with
// `ledger key register` is loaded from its file, the form is filled and
// checked as one types, the preview is byte for byte what `ledger sign`
// gives, the submission is recorded, and the record then shows (and
// verifies) on its record page. A second submission of the same person is
// refused and the problem shown. Before each submission the server's dry
// run shows the seq and flags it would get: a back-dated appointment is
// flagged before it is sent, and then appended as the dry run said.
import assert from 'node:assert/strict';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from './harness.mjs';

const ready = (page, path) => page.waitForFunction((p) => document.body.dataset.ready === p, path, { timeout: 15000 });

export async function hrFormCase(env) {
  const dir = join(env.tmp, 'hr-ledger');
  cpSync(env.fixture.dir, dir, { recursive: true });
  const key = join(env.tmp, 'hr-web');
  env.cli('keygen', '--out', key);
  env.cli('key', 'register', '--dir', dir, '--signer', env.fixture.rootKey, '--key', `${key}.pub`, '--name', 'hr-web-test', '--org', 'mn.ub.khan-uul');
  const server = await serve(env.ledgerBin, dir, { writable: true });
  try {
    const page = await env.page();
    await page.goto(`${server.base}/submit`);
    await ready(page, '/submit');
    await page.setInputFiles('#key-file', `${key}.pem`);
    await page.waitForSelector('#key-status[data-loaded=true]');
    assert.match(await page.textContent('#key-status'), /hr-web-test/);
    await page.selectOption('#type', 'person.registered');
    await page.fill('#f-person', 'person.web-1');
    await page.fill('#f-org', 'mn.ub.khan-uul');
    await page.fill('#f-full_name', 'Тест Сарнай');
    await page.selectOption('#f-gender', 'female');
    await page.fill('#f-birth_year', '19x0');  // checked as one types
    await page.waitForSelector('#check [data-valid=false]');
    assert.notEqual((await page.textContent('#err-birth_year')).trim(), '');
    assert.ok(await page.isDisabled('#submit'));
    await page.fill('#f-birth_year', '1990');
    await page.waitForSelector('#check [data-valid=true]');
    assert.equal((await page.textContent('#err-birth_year')).trim(), '');
    await page.waitForFunction(() => !document.querySelector('#submit').disabled);
    const size = (await (await fetch(`${server.base}/v1/health`)).json()).size;
    await page.waitForSelector('#dry-run [data-ok=true]');
    assert.equal(Number(await page.getAttribute('#dry-run [data-ok=true]', 'data-seq')), size);
    assert.equal((await (await fetch(`${server.base}/v1/health`)).json()).size, size, 'the dry run appended');

    // The preview is what `ledger sign` makes of the same event, key and client_id.
    const preview = JSON.parse(await page.textContent('#preview'));
    const draft = join(env.tmp, 'hr-draft.json');
    writeFileSync(draft, JSON.stringify({ type: preview.type, client_id: preview.client_id, body: preview.body }));
    assert.deepEqual(preview, JSON.parse(env.cli('sign', '--key', `${key}.pem`, draft)));

    await page.click('#submit');
    await page.waitForSelector('#accepted');
    const seq = Number(await page.getAttribute('#accepted', 'data-seq'));
    assert.equal(seq, (await (await fetch(`${server.base}/v1/health`)).json()).size - 1);
    assert.equal(await page.getAttribute('#accepted a', 'href'), `/record/${seq}`);
    // Sent again with a new client_id: the person exists, so it is refused.
    await page.waitForFunction(() => !document.querySelector('#submit').disabled);
    await page.click('#submit');
    await page.waitForSelector('#rejected[data-code=ALREADY_EXISTS]');
    assert.match(await page.textContent('#rejected'), /^409.*person\.web-1/s);

    // The refusal was foretold by the dry run of the new submission too.
    await page.waitForSelector('#dry-run [data-ok=false][data-code=ALREADY_EXISTS]');

    // A back-dated appointment: flagged by the dry run before it is sent.
    await page.selectOption('#type', 'appointment.made');
    const appointment = {
      person: 'person.web-1', post: 'mn.ub.khan-uul/officer', org: 'mn.ub.khan-uul', effective_date: '1920-03-01',
      appointing_authority: 'Засаг дарга', decision_instrument: 'Хан-Уул дүүргийн Засаг даргын захирамж',
      decision_number: 'А/999', decision_date: '1920-02-28',
    };
    for (const [name, value] of Object.entries(appointment)) await page.fill(`#f-${name}`, value);
    await page.selectOption('#f-tenure', 'permanent');
    await page.selectOption('#f-selection_basis', 'competitive-examination');
    await page.waitForSelector('#dry-run [data-ok=true][data-flags~=back-dated]');
    const wouldBe = Number(await page.getAttribute('#dry-run [data-ok=true]', 'data-seq'));
    assert.equal(wouldBe, seq + 1);
    assert.equal((await (await fetch(`${server.base}/v1/health`)).json()).size, seq + 1, 'the dry run appended');
    await page.click('#submit');
    await page.waitForSelector(`#accepted[data-seq="${wouldBe}"]`);
    const appointed = await (await fetch(`${server.base}/v1/events/${wouldBe}`)).json();
    assert.equal(appointed.event.type, 'appointment.made');
    assert.ok(appointed.flags.some((f) => f.startsWith('back-dated:')), JSON.stringify(appointed.flags));

    const record = await (await fetch(`${server.base}/v1/events/${seq}`)).json();
    assert.equal(record.event.body.full_name, 'Тест Сарнай');
    assert.equal(record.event.signature, preview.signature);
    await page.goto(`${server.base}/record/${seq}`);
    await ready(page, `/record/${seq}`);
    assert.match(await page.textContent('main'), /person\.web-1/);
    await page.click('#verify-button');
    await page.waitForSelector('#verdict');
    assert.equal(await page.getAttribute('#verdict', 'data-ok'), 'true', await page.textContent('#verdict'));
  } finally {
    server.proc.kill('SIGTERM');
  }
}
