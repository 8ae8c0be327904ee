// verify.js alone, in node (node:test), on the independent examples in
// tests/testdata/format-examples and on the worked record of docs/FORMAT.md
// section 2.4: hashing, both proof walks, signed notes, bundles, records.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  b64decode, decodeRecord, ed25519Verify, hex, leafHash, openCheckpoint, parseCheckpoint, parseSignedNote,
  parseTlogProof, parseVerifierKey, rootFromInclusion, sha256, signingInput, verifyConsistency,
  verifySignerPart,
} from '../../web/src/verify.js';

const ex = join(dirname(fileURLToPath(import.meta.url)), '..', 'testdata', 'format-examples');
const read = (f) => readFileSync(join(ex, f), 'utf8');
const inclusion = JSON.parse(read('inclusion-07-04.json'));
const consistency = JSON.parse(read('consistency-03-07.json'));
const rootOf = (f) => parseCheckpoint(parseSignedNote(read(f)).body).root;

test('leaf hash and the inclusion proof lead to the signed root', async () => {
  const leaf = await leafHash(b64decode(inclusion.leaf));
  assert.equal(hex(leaf), hex(b64decode(inclusion.leaf_hash)));
  const root = await rootFromInclusion(inclusion.index, inclusion.tree_size, leaf, inclusion.hashes.map(b64decode));
  assert.equal(hex(root), hex(rootOf('checkpoint-07.txt')));
});

test('a changed, missing or extra proof hash does not', async () => {
  const leaf = await leafHash(b64decode(inclusion.leaf));
  const hashes = inclusion.hashes.map(b64decode);
  const changed = hashes.map((h, i) => (i === 1 ? h.map((b, j) => (j === 0 ? b ^ 1 : b)) : h));
  assert.notEqual(hex(await rootFromInclusion(4, 7, leaf, changed)), hex(rootOf('checkpoint-07.txt')));
  await assert.rejects(rootFromInclusion(4, 7, leaf, hashes.slice(1)), /fewer hashes/);
  await assert.rejects(rootFromInclusion(4, 7, leaf, [...hashes, hashes[0]]), /more hashes/);
  await assert.rejects(rootFromInclusion(7, 7, leaf, hashes), /not below/);
});

test('the checkpoint verifies with the vkey and not with another', async () => {
  const vkey = await parseVerifierKey(read('vkey.txt'));
  const cp = await openCheckpoint(read('checkpoint-07.txt'), vkey);
  assert.equal(cp.size, 7);
  assert.equal(cp.origin, 'example.com/interop-selftest');
  const forged = read('checkpoint-07.txt').replace('\n7\n', '\n8\n');
  await assert.rejects(openCheckpoint(forged, vkey), /does not verify/);
  await assert.rejects(parseVerifierKey(read('vkey.txt').replace('+1559e663+', '+1559e664+')), /key id/);
});

test('consistency 3 -> 7 verifies; a changed hash or root is a rewrite', async () => {
  const hashes = consistency.hashes.map(b64decode);
  const [r3, r7] = [rootOf('checkpoint-03.txt'), rootOf('checkpoint-07.txt')];
  await verifyConsistency(3, r3, 7, r7, hashes);
  const bad = hashes.map((h, i) => (i === 0 ? new Uint8Array(32) : h));
  await assert.rejects(verifyConsistency(3, r3, 7, r7, bad), /rewritten|new root/);
  await assert.rejects(verifyConsistency(3, r7, 7, r7, hashes), /rewritten|new root/);
  await assert.rejects(verifyConsistency(7, r7, 7, r3, []), /forked/);
  await assert.rejects(verifyConsistency(7, r7, 3, r3, []), /larger/);
});

test('every leaf of the 7-leaf tree proves against the root it builds', async () => {
  const leaves = read('leaves-07.txt').split('\n').slice(0, 7).map(b64decode);  // leaf 0 is empty
  const hashes = await Promise.all(leaves.map(leafHash));
  const node = async (l, r) => sha256(new Uint8Array([1, ...l, ...r]));
  // MTH over 7 leaves: ((01)(23))((45)6)
  const root = await node(await node(await node(hashes[0], hashes[1]), await node(hashes[2], hashes[3])),
    await node(await node(hashes[4], hashes[5]), hashes[6]));
  assert.equal(hex(root), hex(rootOf('checkpoint-07.txt')));
});

