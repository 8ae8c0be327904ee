// A person's service record (the service view): posts, dates, decisions,
// signers, flags, each row linking to its record.
import * as api from '../api.js';
import { flagList, h, link, orgHref, postHref, recordHref, typeLabel } from '../dom.js';
import { t } from '../i18n.js';

const HEAD = ['col.seq', 'col.type', 'col.date', 'col.post', 'col.decision', 'col.signer', 'col.flags'];

// The post a record is about, by the title it had on the record's date
// (its id beneath), else the organisation.
function where(r) {
  const post = r.body?.post || r.body?.to_post;
  if (post) return [link(postHref(post), r.title || post), r.title ? h('div', { class: 'id' }, post) : ''];
  return r.org ? link(orgHref(r.org), r.org) : '';
}

function row(r) {
  return h('tr', {},
    h('td', {}, link(recordHref(r.seq), String(r.seq))),
    h('td', {}, typeLabel(r.type)),
    h('td', {}, r.effective || r.recorded_at.slice(0, 10)),
    h('td', {}, where(r)),
    h('td', {}, r.decision),
    h('td', {}, r.signer),
    h('td', {}, flagList(r.flags.map((f) => f.split(':')[0]))));
}

export async function person(main, ctx) {
  const id = ctx.params.get('id');
  const v = await api.view('service', { person: id, limit: 1000 });
  const reg = v.rows.find((r) => r.body?.full_name);
  const head = h('thead', {}, h('tr', {}, HEAD.map((k) => h('th', { scope: 'col' }, t(k)))));
  main.append(h('p', { class: 'crumb' }, t('person.title')),
    h('h1', { id: 'person-name' }, reg?.body.full_name || id), h('p', { class: 'id' }, id),
    h('h2', {}, t('person.service')),
    h('div', { class: 'scroll' },
      h('table', { class: 'rows', 'data-view': 'service', id: 'service' }, head, h('tbody', {}, v.rows.map(row)))));
}
