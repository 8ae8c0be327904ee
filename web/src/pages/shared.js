// Pieces several pages share: the search box, the watch panel (pinned key
// and consistency with the kept checkpoint), the insecure-context notice.
import { h, reasonLine, status } from '../dom.js';
import { ageWords, reason, t } from '../i18n.js';
import { forgetPolicy, setMaxAge, trust, trustPolicy } from '../pin.js';
import { isoTime, parseDuration, parsePolicy } from '../witness.js';

export function searchBox(value) {
  return h('form', { class: 'search', role: 'search', action: '/search', method: 'get' },
    h('input', { type: 'search', name: 'q', value, placeholder: t('search.placeholder'), 'aria-label': t('search.placeholder'), required: true, id: 'q' }),
    h('button', { type: 'submit' }, t('search.button')));
}

// Why this page cannot verify, and how to get a page that can.
export function insecureNotice() {
  return h('div', { class: 'status bad', id: 'insecure', role: 'alert' },
    h('strong', {}, t('insecure.title')), h('p', {}, t('insecure.body', { origin: location.origin })),
    h('p', {}, h('a', { href: '/verify.html', download: 'verify.html' }, 'verify.html')));
}

// The key pin's state, loud when the served key differs.
export function pinNotice(pin) {
  if (pin.state === 'differs') {
    return h('div', { class: 'status bad', id: 'pin-warning', role: 'alert' },
      h('strong', {}, t('pin.differs', { pinned: pin.fp, served: pin.servedFp })), ' ',
      h('button', { type: 'button', onclick: () => { trust(pin.served); location.reload(); } }, t('pin.reset')));
  }
  return status('ok', t(pin.state === 'first' ? 'pin.first' : 'pin.same', { fp: pin.fp }));
}

// The witnesses of the checkpoint the watch of this visit fetched.
export async function witnessSection(ctx) {
  if (!ctx.watch) return '';
  try {
    const w = await ctx.watch;
    return w.witnesses ? witnessPanel(w.witnesses) : status('bad', t('witness.nocp'));
  } catch (e) { return status('bad', `${t('error')}: ${e.message}`); }
}

// What the watch of this visit found (ctx.watch, started by app.js).
export async function watchPanel(ctx) {
  if (!ctx.watch) return insecureNotice();
  let w;
  try { w = await ctx.watch; } catch (e) { return status('bad', `${t('error')}: ${e.message}`); }
  return h('div', { id: 'watch' }, pinNotice(w.pin), watchStatus(w.step));
}

// The witnesses of the served checkpoint under the pinned policy, in plain
// words: which policy, each witness's cosignature, the count and the
// quorum. A bad cosignature or an unmet quorum is loud. `w`: pin.js witnessCheck.
export function witnessPanel(w, { editor = true } = {}) {
  const out = h('div', { id: 'witnesses', 'data-state': w.pin.state });
  const p = w.pin.policy;
  if (w.pin.state === 'differs') {
    out.append(h('div', { class: 'status bad', role: 'alert', id: 'policy-warning' },
      h('strong', {}, t('policy.warn')), ' ',
      h('button', { type: 'button', onclick: () => { trustPolicy(w.pin.offered, 'server'); location.reload(); } }, t('policy.trust'))));
  }
  if (p) {
    out.append(status('', t(`policy.${w.pin.state}`), ' ',
      t('policy.summary', { n: p.witnesses.length, quorum: quorumWords(p) }), ' ',
      h('span', { id: 'policy-maxage-now' }, t('policy.maxage', { max: maxAgeWords(w.pin.maxAge) }))));
  } else if (w.pin.state === 'none') {
    out.append(status('', t('policy.none')));
  }
  if (w.error) {
    const r = reason(w.errorKind || 'other', w.errorArgs, w.error);
    out.append(h('p', { class: 'status bad', role: 'alert', id: 'witness-verdict', 'data-ok': 'false' }, t('witness.error', { reason: r.words || r.detail }),
      r.words ? h('span', { class: 'why-detail', lang: 'en' }, r.detail) : ''));
  } else if (w.result) {
    const r = w.result;
    const now = Date.now() / 1000, max = maxAgeWords(w.pin.maxAge);
    out.append(h('ul', { class: 'steps', id: 'witness-list' }, r.witnesses.map((x) => h('li', { 'data-witness': x.name, 'data-status': x.status, class: { ok: 'ok', bad: 'failed' }[x.status] || 'skipped' },
      h('span', { class: 'mark' }, { ok: '✔', bad: '✘' }[x.status] || '·'), ' ',
      h('strong', {}, x.name), x.name !== x.keyName ? ` (${x.keyName})` : '', ': ',
      t(`witness.${x.status}`, { time: x.time != null ? isoTime(x.time) : '', age: x.time != null ? ageWords(now - x.time) : '', max })))));
    const ok = !r.bad.length && r.quorumMet;
    out.append(h('p', { class: `status ${ok ? 'ok' : 'bad'}`, role: ok ? 'status' : 'alert', id: 'witness-verdict', 'data-ok': String(ok), 'data-quorum': String(r.quorumMet), 'data-stale': String(!!r.stale) },
      witnessVerdict(r, w.pin.maxAge)));
  }
  if (editor) out.append(policyEditor(w.pin));
  return out;
}

