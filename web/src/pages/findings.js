// The investigator's table: the findings view with the API's filters (rule,
// org, as-of-seq), paged; the URL carries the filters, so it can be shared,
// and the CSV link is the same query with format=csv.
import * as api from '../api.js';
import { findingLine, h, link, q, table } from '../dom.js';
import { t } from '../i18n.js';

const RULES = ['over-headcount', 'second-holder', 'no-lawful-ground', 'no-merit-selection', 'back-dated', 'post-election-appointment'];
const PAGE = 100;

export async function findings(main, ctx) {
  const p = ctx.params;
  const filters = { rule: p.get('rule'), org: p.get('org'), 'as-of-seq': p.get('as-of-seq') };
  const offset = Number(p.get('offset') || 0);
  const v = await api.view('findings', { ...filters, offset, limit: PAGE });
  const csv = `/v1/views/findings?${q({ ...filters, format: 'csv', limit: 1000, offset })}`;
  const page = (o) => `/findings?${q({ ...filters, offset: o || null })}`;
  main.append(h('h1', {}, t('findings.title')),
    h('form', { class: 'filters', action: '/findings', method: 'get', id: 'filters' },
      h('label', {}, t('findings.rule'), h('select', { name: 'rule' }, h('option', { value: '' }, t('findings.all')),
        RULES.map((r) => h('option', { value: r, selected: r === filters.rule }, `${t(`flag.${r}`)} (${r})`)))),
      h('label', {}, t('findings.org'), h('input', { name: 'org', value: filters.org || '', placeholder: 'mn.ub' })),
      h('label', {}, t('findings.asof'), h('input', { name: 'as-of-seq', value: filters['as-of-seq'] || '', inputmode: 'numeric' })),
      h('button', { type: 'submit' }, t('findings.apply'))),
    h('p', { class: 'rowsnote' }, t('rows', { from: v.rows.length ? offset + 1 : 0, to: offset + v.rows.length, total: v.total }), ' · ',
      h('a', { href: csv, id: 'csv', download: 'findings.csv' }, t('csv'))),
    table(v, ['seq', 'rule', 'org', 'type', 'recorded_at', 'finding'],
      { seq: t('col.seq'), rule: t('col.rule'), org: t('col.org'), type: t('col.type'), recorded_at: t('col.recorded'), finding: t('col.why') },
      { finding: (f) => findingLine(f) }),
    h('p', { class: 'pager' },
      offset > 0 ? link(page(Math.max(0, offset - PAGE)), `← ${t('prev')}`) : '', ' ',
      offset + PAGE < v.total ? link(page(offset + PAGE), `${t('more')} →`) : ''));
}
