// A post: its holders over time (the history view) as a table and a tenure chart.
import * as api from '../api.js';
import { h, orgHref, link, table } from '../dom.js';
import { DEMO_ORIGIN, t } from '../i18n.js';

export async function post(main, ctx) {
  const id = ctx.params.get('id');
  const [hist, tenure] = await Promise.all([
    api.view('history', { post: id, limit: 1000 }),
    api.view('tenure', { post: id, limit: 1 }),
  ]);
  const demo = id === 'mn.cabinet-secretariat/chief-cabinet-secretary' && (await api.json('/v1/health')).origin === DEMO_ORIGIN;
  const org = id.includes('/') ? id.slice(0, id.indexOf('/')) : '';
  const info = tenure.rows[0];
  main.append(h('p', { class: 'crumb' }, t('post.title'), ' · ', org ? link(orgHref(org), org) : ''),
    h('h1', {}, info?.title || id), h('p', { class: 'id' }, id),
    demo ? h('p', { class: 'status warn', id: 'demo-note' }, t('demo.post')) : '',
    info ? h('p', {}, t('post.summary', { holders: info.holders, mean: info.mean_days ?? '—', median: info.median_days ?? '—', longest: info.longest_days ?? '—', who: info.longest_holder ?? '—' })) : '',
    h('h2', {}, t('post.chart')));
  const box = h('div', { class: 'chart' }, h('canvas', { id: 'tenure-chart', role: 'img', 'aria-label': t('post.chart') }));
  main.append(box, h('h2', {}, t('post.history')),
    table(hist, ['person', 'name', 'from', 'to', 'tenure', 'began_by', 'ended_by', 'from_seq', 'to_seq'],
      { person: t('col.id'), name: t('col.name'), from: t('col.from'), to: t('col.to'), tenure: t('col.tenure'), began_by: t('col.how'), ended_by: t('col.ended') }));
  const charts = await import('../charts.js');
  charts.tenureChart(box.firstChild, hist.rows);
}