// The witnesses' verdict in words: a bad cosignature, a stale checkpoint
// (naming its age), an unmet quorum, or the quorum met.
export function witnessVerdict(r, maxAge) {
  const summary = t('witness.summary', { n: r.counted, total: r.total, newest: r.newest != null ? isoTime(r.newest) : '—' });
  if (r.bad.length) return `${summary}. ${t('witness.badverdict', { names: r.bad.map((x) => x.name).join(', ') })}`;
  if (r.stale) return `${summary}. ${t('witness.staleverdict', staleArgs(r.stale, maxAge))}`;
  return `${summary}. ${t(r.quorumMet ? 'witness.quorum' : 'witness.noquorum')}`;
}
export const staleArgs = (stale, maxAge) => ({ age: ageWords(stale.age), time: isoTime(stale.newest), max: maxAgeWords(maxAge) });
// A max-age as the user wrote it ("36h"), in words when it parses.
function maxAgeWords(text) {
  try { return `${ageWords(parseDuration(text))} (${text})`; } catch { return text; }
}

// "2 of 3" for a group quorum, "none needed", or the witness's name.
function quorumWords(p) {
  if (p.quorum === 'none') return t('policy.nonequorum');
  const g = p.groups.find((x) => x.name === p.quorum);
  return g ? t('policy.kofn', { k: g.threshold, n: g.members.length }) : p.quorum;
}

// Pinning one's own policy (a journalist's choice of witnesses), or going
// back to the server's.
function policyEditor(pin) {
  const text = h('textarea', { id: 'policy-text', rows: 6, spellcheck: 'false', 'aria-label': t('policy.edit') }, pin.policy?.text || pin.offered || '');
  const msg = h('span', { id: 'policy-msg' });
  const pinIt = h('button', { type: 'button', id: 'policy-pin' }, t('policy.pin'));
  pinIt.addEventListener('click', async () => {
    try {
      await parsePolicy(text.value);
      trustPolicy(text.value, 'user');
      location.reload();
    } catch (e) { msg.replaceChildren(status('bad', reasonLine(e.kind || 'other', e.args, e.message))); }
  });
  // The max-age is kept with the pinned policy, whichever it is.
  const age = h('input', { id: 'policy-maxage', value: pin.maxAge || '', size: 8, autocomplete: 'off', 'aria-label': t('policy.maxagelabel') });
  const saveAge = h('button', { type: 'button', id: 'policy-maxage-save' }, t('policy.maxagesave'));
  saveAge.addEventListener('click', () => {
    try { setMaxAge(age.value); location.reload(); } catch (e) { msg.replaceChildren(status('bad', reasonLine(e.kind || 'other', e.args, e.message))); }
  });
  return h('details', { class: 'policy-edit' }, h('summary', {}, t('policy.edit')),
    h('p', {}, h('label', {}, t('policy.maxagelabel'), ' ', age), ' ', saveAge),
    h('p', {}, t('policy.ownhelp')), text, h('p', {}, pinIt, ' ',
      ['own', 'broken'].includes(pin.state) ? h('button', { type: 'button', onclick: () => { forgetPolicy(); location.reload(); } }, t('policy.forget')) : ''), msg);
}

export function watchStatus(step) {
  const d = step.detail || {};
  if (step.status === 'ok') return status('ok', d.first ? t('watch.first', { size: d.size }) : t('watch.ok', d));
  const kind = step.kind || 'rewrite';
  const k = { rewrite: 'watch.rewrite', rollback: 'watch.rollback', badcp: 'watch.badcp' }[kind];
  const r = reason(step.problem || kind, step.args, step.reason);
  return h('div', { class: 'status bad', role: 'alert', 'data-kind': kind, id: 'watch-alert' },
    k ? t(k, { reason: r.words || r.detail, from: step.from ?? '', to: step.to ?? '' }) : reasonLine(step.problem || kind, step.args, step.reason),
    k && r.words ? h('span', { class: 'why-detail', lang: 'en' }, r.detail) : '');
}
