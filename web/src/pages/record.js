// A record, readable (type, body, signer, flags), and "Verify in this
// browser": the record's bytes, its inclusion proof and the checkpoint
// checked with WebCrypto against the pinned log key, step by step.
import * as api from '../api.js';
import { cell, fieldLabel, findingLine, flagList, h, link, reasonLine, status, typeLabel, valueLabel } from '../dom.js';
import { t } from '../i18n.js';
import { checkAgainstKept, pinnedKey, witnessCheck } from '../pin.js';
import { verifyInclusionSteps } from '../checks.js';
import { b64decode, cryptoAvailable, parseCheckpoint, parseSignedNote, signerPartFromJson } from '../verify.js';
import { isoTime } from '../witness.js';
import { insecureNotice, pinNotice, staleArgs, witnessPanel } from './shared.js';

export async function record(main, ctx) {
  const seq = Number(ctx.route[1]);
  const [r, keys] = await Promise.all([api.json(`/v1/events/${seq}`), api.json('/v1/keys')]);
  const signer = keys.keys.find((k) => k.key === r.event.signer);
  const body = r.event.body || {};
  main.append(h('p', { class: 'crumb' }, typeLabel(r.event.type)),
    h('h1', {}, t('record.title', { seq })),
    h('dl', { class: 'facts', id: 'record-facts' },
      h('dt', {}, t('col.type')), h('dd', {}, typeLabel(r.event.type), ' ', h('code', {}, r.event.type)),
      h('dt', {}, t('col.recorded')), h('dd', {}, r.recorded_at),
      h('dt', {}, t('record.signer')), h('dd', {}, signer ? `${signer.name} (${valueLabel(signer.role)}) ` : '', h('code', {}, r.event.signer)),
      h('dt', {}, t('col.flags')), h('dd', {}, r.flags.length ? r.flags.map((f) => h('div', {}, flagList([f.split(':')[0]]), ' ', findingLine(f))) : '—'),
      h('dt', {}, t('record.hash')), h('dd', {}, h('code', {}, r.record_hash))),
    h('h2', {}, t('record.body')),
    h('dl', { class: 'facts body' }, Object.entries(body).flatMap(([k, v]) => [h('dt', { title: k }, fieldLabel(k)), h('dd', {}, cell(k, v))])),
    seq > 0 ? h('p', {}, link(`/record/${seq - 1}`, `← ${seq - 1}`)) : '');

  const out = h('div', { id: 'verify' });
  const button = h('button', { type: 'button', id: 'verify-button', class: 'primary' }, t('record.verify'));
  main.append(h('h2', {}, t('record.verify')), button, ' ',
    h('a', { href: `/v1/proofs/inclusion?seq=${seq}&format=tlog-proof`, download: `record-${seq}.tlog-proof`, id: 'bundle' }, t('record.bundle')),
    ' · ', h('a', { href: '/verify.html', download: 'verify.html' }, 'verify.html'), out);
  if (!cryptoAvailable()) { button.disabled = true; out.append(insecureNotice()); return; }
  button.addEventListener('click', () => { button.disabled = true; verify(seq, out).finally(() => { button.disabled = false; }); });
  if (ctx.params.get('verify') === '1') button.click();
}

const stepItem = (s) => h('li', { 'data-step': s.id, 'data-status': s.status, class: s.status },
  h('span', { class: 'mark' }, s.status === 'ok' ? '✔' : s.status === 'failed' ? '✘' : '·'), ' ',
  h('span', { class: 'what' }, t(`step.${s.id}`)), ': ',
  h('strong', {}, t(`status.${s.status}`)),
  s.detail && Object.keys(s.detail).length ? h('span', { class: 'detail' }, ' — ', t(s.detail.first ? `detail.${s.id}.first` : `detail.${s.id}`, s.detail)) : '',
  s.reason ? h('span', { class: 'detail' }, ' — ', (s.problem || s.kind ? reasonLine(s.problem || s.kind, s.args, s.reason) : s.reason)) : '');

