// The checking code of the page and of the offline verify.html: hashing, the
// RFC 6962 / RFC 9162 proof walks, C2SP signed notes and checkpoints, the
// tlog-proof bundle and the record layout (docs/FORMAT.md). WebCrypto only;
// no DOM, no network: every function takes bytes or text and returns values.

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

// A failed check: `message` in English (shown as the detail), `kind` names
// the problem and `args` its values, for the page's words (i18n_reasons.js).
export class CheckError extends Error {
  constructor(message, kind = 'other', args = {}) { super(message); this.kind = kind; this.args = args; }
}
const fail = (msg, kind, args) => { throw new CheckError(msg, kind, args); };

// ---- bytes ----
export function b64decode(s) {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) fail(`not base64: ${s.slice(0, 20)}`, 'base64');
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
export function b64encode(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}
export const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
export const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

// ---- hashing (docs/FORMAT.md section 7) ----
export function cryptoAvailable() {
  return typeof crypto !== 'undefined' && !!crypto.subtle && (typeof isSecureContext === 'undefined' || isSecureContext);
}
export const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
export const leafHash = (record) => sha256(concat(Uint8Array.of(0), record));
export const nodeHash = (left, right) => sha256(concat(Uint8Array.of(1), left, right));

// The root an inclusion proof leads to (RFC 9162 section 2.1.3.2), or a CheckError.
export async function rootFromInclusion(index, size, leaf, hashes) {
  let fn = BigInt(index), sn = BigInt(size) - 1n;
  if (fn > sn) fail(`index ${index} is not below the tree size ${size}`, 'proof.index', { index, size });
  let r = leaf;
  for (const p of hashes) {
    if (sn === 0n) fail('the proof has more hashes than the tree size allows', 'proof.length');
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n; sn >>= 1n;
  }
  if (sn !== 0n) fail('the proof has fewer hashes than the tree size needs', 'proof.length');
  return r;
}

// Checks that the tree of size `newSize` and root `newRoot` extends the one
// of `oldSize`, `oldRoot` (RFC 9162 section 2.1.4.2). Throws CheckError.
export async function verifyConsistency(oldSize, oldRoot, newSize, newRoot, hashes) {
  let m = BigInt(oldSize), n = BigInt(newSize);
  if (m > n) fail(`the old size ${oldSize} is larger than the new size ${newSize}`, 'consistency.smaller', { from: oldSize, to: newSize });
  if (m === n) {
    if (hashes.length) fail('a proof between equal sizes must be empty', 'consistency.length');
    if (!equal(oldRoot, newRoot)) fail('same size, different root: the log was forked or rewritten', 'consistency.fork');
    return;
  }
  if (m === 0n) { if (hashes.length) fail('a proof from size 0 must be empty', 'consistency.length'); return; }
  let path = hashes;
  if ((m & (m - 1n)) === 0n) path = [oldRoot, ...hashes];
  if (!path.length) fail('the consistency proof is empty', 'consistency.length');
  let fn = m - 1n, sn = n - 1n;
  while ((fn & 1n) === 1n) { fn >>= 1n; sn >>= 1n; }
  let fr = path[0], sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0n) fail('the consistency proof has too many hashes', 'consistency.length');
    if ((fn & 1n) === 1n || fn === sn) {
      fr = await nodeHash(c, fr);
      sr = await nodeHash(c, sr);
      while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
    } else {
      sr = await nodeHash(sr, c);
    }
    fn >>= 1n; sn >>= 1n;
  }
  if (sn !== 0n) fail('the consistency proof has too few hashes', 'consistency.length');
  if (!equal(fr, oldRoot)) fail('the proof does not lead to the old root: history was rewritten', 'consistency.oldroot');
  if (!equal(sr, newRoot)) fail('the proof does not lead to the new root', 'consistency.newroot');
}

