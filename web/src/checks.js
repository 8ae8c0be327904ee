// The verification as a list of named steps, each with its result, for the
// record page and the offline verifier to show in plain words. Pure: data in,
// steps out (no DOM, no network). The checking itself is in verify.js.
import {
  CheckError, b64decode, b64encode, decodeRecord, ed25519Verify, equal, hex, leafHash,
  openCheckpoint, rootFromInclusion, signingInput, verifyConsistency, verifySignerPart,
} from './verify.js';

// Runs steps in order; after the first failure the rest are skipped.
class Steps {
  constructor() { this.list = []; this.ok = true; }
  async run(id, fn) {
    if (!this.ok) { this.list.push({ id, status: 'skipped' }); return; }
    const t0 = performance.now();
    try {
      const detail = (await fn()) || {};
      this.list.push({ id, status: 'ok', detail, ms: performance.now() - t0 });
    } catch (e) {
      this.ok = false;
      const reason = e instanceof CheckError ? e.message : `${e.name}: ${e.message}`;
      const kind = e instanceof CheckError ? e.kind : 'other';
      this.list.push({ id, status: 'failed', reason, kind, args: e.args || {}, ms: performance.now() - t0 });
    }
  }
}

const short = (bytes) => hex(bytes).slice(0, 16) + '…';

// One record against the checkpoint: `record` (bytes), `index`, `hashes`
// (Uint8Arrays), `checkpoint` (signed note text), `vkey` (parsed pinned key),
// and optionally `treeSize` and `leafHash` (base64) as the proof JSON states them.
export async function verifyInclusionSteps(input) {
  const s = new Steps();
  let leaf, rec, cp, root;
  await s.run('leaf', async () => {
    leaf = await leafHash(input.record);
    if (input.leafHash && b64encode(leaf) !== input.leafHash) {
      throw new CheckError('the proof names another leaf hash than the record bytes give', 'leaf.mismatch');
    }
    return { bytes: input.record.length, hash: short(leaf) };
  });
  await s.run('record', async () => {
    rec = decodeRecord(input.record);
    if (rec.seq !== input.index) throw new CheckError(`the record says seq ${rec.seq}, the proof index ${input.index}`, 'record.index', { seq: rec.seq, index: input.index });
    return { seq: rec.seq, type: rec.type, flags: rec.flags.join(', ') || '—' };
  });
  await s.run('signer', async () => {
    if (!(await ed25519Verify(rec.signer, rec.signature, signingInput(rec)))) {
      throw new CheckError('the Ed25519 signature over the submission does not verify', 'signer.badsig');
    }
    return { signer: b64encode(rec.signer) };
  });
  await s.run('checkpoint', async () => {
    cp = await openCheckpoint(input.checkpoint, input.vkey);
    if (input.treeSize != null && cp.size !== input.treeSize) {
      throw new CheckError(`the proof is for size ${input.treeSize}, the checkpoint for ${cp.size}`, 'proof.size', { proof: input.treeSize, size: cp.size });
    }
    return { origin: cp.origin, size: cp.size };
  });
  await s.run('proof', async () => {
    root = await rootFromInclusion(input.index, cp.size, leaf, input.hashes);
    return { hashes: input.hashes.length, root: short(root) };
  });
  await s.run('root', async () => {
    if (!equal(root, cp.root)) {
      throw new CheckError(`computed ${short(root)}, signed ${short(cp.root)}: a hash of the proof or the record was changed`, 'root.mismatch', { computed: short(root), signed: short(cp.root) });
    }
    return { root: short(cp.root) };
  });
  // Who signed, when the bundle carries the signer part (FORMAT.md 7.3).
  if (input.signerPart) {
    await s.run('identity', async () => {
      const id = await verifySignerPart(input.signerPart, rec, cp);
      const orgs = id.organisations.join(', ');
      return { name: id.name, role: id.role, orgs: orgs === '*' ? '*' : orgs, seq: id.registeredSeq };
    });
  } else if (input.signerPart === null) {
    s.list.push({ id: 'identity', status: 'skipped' });
  }
  return { steps: s.list, ok: s.ok, checkpoint: cp, record: rec };
}

// The newest checkpoint this browser kept (`kept`: {size, root}) against a
// newly verified one (`current`), with the proof from the API between them.
// Returns a step: ok (extends it), or failed with `kind` rewrite | rollback.
export async function consistencyStep(kept, current, proofHashes) {
  const s = new Steps();
  let kind = null;
  await s.run('consistency', async () => {
    if (!kept) return { first: true, size: current.size };
    if (current.size < kept.size) {
      kind = 'rollback';
      throw new CheckError(`the log now shows size ${current.size}, this browser saw ${kept.size}`, 'consistency.rollback', { from: kept.size, to: current.size });
    }
    try {
      await verifyConsistency(kept.size, kept.root, current.size, current.root, proofHashes.map(b64decode));
    } catch (e) {
      kind = 'rewrite';
      throw e;
    }
    return { from: kept.size, to: current.size };
  });
  // `kind` here is what the watch shows (rewrite | rollback); the problem's own kind is `problem`.
  const { kind: problem, ...step } = s.list[0];
  return { ...step, problem, kind, from: kept?.size, to: current.size };
}
