// The page's signer (web/src/submit.js) against `ledger sign`: the same
// events, the same key and client_id must give byte-identical submissions
// (same body, signer and Ed25519 signature). The schemas come from a real
// `ledger serve` of a fresh ledger, as the page gets them.
// node --test tests/web/sign_test.mjs  (LEDGER_BIN=build/bin/ledger)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { checkBody, checkField, loadSigningKey, parseDate, pemToPkcs8, signSubmission } from '../../web/src/submit.js';
import { cleanup, makeTemp, serve } from './harness.mjs';

const ledgerBin = process.env.LEDGER_BIN;
const tmp = makeTemp();
const cli = (...args) => execFileSync(ledgerBin, args, { encoding: 'utf8' });
let server, schemas, key, pem;

before(async () => {
  assert.ok(ledgerBin, 'set LEDGER_BIN to the ledger binary');
  cli('keygen', '--out', join(tmp, 'root'));
  cli('init', '--dir', join(tmp, 'ledger'), '--origin', 'test.example/sign', '--root-key', join(tmp, 'root.pem'));
  server = await serve(ledgerBin, join(tmp, 'ledger'), { writable: true });
  schemas = (await (await fetch(`${server.base}/v1/schemas`)).json()).schemas.filter((s) => s.latest);
  pem = readFileSync(join(tmp, 'root.pem'), 'utf8');
  key = await loadSigningKey(pem);
});
after(() => { server?.proc.kill('SIGTERM'); cleanup(tmp); });

const pub = () => Buffer.from(key.publicKey).toString('base64');
const events = () => [
  ['key.register', { key: pub(), name: 'hr-khan-uul', role: 'authority', organisations: ['mn.ub.khan-uul', 'mn.ub'], note: 'Хан-Уул дүүргийн\tХүний нөөц\nмөр' }],
  ['key.register', { key: pub(), name: 'admin', role: 'admin', organisations: ['*'] }],
  ['organisation.established', { org: 'mn.test', name: 'Засгийн газрын Хэрэг эрхлэх газар', level: 'central-government', max_headcount: 241, effective_date: '1921-07-11', decision_instrument: 'Засгийн газрын тогтоол', decision_number: '№5', decision_date: '2024-07-24' }],
  ['post.established', { post: 'mn.test/chief', org: 'mn.test', title: 'Дарга', category: 'political', grade: 'ТЗ-1', leadership: true, positions: 1, effective_date: '2000-02-29', decision_instrument: 'x', decision_number: '1', decision_date: '1969-12-31' }],
  ['person.registered', { person: 'person.1', org: 'mn.test', full_name: 'Балдан Бадарч', gender: 'male', birth_year: 1890, register_commitment: Buffer.alloc(32, 7).toString('base64') }],
  ['rules.set', { backdate_days: 60, post_election_days: 90, elections: ['1969-12-31', '2016-06-29', '2021-06-09'], reason: 'Ерөнхийлөгчийн сонгууль нэмэв' }],
];

test('the page signs byte for byte as `ledger sign`', async () => {
  for (const [i, [type, values]] of events().entries()) {
    const schema = schemas.find((s) => s.type === type);
    const { body, errors } = checkBody(schema, values);
    assert.deepEqual(errors, {}, type);
    const clientId = `client-${i}-ж`;
    const mine = await signSubmission(schema, body, clientId, key);
    const file = join(tmp, `event-${i}.json`);
    writeFileSync(file, JSON.stringify({ type, schema: schema.schema, client_id: clientId, body: values }));
    const theirs = JSON.parse(cli('sign', '--key', join(tmp, 'root.pem'), file));
    assert.deepEqual(mine, theirs, type);
    assert.equal(JSON.stringify(mine), JSON.stringify(theirs), `${type}: same key order`);
  }
});

test('the signed submission is accepted by the ledger', async () => {
  const schema = schemas.find((s) => s.type === 'organisation.established');
  const { body } = checkBody(schema, events()[2][1]);
  const sub = await signSubmission(schema, body, 'accept-1', key);
  const res = await fetch(`${server.base}/v1/events`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(sub) });
  assert.equal(res.status, 201, await res.text());
});

test('field checks follow docs/FORMAT.md 4.1', () => {
  const f = (kind, extra = {}) => ({ name: 'x', kind, required: true, ...extra });
  assert.equal(checkField(f('id'), 'a b').error, 'field.id');
  assert.equal(checkField(f('id'), 'x'.repeat(129)).error, 'field.id');
  assert.equal(checkField(f('text', { max_bytes: 4 }), 'ӨӨӨ').error, 'field.toolong');
  assert.equal(checkField(f('text'), 'a\u0001').error, 'field.control');
  assert.deepEqual(checkField(f('text'), 'a\tb\n'), { value: 'a\tb\n' });
  assert.equal(checkField(f('enum', { choices: ['a'] }), 'b').error, 'field.choice');
  assert.equal(checkField(f('date'), '2023-02-29').error, 'field.date');
  assert.equal(parseDate('2026-03-01'), 20513);
  assert.equal(parseDate('1969-12-31'), -1);
  assert.equal(checkField(f('uint'), '-1').error, 'field.uint');
  assert.equal(checkField(f('public-key'), 'AAAA').error, 'field.key32');
  assert.equal(checkField(f('x'), '').error, 'field.required');
  assert.deepEqual(checkField(f('date-list'), '2021-06-09, 2016-06-29 2021-06-09'), { value: ['2016-06-29', '2021-06-09'] });
  assert.equal(checkField(f('date-list'), '2023-02-29').error, 'field.date');
  assert.deepEqual(checkField({ ...f('text'), required: false }, ''), { absent: true });
  assert.deepEqual(checkField(f('id-list'), 'a, b *'), { value: ['a', 'b', '*'] });
  assert.throws(() => pemToPkcs8('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'));
  assert.throws(() => pemToPkcs8(pem.replace('MC4CAQAwBQYDK2VwBCIEI', 'MC4CAQAwBQYDK2VxBCIEI')));
});