// ---- keys and signed notes (section 8) ----
// "<name>+<key id hex>+<base64(0x01 || key)>"
export async function parseVerifierKey(text) {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+(\S+)$/.exec(text.trim());
  if (!m) fail('a verifier key has the form name+keyid+key', 'vkey.form');
  const [, name, idHex, keyB64] = m;
  const raw = b64decode(keyB64);
  if (raw.length !== 33 || raw[0] !== 1) fail('the verifier key is not an Ed25519 key', 'vkey.type');
  const key = raw.slice(1);
  const id = (await sha256(concat(enc.encode(name), Uint8Array.of(0x0a, 0x01), key))).slice(0, 4);
  if (hex(id) !== idHex) fail('the verifier key id does not match its name and key', 'vkey.id');
  return { name, id, key, text: text.trim() };
}

// A short, comparable fingerprint: SHA-256 of the public key, 16 bytes in groups.
export async function fingerprint(vkey) {
  return hex((await sha256(vkey.key)).slice(0, 16)).match(/.{4}/g).join(' ');
}

export function parseSignedNote(text) {
  const split = text.lastIndexOf('\n\n');
  if (split < 0 || !text.endsWith('\n')) fail('not a signed note: no empty line before the signatures', 'note.form');
  const body = text.slice(0, split + 1);
  const sigs = [];
  for (const line of text.slice(split + 2, -1).split('\n')) {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!m) fail(`bad signature line: ${line.slice(0, 40)}`, 'note.line');
    const raw = b64decode(m[2]);
    if (raw.length < 5) fail('a signature line is too short', 'note.line');
    sigs.push({ name: m[1], id: raw.slice(0, 4), sig: raw.slice(4) });
  }
  return { body, sigs };
}

export async function ed25519Verify(key, sig, message) {
  let k;
  try {
    k = await crypto.subtle.importKey('raw', key, { name: 'Ed25519' }, false, ['verify']);
  } catch (e) {
    fail(`this browser's WebCrypto has no Ed25519 (${e.name}); use a current browser`, 'ed25519.unsupported');
  }
  return crypto.subtle.verify({ name: 'Ed25519' }, k, sig, message);
}

// Verifies the note's signature by `vkey` and parses the checkpoint body.
export async function openCheckpoint(text, vkey) {
  const note = parseSignedNote(text);
  const mine = note.sigs.filter((s) => s.name === vkey.name && equal(s.id, vkey.id));
  if (!mine.length) fail(`no signature by the key ${vkey.name}+${hex(vkey.id)}`, 'checkpoint.unsigned', { key: `${vkey.name}+${hex(vkey.id)}` });
  for (const s of mine) {
    if (s.sig.length !== 64 || !(await ed25519Verify(vkey.key, s.sig, enc.encode(note.body)))) {
      fail('the checkpoint signature does not verify with the pinned key', 'checkpoint.signature');
    }
  }
  const cp = parseCheckpoint(note.body);
  if (cp.origin !== vkey.name) fail(`the checkpoint's origin ${cp.origin} is not the key's name ${vkey.name}`, 'checkpoint.origin', { origin: cp.origin, name: vkey.name });
  return cp;
}

export function parseCheckpoint(body) {
  const lines = body.split('\n');
  if (lines.length < 4 || !/^(0|[1-9][0-9]*)$/.test(lines[1])) fail('a checkpoint is origin, size, root', 'checkpoint.form');
  const root = b64decode(lines[2]);
  if (root.length !== 32) fail('the checkpoint root is not 32 bytes', 'checkpoint.form');
  return { origin: lines[0], size: Number(lines[1]), root, body };
}

