// A post: its holders over time (the history view) as a table and a tenure
// chart, and beside them the titles the post has had (the titles view).
import * as api from '../api.js';
import { h, orgHref, link, table } from '../dom.js';
import { DEMO_ORIGIN, t } from '../i18n.js';

export async function post(main, ctx) {
  const id = ctx.params.get('id');
  const [hist, tenure, titles] = await Promise.all([
    api.view('history', { post: id, limit: 1000 }),
    api.view('tenure', { post: id, limit: 1 }),
    api.view('titles', { post: id, limit: 1000 }),
  ]);
  const demo = id === 'mn.cabinet-secretariat/chief-cabinet-secretary' && (await api.json('/v1/health')).origin === DEMO_ORIGIN;
  const org = id.includes('/') ? id.slice(0, id.indexOf('/')) : '';
  const info = tenure.rows[0];
  const current = titles.rows.at(-1)?.title;
  main.append(h('p', { class: 'crumb' }, t('post.title'), ' · ', org ? link(orgHref(org), org) : ''),
    h('h1', {}, current || info?.title || id), h('p', { class: 'id' }, id),
    demo ? h('p', { class: 'status warn', id: 'demo-note' }, t('demo.post')) : '',
    info ? h('p', {}, t('post.summary', { holders: info.holders, mean: info.mean_days ?? '—', median: info.median_days ?? '—', longest: info.longest_days ?? '—', who: info.longest_holder ?? '—' })) : '');
  // Titles over time, beside the chart: each holder's bar carries the title
  // in force when their tenure began.
  if (titles.rows.length > 1) {
    main.append(h('h2', {}, t('post.titles')),
      h('div', { id: 'titles' }, table(titles, ['from', 'to', 'title', 'seq'], { from: t('col.from'), to: t('col.to'), title: t('col.title') })));
  }
  main.append(h('h2', {}, t('post.chart')));
  const box = h('div', { class: 'chart' }, h('canvas', { id: 'tenure-chart', role: 'img', 'aria-label': t('post.chart') }));
  main.append(box, h('h2', {}, t('post.history')),
    table(hist, ['person', 'name', 'from', 'to', 'title', 'tenure', 'began_by', 'ended_by', 'from_seq', 'to_seq'],
      { person: t('col.id'), name: t('col.name'), from: t('col.from'), to: t('col.to'), title: t('col.title'), tenure: t('col.tenure'), began_by: t('col.how'), ended_by: t('col.ended') }));
  const charts = await import('../charts.js');
  charts.tenureChart(box.firstChild, hist.rows, titles.rows);
}
