// Home: the log's origin, size and latest checkpoint, the search box, what
// this browser's watch found, and the latest records.
import * as api from '../api.js';
import { h, link, postHref, table } from '../dom.js';
import { DEMO_ORIGIN, t } from '../i18n.js';
import { searchBox, watchPanel, witnessSection } from './shared.js';

export async function home(main, ctx) {
  const [health, checkpoint] = await Promise.all([api.json('/v1/health'), api.text('/v1/checkpoint')]);
  const from = Math.max(0, health.size - 10);
  const latest = await api.json(`/v1/events?from=${from}&limit=10`);
  main.append(
    h('section', { class: 'hero' }, h('p', { class: 'tagline' }, t('app.tagline')),
      health.origin === DEMO_ORIGIN ? h('p', { class: 'status warn', id: 'demo-note' }, t('demo.home')) : '', searchBox(''),
      h('p', { class: 'try' }, `${t('home.try')}: `,
        link(postHref('mn.cabinet-secretariat/chief-cabinet-secretary'), 'chief-cabinet-secretary'), ' · ',
        link('/search?q=' + encodeURIComponent('Бат'), 'Бат'), ' · ', link('/findings', t('nav.findings')))),
    h('section', {}, h('h2', {}, t('home.log')),
      h('dl', { class: 'facts' },
        h('dt', {}, t('home.origin')), h('dd', { id: 'origin' }, health.origin),
        h('dt', {}, t('home.size')), h('dd', { id: 'size' }, health.size.toLocaleString('en').replaceAll(',', ' '))),
      h('h3', {}, t('home.checkpoint')), h('pre', { class: 'note', id: 'checkpoint' }, checkpoint)),
    h('section', {}, h('h2', {}, t('home.watch')), await watchPanel(ctx)),
    h('section', {}, h('h2', {}, t('home.witnesses')), await witnessSection(ctx)),
    h('section', {}, h('h2', {}, t('home.latest')),
      table({ view: 'events', rows: latest.records.reverse().map((r) => ({ seq: r.seq, type: r.event.type, recorded_at: r.recorded_at, flags: r.flags.map((f) => f.split(':')[0]) })) },
        ['seq', 'type', 'recorded_at', 'flags'], { seq: t('col.seq'), type: t('col.type'), recorded_at: t('col.recorded'), flags: t('col.flags') })),
  );
}
