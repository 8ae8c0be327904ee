// Search results: every hit a link (people, posts, organisations, records).
import * as api from '../api.js';
import { h, link, orgHref, personHref, postHref, recordHref, status } from '../dom.js';
import { t } from '../i18n.js';
import { searchBox } from './shared.js';

const href = { person: personHref, post: postHref, org: orgHref, record: recordHref };

export async function search(main, ctx) {
  const qtext = ctx.params.get('q') || '';
  main.append(searchBox(qtext));
  if (!qtext.trim()) return;
  const res = await api.json(`/v1/search?q=${encodeURIComponent(qtext)}&limit=30`);
  main.append(h('h1', {}, t('search.results', { q: qtext })));
  if (!res.results.length) { main.append(status('', t('search.none'))); return; }
  main.append(h('ul', { class: 'hits', id: 'hits' }, res.results.map((r) => h('li', { 'data-kind': r.kind },
    h('span', { class: 'kind' }, t(`kind.${r.kind}`)), ' ', link(href[r.kind](r.id), r.label || r.id),
    r.id !== r.label ? h('span', { class: 'id' }, ` ${r.id}`) : '', r.detail ? h('span', { class: 'detail' }, ` — ${r.detail}`) : ''))));
}
