// Pieces several pages share: the search box, the watch panel (pinned key
// and consistency with the kept checkpoint), the insecure-context notice.
import { h, status } from '../dom.js';
import { t } from '../i18n.js';
import { trust } from '../pin.js';

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

// What the watch of this visit found (ctx.watch, started by app.js).
export async function watchPanel(ctx) {
  if (!ctx.watch) return insecureNotice();
  let w;
  try { w = await ctx.watch; } catch (e) { return status('bad', `${t('error')}: ${e.message}`); }
  return h('div', { id: 'watch' }, pinNotice(w.pin), watchStatus(w.step));
}

export function watchStatus(step) {
  const d = step.detail || {};
  if (step.status === 'ok') return status('ok', d.first ? t('watch.first', { size: d.size }) : t('watch.ok', d));
  const kind = step.kind || 'rewrite';
  const k = { rewrite: 'watch.rewrite', rollback: 'watch.rollback', badcp: 'watch.badcp' }[kind];
  return h('div', { class: 'status bad', role: 'alert', 'data-kind': kind, id: 'watch-alert' },
    k ? t(k, { reason: step.reason, from: step.from ?? '', to: step.to ?? '' }) : step.reason);
}
