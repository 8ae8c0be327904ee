// A record, readable (type, body, signer, flags), and "Verify in this
// browser": the record's bytes, its inclusion proof and the checkpoint
// checked with WebCrypto against the pinned log key, step by step.
import * as api from '../api.js';
import { cell, flagList, h, link, status } from '../dom.js';
import { t } from '../i18n.js';
import { checkAgainstKept, pinnedKey } from '../pin.js';
import { verifyInclusionSteps } from '../checks.js';
import { b64decode, cryptoAvailable, signerPartFromJson } from '../verify.js';
import { insecureNotice, pinNotice } from './shared.js';

export async function record(main, ctx) {
  const seq = Number(ctx.route[1]);
  const [r, keys] = await Promise.all([api.json(`/v1/events/${seq}`), api.json('/v1/keys')]);
  const signer = keys.keys.find((k) => k.key === r.event.signer);
  const body = r.event.body || {};
  main.append(h('p', { class: 'crumb' }, r.event.type),
    h('h1', {}, t('record.title', { seq })),
    h('dl', { class: 'facts', id: 'record-facts' },
      h('dt', {}, t('col.type')), h('dd', {}, r.event.type),
      h('dt', {}, t('col.recorded')), h('dd', {}, r.recorded_at),
      h('dt', {}, t('record.signer')), h('dd', {}, signer ? `${signer.name} (${signer.role}) ` : '', h('code', {}, r.event.signer)),
      h('dt', {}, t('col.flags')), h('dd', {}, r.flags.length ? r.flags.map((f) => h('div', {}, flagList([f.split(':')[0]]), ' ', f.split(':').slice(1).join(':'))) : '—'),
      h('dt', {}, t('record.hash')), h('dd', {}, h('code', {}, r.record_hash))),
    h('h2', {}, t('record.body')),
    h('dl', { class: 'facts body' }, Object.entries(body).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, cell(k, v))])),
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
  s.reason ? h('span', { class: 'detail' }, ' — ', s.reason) : '');

async function verify(seq, out) {
  out.replaceChildren(status('', t('record.verifying')));
  const list = h('ol', { class: 'steps', id: 'steps' });
  const steps = [{ id: 'crypto', status: 'ok', detail: {} }];
  let pin;
  try {
    pin = await pinnedKey();
    steps.push({ id: 'key', status: pin.state === 'differs' ? 'failed' : 'ok', detail: {}, reason: pin.state === 'differs' ? t('pin.differs', { pinned: pin.fp, served: pin.servedFp }) : undefined });
  } catch (e) {
    steps.push({ id: 'key', status: 'failed', reason: e.message });
  }
  let result = { ok: false, steps: [] };
  let ms = 0;
  if (pin) {
    const [bytes, proof] = await Promise.all([
      api.bytes(`/v1/events/${seq}?format=raw`),
      api.json(`/v1/proofs/inclusion?seq=${seq}&leaf=false`),
    ]);
    const t0 = performance.now();
    result = await verifyInclusionSteps({ record: bytes, index: proof.index, treeSize: proof.tree_size,
      leafHash: proof.leaf_hash, hashes: proof.hashes.map(b64decode), checkpoint: proof.checkpoint, vkey: pin.vkey,
      signerPart: signerPartFromJson(proof.signer) });
    ms = performance.now() - t0;
    steps.push(...result.steps);
    steps.push(result.ok ? await checkAgainstKept(result.checkpoint, proof.checkpoint)
      : { id: 'consistency', status: 'skipped' });
  }
  const failed = steps.find((s) => s.status === 'failed');
  list.append(...steps.map(stepItem));
  out.replaceChildren(
    pin ? pinNotice(pin) : '',
    failed ? h('p', { class: 'status bad verdict', id: 'verdict', 'data-ok': 'false', role: 'alert' }, t('record.failed', { step: t(`step.${failed.id}`) }))
      : h('p', { class: 'status ok verdict', id: 'verdict', 'data-ok': 'true', 'data-ms': ms.toFixed(1) }, t('record.verified', { ms: ms.toFixed(1) })),
    list);
}
