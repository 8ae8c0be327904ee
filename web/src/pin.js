// What this browser remembers about the log: the key it pinned on first use
// and the newest checkpoint it verified. Every visit checks the log's
// current checkpoint against both (a changed key, a rewrite, a rollback).
import * as api from './api.js';
import { consistencyStep } from './checks.js';
import { b64decode, b64encode, fingerprint, openCheckpoint, parseVerifierKey } from './verify.js';
import { DEFAULT_MAX_AGE, checkCosignatures, parseDuration, parsePolicy } from './witness.js';

const PIN = 'ledger.pinned-key', KEPT = 'ledger.kept-checkpoint', POLICY = 'ledger.pinned-policy';
const store = {
  get: (k) => { try { return localStorage.getItem(k); } catch { return null; } },
  set: (k, v) => { try { localStorage.setItem(k, v); } catch { /* private mode: nothing kept */ } },
  del: (k) => { try { localStorage.removeItem(k); } catch { /* ignore */ } },
};

// The key to verify with: the pinned one (pinning the served one on first
// use). state: first | same | differs.
export async function pinnedKey() {
  const servedText = (await api.text('/v1/vkey')).trim();
  const served = await parseVerifierKey(servedText);
  const pinnedText = store.get(PIN);
  if (!pinnedText) {
    store.set(PIN, servedText);
    return { vkey: served, state: 'first', fp: await fingerprint(served) };
  }
  const pinned = await parseVerifierKey(pinnedText);
  const fp = await fingerprint(pinned);
  if (pinnedText === servedText) return { vkey: pinned, state: 'same', fp };
  return { vkey: pinned, state: 'differs', fp, servedFp: await fingerprint(served), served: servedText };
}

// The witness policy to check cosignatures with: the one pinned (the user's
// own, or the server's pinned on first use, like the key), else none.
// state: first | same | differs (the server now offers another) | own | none.
// `maxAge` (text, e.g. "24h") is kept with it: how old the newest
// cosignature may be before the checkpoint counts as stale.
// A policy that does not parse is an error, shown as such.
export async function pinnedPolicy() {
  let offered = null;
  try { offered = await api.text('/v1/policy'); } catch (e) { if (e.status !== 404) throw e; }
  const pinned = storedPolicy();
  const maxAge = pinned?.maxAge || DEFAULT_MAX_AGE;
  if (!pinned?.text) {
    if (!offered) return { state: 'none', maxAge };
    const policy = await parsePolicy(offered);
    store.set(POLICY, JSON.stringify({ text: offered, source: 'server', maxAge }));
    return { state: 'first', policy, maxAge };
  }
  const policy = await parsePolicy(pinned.text);
  if (pinned.source === 'user') return { state: 'own', policy, offered, maxAge };
  if (offered === null || offered === pinned.text) return { state: 'same', policy, maxAge };
  return { state: 'differs', policy, offered, maxAge };
}

function storedPolicy() {
  try { return JSON.parse(store.get(POLICY)); } catch { return null; }
}

// Pins `text` (already parsed by the caller): source 'server' or 'user'.
// The max-age kept with the policy stays.
export function trustPolicy(text, source) {
  store.set(POLICY, JSON.stringify({ text, source, maxAge: storedPolicy()?.maxAge || DEFAULT_MAX_AGE }));
}
// Back to the server's policy; the max-age the user set stays.
export function forgetPolicy() {
  const maxAge = storedPolicy()?.maxAge;
  if (maxAge) store.set(POLICY, JSON.stringify({ maxAge })); else store.del(POLICY);
}
// Keeps the max-age `text` with the pinned policy; CheckError if it is not a duration.
export function setMaxAge(text) {
  parseDuration(text);
  store.set(POLICY, JSON.stringify({ ...(storedPolicy() || {}), maxAge: text.trim() }));
}

// The pinned policy against a signed checkpoint note: {pin, result} or
// {pin, error}; {pin} alone when there is no policy.
export async function witnessCheck(noteText) {
  let pin;
  const failed = (e) => ({ error: e.message, errorKind: e.kind || 'other', errorArgs: e.args || {} });
  try { pin = await pinnedPolicy(); } catch (e) { return { pin: { state: 'broken' }, ...failed(e) }; }
  if (!pin.policy) return { pin };
  try {
    return { pin, result: await checkCosignatures(noteText, pin.policy, { maxAge: parseDuration(pin.maxAge) }) };
  } catch (e) { return { pin, ...failed(e) }; }
}

// The user chose to trust a new key: the kept checkpoint was signed by the
// old one, so it is dropped too.
export function trust(vkeyText) { store.set(PIN, vkeyText); store.del(KEPT); }

export function kept() {
  try { const k = JSON.parse(store.get(KEPT)); return k && { size: k.size, root: b64decode(k.root), note: k.note }; } catch { return null; }
}

// `cp` is a checkpoint already verified with the pinned key. Checks that it
// extends the kept one (a consistency proof from the API) and keeps the newer.
export async function checkAgainstKept(cp, noteText) {
  const old = kept();
  let hashes = [];
  if (old && cp.size > old.size) {
    try {
      hashes = (await api.json(`/v1/proofs/consistency?old=${old.size}&new=${cp.size}`)).hashes;
    } catch (e) {
      return { id: 'consistency', status: 'failed', reason: e.message, kind: 'unavailable', problem: 'unavailable' };
    }
  }
  const step = await consistencyStep(old, cp, hashes);
  if (step.status === 'ok' && (!old || cp.size > old.size)) {
    store.set(KEPT, JSON.stringify({ size: cp.size, root: b64encode(cp.root), note: noteText }));
  }
  return step;
}

// The check every visit makes: the latest checkpoint, signed by the pinned
// key, extending what this browser saw before.
export async function watchLog() {
  const pin = await pinnedKey();
  const note = await api.text('/v1/checkpoint');
  let cp;
  try {
    cp = await openCheckpoint(note, pin.vkey);
  } catch (e) {
    return { pin, step: { id: 'consistency', status: 'failed', reason: e.message, kind: 'badcp', problem: e.kind, args: e.args } };
  }
  const [step, witnesses] = await Promise.all([checkAgainstKept(cp, note), witnessCheck(note)]);
  return { pin, cp, step, witnesses };
}