// ---- the c2sp.org/tlog-proof@v1 bundle (section 7.2) ----
export function parseTlogProof(text) {
  const split = text.indexOf('\n\n');
  if (split < 0) fail('not a tlog-proof: no empty line before the checkpoint', 'bundle.form');
  const lines = text.slice(0, split).split('\n');
  if (lines[0] !== 'c2sp.org/tlog-proof@v1') fail('not a c2sp.org/tlog-proof@v1 file', 'bundle.form');
  let i = 1, extra = null, signer = null;
  if (lines[i]?.startsWith('extra ')) ({ record: extra, signer } = decodeTlogExtra(b64decode(lines[i++].slice(6))));
  const m = /^index (0|[1-9][0-9]*)$/.exec(lines[i++] || '');
  if (!m) fail('the index line is missing', 'bundle.form');
  const hashes = lines.slice(i).map(b64decode);
  if (hashes.some((h) => h.length !== 32)) fail('a proof hash is not 32 bytes', 'bundle.form');
  return { extra, signer, index: Number(m[1]), hashes, checkpoint: text.slice(split + 2) };
}

// A little-endian archive reader (FORMAT.md section 1) over `bytes`.
function archive(bytes, what) {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const need = (n) => { if (at + n > bytes.length) fail(`${what} is cut short`, 'bytes.malformed'); };
  const r = {
    take: (n) => { need(n); const s = bytes.subarray(at, at + n); at += n; return s; },
    u8: () => r.take(1)[0],
    u64: () => { need(8); const x = v.getBigUint64(at, true); at += 8; return x; },
    blob: () => { const n = r.u64(); if (n > BigInt(bytes.length - at)) fail(`a length in ${what} runs past its end`, 'bytes.malformed'); return r.take(Number(n)); },
    text: () => dec.decode(r.blob()),
    list: (item) => { const out = []; for (let n = r.u64(); n > 0n; n--) out.push(item()); return out; },
    end: () => { if (at !== bytes.length) fail(`trailing bytes after ${what}`, 'bytes.malformed'); },
  };
  if (r.u8() !== 1) fail(`${what} does not start with the archive flag 0x01`, 'bytes.malformed');
  return r;
}

// The extra data: the record alone, or "ledger-signer/v1" + the record and
// the signer part (FORMAT.md 7.2, 7.3).
const kSignerMagic = enc.encode('ledger-signer/v1');
export function decodeTlogExtra(extra) {
  if (extra.length < kSignerMagic.length || !equal(extra.subarray(0, kSignerMagic.length), kSignerMagic)) {
    return { record: extra, signer: null };
  }
  const r = archive(extra.subarray(kSignerMagic.length), 'the signer container');
  const record = r.blob();
  const treeSize = Number(r.u64());
  const chain = r.list(() => ({ index: Number(r.u64()), leaf: r.blob(), hashes: r.list(() => r.take(32)) }));
  r.end();
  return { record, signer: { treeSize, chain } };
}

// The "signer" object of an inclusion proof's JSON (FORMAT.md 7.1, 7.3), or null.
export function signerPartFromJson(o) {
  if (o == null) return null;
  return { treeSize: o.tree_size, chain: o.chain.map((l) => ({ index: l.index, leaf: b64decode(l.leaf), hashes: l.hashes.map(b64decode) })) };
}

// The key a registering record names, and what it says of it (FORMAT.md 4.2).
export function decodeRegistration(rec) {
  const r = archive(rec.body, `the ${rec.type} body`);
  let out;
  if (rec.type === 'key.register') {
    out = { key: r.take(32), name: r.text(), role: r.text(), organisations: r.list(r.text) };
    if (r.u8() === 1) r.text();  // the optional note
  } else if (rec.type === 'key.rotate') {
    out = { oldKey: r.take(32), key: r.take(32) };
    r.text();
  } else if (rec.type === 'ledger.genesis') {
    r.text(); r.take(32);
    out = { key: r.take(32), name: r.text(), role: 'root', organisations: ['*'] };
    if (rec.schema >= 2 && r.u8() === 1) r.list(r.text);  // the optional rule sets
  } else {
    fail(`seq ${rec.seq} is a ${rec.type}, which registers no key`, 'signer.notreg', { seq: rec.seq });
  }
  r.end();
  return out;
}

