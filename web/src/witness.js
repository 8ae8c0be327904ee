// Witness cosignatures (c2sp.org/tlog-cosignature, Ed25519 cosignature/v1)
// checked against a trust policy (c2sp.org/tlog-policy): which witnesses
// count and how many must have cosigned. Read as verifier/policy.cc reads
// them. No DOM, no network: text in, values out; WebCrypto only.
import { CheckError, b64decode, concat, ed25519Verify, equal, hex, openCheckpoint, parseSignedNote, parseVerifierKey, sha256 } from './verify.js';

const enc = new TextEncoder();
const fail = (msg, kind, args) => { throw new CheckError(msg, kind, args); };

// "<name>+<key id hex>+<base64(0x04 || key)>": a witness (cosigner) key.
export async function parseCosignerKey(text) {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+(\S+)$/.exec(text.trim());
  if (!m) fail('a witness key has the form name+keyid+key', 'wkey.form');
  const [, name, idHex, keyB64] = m;
  const raw = b64decode(keyB64);
  if (raw.length !== 33 || raw[0] !== 4) fail(`the witness key ${name} is not an Ed25519 cosignature/v1 key (type 0x04)`, 'wkey.type', { name });
  const key = raw.slice(1);
  const id = (await sha256(concat(enc.encode(name), Uint8Array.of(0x0a, 0x04), key))).slice(0, 4);
  if (hex(id) !== idHex) fail(`the witness key id of ${name} does not match its name and key`, 'wkey.id', { name });
  return { name, id, key, text: text.trim() };
}

// The policy's lines: log, witness, group, exactly one quorum; names defined
// before use; duplicates refused. Throws CheckError naming the line.
export async function parsePolicy(text) {
  const p = { logs: [], witnesses: [], groups: [], quorum: null, text };
  const names = new Map();  // name -> 'witness' | 'group'
  const lines = text.split('\n');
  for (let n = 1; n <= lines.length; n++) {
    const line = lines[n - 1];
    const bad = (why) => fail(`policy line ${n}: ${why}`, 'policy.line', { n });
    if (/[\x00-\x08\x0a-\x1f\x7f]/.test(line.replace(/\r$/, ''))) bad('control character');
    const f = line.replace(/\r$/, '').split(/[ \t]+/).filter(Boolean);
    if (!f.length || f[0].startsWith('#')) continue;
    const defined = (name) => { if (name === 'none' || names.has(name)) bad(`name "${name}" is already defined`); };
    if (f[0] === 'log') {
      if (f.length < 2 || f.length > 3) bad('want: log <vkey> [<url>]');
      let key;
      try { key = await parseVerifierKey(f[1]); } catch (e) { bad(e.message); }
      if (p.logs.some((l) => equal(l.key, key.key))) bad('duplicate log key');
      p.logs.push(key);
    } else if (f[0] === 'witness') {
      if (f.length < 3 || f.length > 4) bad('want: witness <name> <vkey> [<url>]');
      defined(f[1]);
      let key;
      try { key = await parseCosignerKey(f[2]); } catch (e) { bad(e.message); }
      if (p.witnesses.some((w) => equal(w.key.key, key.key))) bad('duplicate witness key');
      names.set(f[1], 'witness');
      p.witnesses.push({ name: f[1], key, url: f[3] || '' });
    } else if (f[0] === 'group') {
      if (f.length < 4) bad('want: group <name> all|any|<k> <name>...');
      defined(f[1]);
      const members = f.slice(3);
      members.forEach((m, i) => {
        if (!names.has(m)) bad(`"${m}" is not defined on an earlier line`);
        if (members.indexOf(m) !== i) bad(`"${m}" is listed twice`);
      });
      let threshold;
      if (f[2] === 'all') threshold = members.length;
      else if (f[2] === 'any') threshold = 1;
      else if (/^[1-9][0-9]*$/.test(f[2])) threshold = Number(f[2]);
      else bad('threshold is not all, any or a decimal number');
      if (threshold < 1 || threshold > members.length) bad(`threshold ${threshold} is not between 1 and ${members.length}`);
      names.set(f[1], 'group');
      p.groups.push({ name: f[1], threshold, members });
    } else if (f[0] === 'quorum') {
      if (f.length !== 2) bad('want: quorum <name>');
      if (p.quorum !== null) bad('a second quorum line');
      if (f[1] !== 'none' && !names.has(f[1])) bad(`"${f[1]}" is not defined on an earlier line`);
      p.quorum = f[1];
    } else {
      bad(`unknown keyword "${f[0]}"`);
    }
  }
  if (p.quorum === null) fail('the policy has no quorum line', 'policy.noquorum');
  return p;
}