test('a tlog-proof bundle parses into the proof it carries', () => {
  const text = `c2sp.org/tlog-proof@v1\nextra ${inclusion.leaf}\nindex 4\n${inclusion.hashes.join('\n')}\n\n${inclusion.checkpoint}`;
  const b = parseTlogProof(text);
  assert.equal(b.index, 4);
  assert.equal(b.hashes.length, 3);
  assert.equal(b.checkpoint, inclusion.checkpoint);
  assert.throws(() => parseTlogProof(text.replace('@v1', '@v2')), /tlog-proof/);
});

// tests/testdata/signer: `ledger prove inclusion --format tlog-proof` of a
// record signed by hr-khan-uul, whose key.register is seq 1 (FORMAT.md 7.3).
test('a bundle with the signer part names the department; a changed byte, size or key fails', async () => {
  const dir = join(ex, '..', 'signer');
  const vkey = await parseVerifierKey(readFileSync(join(dir, 'vkey.txt'), 'utf8'));
  const b = parseTlogProof(readFileSync(join(dir, 'record-2.tlog-proof'), 'utf8'));
  assert.ok(b.signer);
  const cp = await openCheckpoint(b.checkpoint, vkey);
  const rec = decodeRecord(b.extra);
  assert.deepEqual(await verifySignerPart(b.signer, rec, cp),
    { name: 'hr-khan-uul', role: 'authority', organisations: ['mn.ub.khan-uul'], registeredSeq: 1 });
  const flip = (l) => ({ ...l, leaf: l.leaf.map((x, i) => (i === 60 ? x ^ 1 : x)) });
  await assert.rejects(verifySignerPart({ ...b.signer, chain: b.signer.chain.map(flip) }, rec, cp), /not in the checkpoint/);
  await assert.rejects(verifySignerPart({ ...b.signer, treeSize: cp.size + 1 }, rec, cp), /tree size/);
  await assert.rejects(verifySignerPart(b.signer, { ...rec, signer: new Uint8Array(32) }, cp), /another key/);
  // Without the part, the extra data is the record alone.
  const bare = parseTlogProof(readFileSync(join(dir, 'record-2-bare.tlog-proof'), 'utf8'));
  assert.equal(bare.signer, null);
  assert.equal(hex(bare.extra), hex(b.extra));
});

test('the worked record of FORMAT.md 2.4 decodes and its signature verifies', async () => {
  const spec = readFileSync(join(ex, '..', '..', '..', 'docs', 'FORMAT.md'), 'utf8');
  const block = spec.slice(spec.indexOf('The 385 record bytes'), spec.indexOf('Record hash `7a2e'));
  // Each line: hex tokens, then the description.
  const hexOf = (line) => {
    const out = [];
    for (const w of line.trim().split(/\s+/)) { if (!/^([0-9a-f]{2})+$/.test(w)) break; out.push(w); }
    return out.join('');
  };
  const bytes = Uint8Array.from(block.split('\n').slice(2).map(hexOf).join('').match(/../g).map((x) => parseInt(x, 16)));
  assert.equal(bytes.length, 385);
  assert.equal(hex(await sha256(bytes)), '7a2e21ef256cf3fbf07d37b1eca214d548d8f652f00a0ac1e8e35e0e4b6144de');
  assert.equal(hex(await leafHash(bytes)), '0e4c3457bbead8263a778c2b6e553a051caf9bb5ba62f632b9ba350bedfaf55b');
  const r = decodeRecord(bytes);
  assert.equal(r.seq, 7);
  assert.equal(r.type, 'key.register');
  assert.deepEqual(r.flags, ['appointment.backdated']);
  assert.equal(hex(await sha256(signingInput(r))), 'a1c97303b69d4416de1fb269fb65543b4431856038cdfe558f15cc739dc04d2e');
  assert.ok(await ed25519Verify(r.signer, r.signature, signingInput(r)));
  assert.throws(() => decodeRecord(new Uint8Array([...bytes, 0])), /trailing/);
});