async function verify(seq, out) {
  out.replaceChildren(status('', t('record.verifying')));
  const list = h('ol', { class: 'steps', id: 'steps' });
  const steps = [{ id: 'crypto', status: 'ok', detail: {} }];
  let pin;
  try {
    pin = await pinnedKey();
    steps.push({ id: 'key', status: pin.state === 'differs' ? 'failed' : 'ok', detail: {}, reason: pin.state === 'differs' ? t('pin.differs', { pinned: pin.fp, served: pin.servedFp }) : undefined });
  } catch (e) {
    steps.push({ id: 'key', status: 'failed', reason: e.message, kind: e.kind || 'other', args: e.args });
  }
  let result = { ok: false, steps: [] };
  let ms = 0, witnesses = null;
  if (pin) {
    // The witnessed checkpoint, when it already covers this record: the
    // proof is then asked for its size, so the record is shown to be in the
    // very tree the witnesses cosigned.
    const served = await api.text('/v1/checkpoint');
    const cosigned = witnessedSize(served);
    const atWitnessed = cosigned != null && cosigned > seq;
    const [bytes, proof, policy] = await Promise.all([
      api.bytes(`/v1/events/${seq}?format=raw`),
      api.json(`/v1/proofs/inclusion?seq=${seq}&leaf=false${atWitnessed ? `&size=${cosigned}` : ''}`),
      atWitnessed ? witnessCheck(served) : null,
    ]);
    const note = atWitnessed ? served : proof.checkpoint;
    const t0 = performance.now();
    result = await verifyInclusionSteps({ record: bytes, index: proof.index, treeSize: proof.tree_size,
      leafHash: proof.leaf_hash, hashes: proof.hashes.map(b64decode), checkpoint: note, vkey: pin.vkey,
      signerPart: signerPartFromJson(proof.signer) });
    ms = performance.now() - t0;
    steps.push(...result.steps);
    witnesses = policy;
    steps.push(result.ok ? witnessStep(policy, seq, cosigned) : { id: 'witnesses', status: 'skipped' });
    steps.push(result.ok ? await checkAgainstKept(result.checkpoint, note)
      : { id: 'consistency', status: 'skipped' });
  }
  const failed = steps.find((s) => s.status === 'failed');
  list.append(...steps.map(stepItem));
  out.replaceChildren(
    pin ? pinNotice(pin) : '',
    failed ? h('p', { class: 'status bad verdict', id: 'verdict', 'data-ok': 'false', role: 'alert' }, t('record.failed', { step: t(`step.${failed.id}`) }))
      : h('p', { class: 'status ok verdict', id: 'verdict', 'data-ok': 'true', 'data-ms': ms.toFixed(1) }, t('record.verified', { ms: ms.toFixed(1) })),
    list, witnesses?.result || witnesses?.error ? witnessPanel(witnesses, { editor: false }) : '');
}

// The size of the served checkpoint when it carries cosignatures, else null.
function witnessedSize(noteText) {
  try {
    const note = parseSignedNote(noteText);
    return note.sigs.length > 1 ? parseCheckpoint(note.body).size : null;
  } catch { return null; }
}

// The witnesses step: skipped (no policy, or no witnessed tree holds the
// record yet), ok (quorum met, every cosignature good) or failed, in words.
function witnessStep(w, seq, cosigned) {
  if (!w) return { id: 'witnesses', status: 'skipped', reason: cosigned == null ? t('witness.nocosig') : t('witness.notyet', { size: cosigned, seq }) };
  if (w.error) return { id: 'witnesses', status: 'failed', reason: w.error, kind: w.errorKind, args: w.errorArgs };
  if (!w.result) return { id: 'witnesses', status: 'skipped', reason: t('policy.none') };
  const r = w.result;
  const summary = t('witness.summary', { n: r.counted, total: r.total, newest: r.newest != null ? isoTime(r.newest) : '—' });
  if (r.bad.length) return { id: 'witnesses', status: 'failed', reason: `${summary}. ${t('witness.badverdict', { names: r.bad.map((x) => x.name).join(', ') })}` };
  if (r.stale) return { id: 'witnesses', status: 'failed', reason: `${summary}. ${t('witness.staleverdict', staleArgs(r.stale, w.pin.maxAge))}` };
  if (!r.quorumMet) return { id: 'witnesses', status: 'failed', reason: `${summary}. ${t('witness.noquorum')}` };
  return { id: 'witnesses', status: 'ok', detail: { summary } };
}