// Whether the witnesses named (policy names) satisfy the policy's quorum.
export function quorumMet(policy, witnessed) {
  if (policy.quorum === 'none') return true;
  const ok = new Set(policy.witnesses.map((w) => w.name).filter((n) => witnessed.has(n)));
  for (const g of policy.groups) {
    if (g.members.filter((m) => ok.has(m)).length >= g.threshold) ok.add(g.name);
  }
  return ok.has(policy.quorum);
}

export const isoTime = (secs) => new Date(Number(secs) * 1000).toISOString().replace('.000Z', 'Z');

// How old a cosigned checkpoint may be, as `ledger-verify --max-age` reads
// it: "90s", "15m", "36h", "7d", "1h30m". Its default, when the user set none.
export const DEFAULT_MAX_AGE = '24h';
export function parseDuration(text) {
  const s = String(text).trim();
  const want = `duration "${s}": want e.g. 90s, 15m, 36h, 7d or 1h30m`;
  if (!/^(?:[0-9]{1,12}[smhd])+$/.test(s)) fail(want, 'duration', { text: s });
  let total = 0;
  for (const [, n, unit] of s.matchAll(/([0-9]+)([smhd])/g)) total += Number(n) * { s: 1, m: 60, h: 3600, d: 86400 }[unit];
  return total;
}

// Checks a signed checkpoint against `policy`: a policy log must have signed
// it (else CheckError), then every policy witness's cosignature lines. Each
// witness gets a status: ok | bad (a line does not verify: only tampering
// makes one) | absent | future (more than `futureSkew` seconds ahead: not
// counted) | stale (signed more than `maxAge` seconds ago: not counted, as
// with ledger-verify --max-age). `now` is POSIX seconds (the browser's
// clock); the times are the ones the witnesses signed. `stale` in the result
// is {age, maxAge} when even the newest valid cosignature is too old.
export async function checkCosignatures(noteText, policy, { now = Date.now() / 1000, futureSkew = 600, maxAge = null } = {}) {
  const note = parseSignedNote(noteText);
  const origin = note.body.slice(0, note.body.indexOf('\n'));
  const logs = policy.logs.filter((l) => l.name === origin);
  if (!logs.length) fail(`the policy names no log ${origin}`, 'policy.nolog', { origin });
  let cp = null, lastError = null;
  for (const log of logs) {
    try { cp = await openCheckpoint(noteText, log); break; } catch (e) { lastError = e; }
  }
  if (!cp) fail(`no log key of the policy signed this checkpoint (${lastError.message})`, 'policy.unsigned');
  const witnesses = [];
  for (const w of policy.witnesses) {
    const lines = note.sigs.filter((s) => s.name === w.key.name && equal(s.id, w.key.id));
    const one = { name: w.name, keyName: w.key.name, status: 'absent', time: null };
    for (const s of lines) {
      if (s.sig.length !== 72) { one.status = 'bad'; break; }
      const ts = new DataView(s.sig.buffer, s.sig.byteOffset, 8).getBigUint64(0, false);
      const msg = concat(enc.encode(`cosignature/v1\ntime ${ts}\n`), enc.encode(note.body));
      if (ts > (1n << 63n) - 1n || !(await ed25519Verify(w.key.key, s.sig.slice(8), msg))) { one.status = 'bad'; break; }
      one.time = Number(ts);
      if (one.time > now + futureSkew) one.status = 'future';
      else one.status = maxAge != null && one.time + maxAge < now ? 'stale' : 'ok';
    }
    witnesses.push(one);
  }
  const counted = witnesses.filter((w) => w.status === 'ok');
  const newest = counted.length ? Math.max(...counted.map((w) => w.time)) : null;
  const valid = witnesses.filter((w) => w.status === 'ok' || w.status === 'stale');
  const newestSigned = valid.length ? Math.max(...valid.map((w) => w.time)) : null;
  return {
    stale: maxAge != null && newestSigned != null && newestSigned + maxAge < now
      ? { age: Math.floor(now - newestSigned), maxAge, newest: newestSigned } : null,
    checkpoint: cp, witnesses, counted: counted.length, total: policy.witnesses.length,
    newest, bad: witnesses.filter((w) => w.status === 'bad'),
    quorumMet: quorumMet(policy, new Set(counted.map((w) => w.name))),
    cosignatureLines: note.sigs.length - 1,
  };
}
