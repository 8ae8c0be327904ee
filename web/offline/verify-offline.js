// The offline verifier (verify.html): a c2sp.org/tlog-proof bundle and the
// log's verifier key (and, optionally, a witness policy) in, the same steps
// as the record page out. No server, no network: verify.html's policy
// forbids every fetch.
import { verifyInclusionSteps } from '../src/checks.js';
import { ageWords, initLang, lang, reason, setLang, t } from '../src/i18n.js';
import { CheckError, cryptoAvailable, fingerprint, parseTlogProof, parseVerifierKey } from '../src/verify.js';
import { checkCosignatures, isoTime, parseDuration, parsePolicy } from '../src/witness.js';

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
  e.append(...children.filter((c) => c != null));
  return e;
}

function labels() {
  document.title = t('offline.title');
  $('title').textContent = t('offline.title');
  $('intro').textContent = t('offline.intro');
  $('bundle-label').textContent = t('offline.bundle');
  $('key-label').textContent = t('offline.key');
  $('policy-label').textContent = t('offline.policy');
  $('maxage-label').textContent = t('offline.maxage');
  $('run').textContent = t('offline.run');
  $('lang').textContent = t('lang.switch');
}

// Why a step failed: the words for its kind in the page's language, the
// English detail as a second line.
function why(s) {
  if (!s.reason) return null;
  const r = s.status === 'failed' && s.kind ? reason(s.kind, s.args, s.reason) : { words: null, detail: s.reason };
  return el('span', { class: 'reason', 'data-kind': s.kind || '' }, ' — ', r.words || r.detail,
    r.words ? el('span', { class: 'why-detail', lang: 'en' }, r.detail) : null);
}

function stepItem(s) {
  const detail = s.detail && Object.keys(s.detail).length ? ` — ${t(`detail.${s.id}`, s.detail)}` : '';
  return el('li', { 'data-step': s.id, 'data-status': s.status, class: s.status, ...(s.stale != null ? { 'data-stale': String(s.stale) } : {}) },
    `${s.status === 'ok' ? '✔' : s.status === 'failed' ? '✘' : '·'} ${t(`step.${s.id}`)}: `,
    el('strong', {}, t(`status.${s.status}`)), detail, why(s));
}
// A failed step from what was thrown.
const failedStep = (id, e) => ({ id, status: 'failed', reason: e.message, kind: e.kind || 'other', args: e.args || {} });

async function run() {
  const out = $('result');
  out.replaceChildren();
  const file = $('bundle').files[0];
  const text = file ? await file.text() : $('bundle-text').value;
  const steps = [];
  let vkey, bundle, result = { ok: false, steps: [] };
  try {
    vkey = await parseVerifierKey($('key').value);
    steps.push({ id: 'key', status: 'ok', detail: {}, reason: `${vkey.name} · ${await fingerprint(vkey)}` });
  } catch (e) {
    steps.push(failedStep('key', e));
  }
  if (vkey) {
    try {
      bundle = parseTlogProof(text);
      if (!bundle.extra) throw new CheckError('the bundle has no extra line with the record bytes', 'bundle.norecord');
    } catch (e) {
      steps.push(failedStep('leaf', e));
    }
  }
  let ms = 0;
  if (bundle?.extra) {
    const t0 = performance.now();
    result = await verifyInclusionSteps({ record: bundle.extra, index: bundle.index, hashes: bundle.hashes, checkpoint: bundle.checkpoint, vkey, signerPart: bundle.signer });
    ms = performance.now() - t0;
    const none = (s) => (s.id === 'identity' && s.status === 'skipped' && result.ok ? { ...s, reason: t('identity.none') } : s);
    steps.push(...result.steps.map(none));
    if (result.ok && $('policy').value.trim()) steps.push(await witnessStep(bundle.checkpoint, $('policy').value, $('maxage').value.trim()));
  }
  const failed = steps.find((s) => s.status === 'failed');
  out.append(
    el('p', { id: 'verdict', class: `status ${failed ? 'bad' : 'ok'}`, 'data-ok': String(!failed) },
      failed ? t('record.failed', { step: t(`step.${failed.id}`) }) : t('record.verified', { ms: ms.toFixed(1) })),
    el('ol', { class: 'steps', id: 'steps' }, ...steps.map(stepItem)));
}

// The bundle's checkpoint against the policy given: every cosignature of a
// policy witness must verify, and enough of them for the quorum, each made
// no longer than `maxAgeText` ago by this computer's clock (empty: any age).
async function witnessStep(note, policyText, maxAgeText) {
  try {
    const maxAge = maxAgeText ? parseDuration(maxAgeText) : null;
    const r = await checkCosignatures(note, await parsePolicy(policyText), { maxAge });
    const now = Date.now() / 1000, max = maxAgeText ? `${ageWords(maxAge)} (${maxAgeText})` : '';
    const summary = t('witness.summary', { n: r.counted, total: r.total, newest: r.newest != null ? isoTime(r.newest) : '—' });
    const names = r.witnesses.map((w) => `${w.name}: ${t(`witness.${w.status}`, { time: w.time != null ? isoTime(w.time) : '', age: w.time != null ? ageWords(now - w.time) : '', max })}`).join('; ');
    if (r.bad.length) return { id: 'witnesses', status: 'failed', reason: `${summary}. ${t('witness.badverdict', { names: r.bad.map((w) => w.name).join(', ') })} (${names})` };
    if (r.stale) {
      return { id: 'witnesses', status: 'failed', stale: r.stale.age,
        reason: `${summary}. ${t('witness.staleverdict', { age: ageWords(r.stale.age), time: isoTime(r.stale.newest), max })} (${names})` };
    }
    if (!r.quorumMet) return { id: 'witnesses', status: 'failed', reason: `${summary}. ${t('witness.noquorum')} (${names})` };
    return { id: 'witnesses', status: 'ok', detail: { summary }, reason: names || undefined };
  } catch (e) {
    return failedStep('witnesses', e);
  }
}

initLang();
labels();
$('lang').addEventListener('click', () => { setLang(lang() === 'mn' ? 'en' : 'mn'); labels(); });
$('run').addEventListener('click', () => { run(); });
if (!cryptoAvailable()) {
  $('result').append(el('p', { class: 'status bad', id: 'insecure' }, t('insecure.title')));
  $('run').disabled = true;
}
