// The page's shell: header with the language switch, a router over
// linkable paths (/, /search, /person, /post, /org, /findings, /record/N,
// /submit: the HR form, loaded on demand),
// the sources each page used, and the log watch every visit runs once.
import './style.css';
import * as api from './api.js';
import { h, link, status } from './dom.js';
import { initLang, lang, setLang, t } from './i18n.js';
import { findings } from './pages/findings.js';
import { home } from './pages/home.js';
import { org } from './pages/org.js';
import { person } from './pages/person.js';
import { post } from './pages/post.js';
import { record } from './pages/record.js';
import { search } from './pages/search.js';
import { staleArgs, watchStatus } from './pages/shared.js';
import { watchLog } from './pin.js';
import { cryptoAvailable } from './verify.js';

const routes = [
  [/^\/$/, home], [/^\/search$/, search], [/^\/person$/, person], [/^\/post$/, post],
  [/^\/org$/, org], [/^\/findings$/, findings], [/^\/record\/(\d+)$/, record],
  [/^\/submit$/, async (main, c) => (await import('./pages/hr.js')).hr(main, c)],
];

// Started once per visit; pages that show it await the same promise.
const ctx = { watch: null };

function header() {
  return h('header', { class: 'top' },
    h('a', { href: '/', 'data-link': '', class: 'brand' }, t('app.title')),
    h('nav', {}, link('/', t('nav.home')), link('/findings', t('nav.findings')), link('/submit', t('nav.hr')),
      h('a', { href: '/verify.html' }, t('nav.offline')), h('a', { href: '/v1' }, t('nav.api')),
      h('button', { type: 'button', id: 'lang', onclick: () => { setLang(lang() === 'mn' ? 'en' : 'mn'); render(); } }, t('lang.switch'))),
    h('div', { id: 'alerts' }));
}

async function render() {
  const path = location.pathname.replace(/\/+$/, '') || '/';
  const params = new URLSearchParams(location.search);
  const main = h('main', { id: 'main' });
  delete document.body.dataset.ready;  // set again once this page has rendered
  document.body.replaceChildren(header(), main);
  const alerts = document.getElementById('alerts');
  ctx.watch?.then((w) => {
    if (w.pin.state === 'differs' || w.step.status !== 'ok') alerts.append(watchStatus(w.step));
    const r = w.witnesses?.result;
    if (r?.stale && !r.bad.length) alerts.append(h('p', { class: 'status bad', role: 'alert', id: 'stale-alert', 'data-age': String(r.stale.age) }, t('witness.stalealert', staleArgs(r.stale, w.witnesses.pin.maxAge))));
    else if (w.witnesses?.error || (r && (r.bad.length || !r.quorumMet))) alerts.append(status('bad', t('witness.alert')));
  }).catch(() => {});
  api.takeSources();
  const found = routes.map(([re, page]) => [path.match(re), page]).find(([m]) => m);
  document.title = t('app.title');
  main.setAttribute('aria-busy', 'true');
  try {
    if (!found) main.append(status('bad', t('notfound')));
    else await found[1](main, { ...ctx, params, route: found[0] });
  } catch (e) {
    main.append(status('bad', `${t('error')}: ${e.message}`));
  }
  main.removeAttribute('aria-busy');
  const sources = api.takeSources();
  if (sources.length) {
    main.append(h('footer', { class: 'sources' }, h('h2', {}, t('sources')),
      h('ul', {}, sources.map((s) => h('li', {}, h('a', { href: s }, `GET ${decodeURI(s)}`))))));
  }
  document.body.dataset.ready = path;
}

// In-page links and form submissions change the URL without a reload.
document.addEventListener('click', (e) => {
  const a = e.target.closest?.('a[data-link]');
  if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  history.pushState(null, '', a.getAttribute('href'));
  render().then(() => scrollTo(0, 0));
});
document.addEventListener('submit', (e) => {
  const form = e.target;
  if (form.method !== 'get' || new URL(form.action).origin !== location.origin) return;
  e.preventDefault();
  const qs = new URLSearchParams([...new FormData(form)].filter(([, v]) => v !== ''));
  history.pushState(null, '', `${new URL(form.action).pathname}?${qs}`);
  render();
});
window.addEventListener('popstate', render);

initLang();
if (cryptoAvailable()) ctx.watch = watchLog();
render();