// Who signed `rec`, from the signer part checked against the verified
// checkpoint `cp` (FORMAT.md 7.3). Revocation since is not checked.
export async function verifySignerPart(part, rec, cp) {
  if (part.treeSize !== cp.size) fail(`the signer part is for tree size ${part.treeSize}, the checkpoint for ${cp.size}`, 'signer.size', { part: part.treeSize, size: cp.size });
  let want = rec.signer, below = rec.seq;
  for (const [i, link] of part.chain.entries()) {
    const what = `the signer part's record at seq ${link.index}`;
    if (!(link.index < below || (link.index === 0 && below === 0))) fail(`${what} is out of order`, 'signer.chain', { seq: link.index });
    const root = await rootFromInclusion(link.index, cp.size, await leafHash(link.leaf), link.hashes);
    if (!equal(root, cp.root)) fail(`${what} is not in the checkpoint's tree`, 'signer.notintree', { seq: link.index });
    const reg = decodeRecord(link.leaf);
    if (reg.seq !== link.index) fail(`${what} says seq ${reg.seq}`, 'signer.chain', { seq: link.index });
    if (!(await ed25519Verify(reg.signer, reg.signature, signingInput(reg)))) fail(`${what}: its signature does not verify`, 'signer.signature', { seq: link.index });
    const body = decodeRegistration(reg);
    if (!equal(body.key, want)) fail(`${what} registers another key than the one that signed`, 'signer.otherkey', { seq: link.index });
    if (reg.type === 'ledger.genesis' && !equal(reg.signer, want)) fail(`${what} is not signed by the root key`, 'signer.chain', { seq: link.index });
    below = link.index;
    if (reg.type === 'key.rotate') { want = body.oldKey; continue; }
    if (i !== part.chain.length - 1) fail('the signer part has records after the registration', 'signer.chain', { seq: link.index });
    return { name: body.name, role: body.role, organisations: body.organisations, registeredSeq: part.chain[0].index };
  }
  fail('the signer part does not reach the key.register that names the key', 'signer.noreg');
}

// ---- the record (section 2) and its signing input (section 3) ----
export function decodeRecord(bytes) {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const need = (n) => { if (at + n > bytes.length) fail('the record is cut short', 'record.malformed'); };
  const take = (n) => { need(n); const s = bytes.subarray(at, at + n); at += n; return s; };
  const u64 = () => { need(8); const x = v.getBigUint64(at, true); at += 8; return x; };
  const blob = () => { const n = u64(); if (n > BigInt(bytes.length)) fail('a length runs past the record', 'record.malformed'); return take(Number(n)); };
  if (take(1)[0] !== 1 || v.getUint16(1, true) !== 1) fail('not a version-1 record', 'record.malformed');
  at = 3;
  const seq = Number(u64());
  const prevHash = take(32);
  need(8);
  const recordedAt = v.getBigInt64(at, true); at += 8;
  const typeBytes = blob();
  need(4);
  const schema = v.getUint32(at, true); at += 4;
  const body = blob();
  const clientId = blob();
  const signer = take(32);
  const signature = take(64);
  const flags = [];
  for (let n = u64(); n > 0n; n--) flags.push(dec.decode(blob()));
  if (at !== bytes.length) fail('trailing bytes after the record', 'record.malformed');
  return { seq, prevHash, recordedAt, type: dec.decode(typeBytes), typeBytes, schema, body,
    clientId: dec.decode(clientId), clientIdBytes: clientId, signer, signature, flags };
}

const u64le = (n) => { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, BigInt(n), true); return b; };
const u32le = (n) => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, n, true); return b; };
const lenPrefixed = (b) => concat(u64le(b.length), b);

export function signingInput(r) {
  return concat(enc.encode('civil-service-ledger/submission/v1\n'), Uint8Array.of(1),
    lenPrefixed(r.typeBytes), u32le(r.schema), lenPrefixed(r.body), lenPrefixed(r.clientIdBytes), r.signer);
}
