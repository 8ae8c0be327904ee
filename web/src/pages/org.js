// An organisation: staffing against its approved cap, turnover around the
// elections and gender balance, each chart with its rows beside it.
import * as api from '../api.js';
import { h, link, orgHref, postHref, q, table } from '../dom.js';
import { t } from '../i18n.js';

// Rows per chart. The turnover view lists the organisation's own rows
// first (before and after each election of the rules in force, /v1/rules),
// the gender view its totals ("(all)") first; the rest, its units, is in the CSV.
const GENDER_ROWS = 12;

export async function org(main, ctx) {
  const id = ctx.params.get('id');
  const rules = await api.json('/v1/rules');
  const turnoverRows = Math.max(2 * rules.elections.length, 2);
  const [staffing, turnover, gender, posts] = await Promise.all([
    api.view('staffing', { org: id, limit: 200 }),
    api.view('turnover', { org: id, elections: 'true', limit: turnoverRows }),
    api.view('gender', { org: id, limit: GENDER_ROWS }),
    api.view('tenure', { org: id, limit: 50 }),
  ]);
  const me = staffing.rows.find((r) => r.org === id);
  main.append(h('p', { class: 'crumb' }, t('org.title'), me?.parent ? [' · ', link(orgHref(me.parent), me.parent)] : ''),
    h('h1', {}, me?.name || id), h('p', { class: 'id' }, id));
  if (me) {
    const share = me.max_headcount ? Math.min(100, (100 * me.headcount) / me.max_headcount) : 100;
    main.append(h('h2', {}, t('org.staffing')),
      h('dl', { class: 'facts', id: 'staffing' },
        h('dt', {}, t('org.headcount')), h('dd', {}, String(me.headcount)),
        h('dt', {}, t('org.cap')), h('dd', {}, String(me.max_headcount)),
        h('dt', {}, t('org.withunits')), h('dd', {}, `${me.headcount_with_units} (${me.units})`)),
      h('div', { class: `meter${me.over ? ' over' : ''}` }, h('span', { style: `width:${share}%` })),
      me.over ? h('p', { class: 'status bad' }, t('org.over')) : '');
  }
  const units = staffing.rows.filter((r) => r.parent === id);
  if (units.length) {
    main.append(h('details', {}, h('summary', {}, t('org.units', { n: units.length })),
      table({ view: 'staffing', rows: units }, ['org', 'name', 'headcount', 'max_headcount', 'over', 'headcount_with_units'])));
  }
  const multi = (rows) => new Set(rows.map((r) => r.org)).size > 1;
  const chartBox = (cid, label) => h('div', { class: 'chart' }, h('canvas', { id: cid, role: 'img', 'aria-label': label }));
  const turnoverBox = chartBox('turnover-chart', t('org.turnover'));
  const genderBox = chartBox('gender-chart', t('org.gender'));
  const rowsNote = (v, params) => h('p', { class: 'rowsnote' },
    t('rows', { from: v.rows.length ? v.offset + 1 : 0, to: v.offset + v.rows.length, total: v.total }), ' · ',
    h('a', { href: `/v1/views/${v.view}?${q({ ...params, format: 'csv', limit: 1000 })}`, download: `${v.view}-${id}.csv` }, t('csv')));
  main.append(
    h('h2', {}, t('org.turnover')), turnover.rows.length ? turnoverBox : '', rowsNote(turnover, { org: id, elections: 'true' }),
    h('details', {}, h('summary', {}, t('org.turnovertable')), table(turnover, ['org', 'period', 'headcount_start', 'headcount_end', 'appointments', 'dismissals', 'no_lawful_ground', 'annulled_by_court', 'turnover_rate'])),
    h('h2', {}, t('org.gender')), gender.rows.length ? genderBox : '', rowsNote(gender, { org: id }),
    h('details', {}, h('summary', {}, t('org.gendertable')), table(gender)),
    h('h2', {}, t('org.posts')),
    h('ul', { class: 'hits' }, posts.rows.map((p) => h('li', {}, link(postHref(p.post), p.title || p.post), ` — ${p.current_holder ?? '—'}`))));
  const charts = await import('../charts.js');
  if (turnover.rows.length) charts.turnoverChart(turnoverBox.firstChild, turnover.rows, multi(turnover.rows));
  if (gender.rows.length) charts.genderChart(genderBox.firstChild, gender.rows, multi(gender.rows));
}
