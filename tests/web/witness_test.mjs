// witness.js alone, in node (node:test): policies parsed as verifier/policy.cc
// parses them, and cosignatures made here with node's own Ed25519 checked
// against one: good ones counted, a changed byte named, the quorum decided.
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkCosignatures, parseDuration, parsePolicy, quorumMet } from '../../web/src/witness.js';

const ex = join(dirname(fileURLToPath(import.meta.url)), '..', 'testdata', 'format-examples');
const logVkey = readFileSync(join(ex, 'vkey.txt'), 'utf8').trim();
const note = readFileSync(join(ex, 'checkpoint-07.txt'), 'utf8');
const body = note.slice(0, note.lastIndexOf('\n\n') + 1);

function witness(name) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const key = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const id = createHash('sha256').update(Buffer.concat([Buffer.from(name), Buffer.from([0x0a, 0x04]), key])).digest().subarray(0, 4);
  const vkey = `${name}+${id.toString('hex')}+${Buffer.concat([Buffer.from([4]), key]).toString('base64')}`;
  const cosign = (time) => {
    const ts = Buffer.alloc(8);
    ts.writeBigUInt64BE(BigInt(time));
    const sig = sign(null, Buffer.from(`cosignature/v1\ntime ${time}\n${body}`), privateKey);
    return `\u2014 ${name} ${Buffer.concat([id, ts, sig]).toString('base64')}\n`;
  };
  return { name, vkey, cosign };
}

const [a, b, c] = ['a.example/w', 'b.example/w', 'c.example/w'].map(witness);
const policyText = `# three witnesses, two needed\nlog ${logVkey}\nwitness A ${a.vkey}\nwitness B ${b.vkey} http://b.example\n` +
  `witness C ${c.vkey}\ngroup two 2 A B C\nquorum two\n`;

test('a policy parses, and its quorum is k of the group', async () => {
  const p = await parsePolicy(policyText);
  assert.equal(p.logs.length, 1);
  assert.deepEqual(p.witnesses.map((w) => w.name), ['A', 'B', 'C']);
  assert.equal(p.witnesses[1].url, 'http://b.example');
  assert.equal(quorumMet(p, new Set(['A'])), false);
  assert.equal(quorumMet(p, new Set(['A', 'C'])), true);
  assert.equal(quorumMet(await parsePolicy(`log ${logVkey}\nquorum none\n`), new Set()), true);
});

test('bad policies are refused, naming the line', async () => {
  const bad = [
    [`log ${logVkey}\n`, /no quorum line/],
    [`witness A ${a.vkey}\nwitness A ${b.vkey}\nquorum A\n`, /line 2: name "A" is already defined/],
    [`witness A ${a.vkey}\nwitness B ${a.vkey}\nquorum A\n`, /duplicate witness key/],
    [`group g 1 A\nquorum g\n`, /line 1: "A" is not defined/],
    [`witness A ${a.vkey}\ngroup g 2 A\nquorum g\n`, /threshold 2 is not between 1 and 1/],
    [`witness A ${logVkey}\nquorum A\n`, /type 0x04/],
    [`witness A ${a.vkey}\nquorum A\nquorum A\n`, /a second quorum line/],
    [`frobnicate x\n`, /unknown keyword/],
  ];
  for (const [text, why] of bad) await assert.rejects(parsePolicy(text), why, text);
});

test('cosignatures: counted, a changed byte named, the quorum decided', async () => {
  const p = await parsePolicy(policyText);
  const now = 1_800_000_000;
  const two = note + a.cosign(now - 60) + c.cosign(now - 5);
  let r = await checkCosignatures(two, p, { now });
  assert.deepEqual(r.witnesses.map((w) => [w.name, w.status]), [['A', 'ok'], ['B', 'absent'], ['C', 'ok']]);
  assert.equal(r.counted, 2);
  assert.equal(r.newest, now - 5);
  assert.ok(r.quorumMet);
  assert.equal(r.bad.length, 0);

  const line = c.cosign(now - 5);
  const raw = Buffer.from(line.slice(line.lastIndexOf(' ') + 1), 'base64');
  raw[30] ^= 1;
  const changed = `${line.slice(0, line.lastIndexOf(' ') + 1)}${raw.toString('base64')}\n`;
  r = await checkCosignatures(note + a.cosign(now) + changed, p, { now });
  assert.deepEqual(r.bad.map((w) => w.name), ['C']);
  assert.equal(r.quorumMet, false);

  r = await checkCosignatures(note + a.cosign(now) + b.cosign(now + 3600), p, { now });  // B an hour ahead
  assert.equal(r.witnesses[1].status, 'future');
  assert.equal(r.quorumMet, false);
  await assert.rejects(checkCosignatures(two, await parsePolicy(`witness A ${a.vkey}\nquorum A\n`), { now }), /names no log/);
});

test('max-age: durations read as ledger-verify reads them; old cosignatures are stale', async () => {
  assert.equal(parseDuration('90s'), 90);
  assert.equal(parseDuration('1h30m'), 5400);
  assert.equal(parseDuration('7d'), 7 * 86400);
  for (const bad of ['', '24', 'h', '36 hours', '1.5h', '-1h']) {
    assert.throws(() => parseDuration(bad), (e) => e.kind === 'duration', bad);
  }
  const p = await parsePolicy(policyText);
  const now = 1_800_000_000, day = 86400;
  // Both cosignatures within a day: fresh.
  let r = await checkCosignatures(note + a.cosign(now - 3600) + c.cosign(now - 7200), p, { now, maxAge: day });
  assert.equal(r.stale, null);
  assert.ok(r.quorumMet);
  // One older than the limit: not counted (as with --max-age), the checkpoint not stale.
  r = await checkCosignatures(note + a.cosign(now - 2 * day) + c.cosign(now - 60), p, { now, maxAge: day });
  assert.deepEqual(r.witnesses.map((w) => w.status), ['stale', 'absent', 'ok']);
  assert.equal(r.counted, 1);
  assert.equal(r.quorumMet, false);
  assert.equal(r.stale, null);
  // Every cosignature older than the limit: stale, its age from the newest signed time.
  r = await checkCosignatures(note + a.cosign(now - 3 * day) + c.cosign(now - 2 * day), p, { now, maxAge: day });
  assert.deepEqual(r.stale, { age: 2 * day, maxAge: day, newest: now - 2 * day });
  assert.equal(r.quorumMet, false);
  // Without a max-age, any age counts.
  r = await checkCosignatures(note + a.cosign(now - 3 * day) + c.cosign(now - 2 * day), p, { now });
  assert.equal(r.stale, null);
  assert.ok(r.quorumMet);
});
