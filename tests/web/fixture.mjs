// The page tests' ledger, made for them in a few seconds: `ledger init`, two
// HR department keys registered, and about a hundred events signed with
// `ledger sign` and added with `ledger append`. It holds what every page test
// needs: the Cabinet Secretariat (cap 241) with a Chief Cabinet Secretary
// post of many holders (the tenure chart) and three titles since 1921, a unit with a cap of 3 and four
// appointments (over the cap), Khan-Uul district with hiring and dismissal
// waves around the 2016, 2020 and 2024 elections (turnover and gender
// charts, dismissals without a lawful ground, post-election appointments),
// a breach, a court ruling and a correction.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CS = 'mn.cabinet-secretariat', HR = `${CS}.human-resources`, KU = 'mn.ub.khan-uul';
const CCS = `${CS}/chief-cabinet-secretary`;

const decision = (instrument, number, date) => ({ decision_instrument: instrument, decision_number: number, decision_date: date });
const govt = (n, date) => decision('Засгийн газрын тогтоол', `№${n}`, date);
const ku = (n, date) => decision('Хан-Уул дүүргийн Засаг даргын захирамж', `А/${n}`, date);

function structure() {
  const ev = [];
  const org = (id, name, parent, level, cap, by) => ev.push(['organisation.established', { org: id, name, ...(parent ? { parent } : {}), level, max_headcount: cap, effective_date: '2012-01-01', ...by }]);
  const post = (id, o, title, category, leadership, positions, by, since = '2012-01-01') => ev.push(['post.established', { post: id, org: o, title, category, leadership, positions, effective_date: since, ...by }]);
  const retitle = (id, o, title, since, by) => ev.push(['post.retitled', { post: id, org: o, title, effective_date: since, ...by }]);
  org(CS, 'Засгийн газрын Хэрэг эрхлэх газар', '', 'central-government', 241, govt(5, '2024-07-24'));
  // The Chief Cabinet Secretary since 1921, under three of its titles.
  post(CCS, CS, 'Засгийн газрын нарийн бичгийн дарга', 'political', true, 1, govt(1, '1921-07-10'), '1921-07-11');
  retitle(CCS, CS, 'Сайд нарын Зөвлөлийн Хэрэг эрхлэх газрын дарга', '1962-01-01', govt(2, '1961-12-30'));
  retitle(CCS, CS, 'Засгийн газрын Хэрэг эрхлэх газрын дарга', '1996-08-01', govt(3, '1996-07-30'));
  org(HR, 'Засгийн газрын хүний нөөцийн газар', CS, 'department', 3, govt(5, '2024-07-24'));
  post(`${HR}/officer`, HR, 'Референт', 'administrative', false, 4, govt(5, '2024-07-24'));
  org('mn.ub', 'Нийслэлийн Засаг даргын Тамгын газар', '', 'capital-city', 100, decision('Нийслэлийн Засаг даргын захирамж', 'А/1', '2012-01-01'));
  org(KU, 'Хан-Уул дүүргийн Засаг даргын Тамгын газар', 'mn.ub', 'district', 55, decision('Нийслэлийн Засаг даргын захирамж', 'А/2', '2012-01-01'));
  post(`${KU}/governor`, KU, 'Хан-Уул дүүргийн Засаг дарга', 'political', true, 1, ku(1, '2012-01-01'));
  post(`${KU}/officer`, KU, 'Мэргэжилтэн', 'administrative', false, 40, ku(2, '2012-01-01'));
  return ev;
}

const NAMES = [['Батбаяр', 'male'], ['Оюунчимэг', 'female'], ['Ганбаатар', 'male'], ['Сарантуяа', 'female'], ['Энхтуяа', 'female'],
  ['Мөнхбат', 'male'], ['Нарантуяа', 'female'], ['Төмөрбаатар', 'male'], ['Болормаа', 'female'], ['Эрдэнэбат', 'male']];
const FATHERS = ['Дорж', 'Бат', 'Цэрэн', 'Гомбо', 'Содном', 'Лхагва', 'Дамдин', 'Пүрэв'];

function people(first) {
  let n = first - 1;
  const ev = [];
  const person = (o, name, gender, birth) => {
    const id = `person.${++n}`;
    ev.push(['person.registered', { person: id, org: o, full_name: name, gender, birth_year: birth }]);
    return id;
  };
  const appoint = (p, post, o, date, basis, by, tenure = 'permanent') => ev.push(['appointment.made', { person: p, post, org: o, effective_date: date, tenure, appointing_authority: 'Засаг дарга', selection_basis: basis, ...by }]);
  const dismiss = (p, post, o, date, ground, article, by) => ev.push(['dismissal.made', { person: p, post, org: o, effective_date: date, ground, ...(article ? { legal_article: article } : {}), ...by }]);
  return { ev, person, appoint, dismiss };
}

// The Chief Cabinet Secretary: eight holders, one after the other.
function cabinet(k) {
  const terms = [['Балдан Бадарч', 1921, 1954], ['Гомбо Бат-Очир', 1954, 1959], ['Зундуй Саарал', 1959, 1964],
    ['Дорж Ганболд', 1964, 1970], ['Цэрэн Энхбаяр', 1970, 1990], ['Содном Мөнх-Эрдэнэ', 1990, 1996],
    ['Лхагва Түвшин', 1996, 2008], ['Дамдин Батжаргал', 2008, null]];
  terms.forEach(([name, from, to], i) => {
    const p = k.person(CS, name, 'male', from - 40);
    k.appoint(p, CCS, CS, `${from}-07-11`, 'political-appointment', govt(100 + i, `${from}-07-10`));
    if (to) k.dismiss(p, CCS, CS, `${to}-07-10`, 'end-of-term', 'Засгийн газрын тухай хуулийн 18.1', govt(200 + i, `${to}-07-09`));
  });
  // Four officers for a unit whose cap is 3: the fourth is over the cap.
  for (let i = 0; i < 4; i++) {
    const [given, gender] = NAMES[i];
    const p = k.person(HR, `${FATHERS[i]} ${given}`, gender, 1980 + i);
    k.appoint(p, `${HR}/officer`, HR, `2024-0${8 + (i >> 1)}-0${1 + i}`, 'competitive-examination', govt(300 + i, '2024-07-30'));
  }
}

// Khan-Uul: officers hired in 2015; after each election some are dismissed
// (some without a lawful ground) and others hired within 90 days.
function district(k) {
  let n = 0;
  const by = (date) => ku(10 + n++, date);
  const staff = [];
  const hire = (date, basis) => {
    const [given, gender] = NAMES[staff.length % NAMES.length];
    const p = k.person(KU, `${FATHERS[staff.length % FATHERS.length]} ${given}`, gender, 1970 + staff.length);
    k.appoint(p, `${KU}/officer`, KU, date, basis, by(date));
    staff.push(p);
  };
  for (let i = 0; i < 8; i++) hire(`2015-0${1 + i}-15`, 'competitive-examination');
  const governor = k.person(KU, 'Пүрэв Ганзориг', 'male', 1968);
  k.appoint(governor, `${KU}/governor`, KU, '2016-07-20', 'political-appointment', by('2016-07-20'));
  for (const [year, off] of [[2016, 0], [2020, 2], [2024, 4]]) {
    k.dismiss(staff[off], `${KU}/officer`, KU, `${year}-08-01`, 'restructuring', null, by(`${year}-08-01`));
    k.dismiss(staff[off + 1], `${KU}/officer`, KU, `${year}-08-02`, 'resignation', 'Төрийн албаны тухай хуулийн 57.1.1', by(`${year}-08-02`));
    hire(`${year}-08-20`, 'political-appointment');
    hire(`${year}-09-01`, 'reserve-list');
    hire(`${year + 1}-03-01`, 'competitive-examination');
  }
}

// Signs `events` with one key (`ledger sign`) and appends them (`ledger append`).
function signAndAppend(cli, dir, tmp, key, events, tag) {
  const drafts = join(tmp, `${tag}.jsonl`), signed = join(tmp, `${tag}.signed.jsonl`);
  writeFileSync(drafts, events.map(([type, body], i) => JSON.stringify({ type, client_id: `${tag}-${i}`, body })).join('\n') + '\n');
  writeFileSync(signed, cli('sign', '--key', key, drafts));
  const out = cli('append', '--dir', dir, signed).trim().split('\n').map((l) => JSON.parse(l));
  const bad = out.find((o) => o.error || o.seq == null);
  if (bad) throw new Error(`${tag}: ${JSON.stringify(bad)}`);
  return out;
}

// Builds the ledger in `root`/ledger with the keys in `root`/keys; returns the
// paths the tests use (the root key signs new department keys).
export function buildFixtureLedger(ledgerBin, root) {
  const cli = (...args) => execFileSync(ledgerBin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const keys = join(root, 'keys'), dir = join(root, 'ledger');
  execFileSync('mkdir', ['-p', keys]);
  for (const k of ['root', 'hr-cabinet', 'hr-khan-uul']) cli('keygen', '--out', join(keys, k));
  cli('init', '--dir', dir, '--origin', 'test.ledger.example/appointments', '--root-key', join(keys, 'root.pem'));
  // Old decisions are recorded today: the widest back-dating limit (100
  // years) flags only the 1920s ones.
  cli('rules', 'set', dir, '--key', join(keys, 'root.pem'), '--backdate-days', '36500', '--reason', 'old decisions recorded today');
  const register = (name, orgs) => cli('key', 'register', '--dir', dir, '--signer', join(keys, 'root.pem'), '--key', join(keys, `${name}.pub`), '--name', name, ...orgs.flatMap((o) => ['--org', o]));
  register('hr-cabinet', [CS, HR]);
  register('hr-khan-uul', ['mn.ub', KU]);
  signAndAppend(cli, dir, root, join(keys, 'root.pem'), structure(), 'structure');
  const cab = people(1);
  cabinet(cab);
  signAndAppend(cli, dir, root, join(keys, 'hr-cabinet.pem'), cab.ev, 'cabinet');
  const dist = people(101);
  district(dist);
  const out = signAndAppend(cli, dir, root, join(keys, 'hr-khan-uul.pem'), dist.ev, 'district');
  // A breach, a court ruling on the first unlawful dismissal, and a correction.
  const firstDismissal = out.find((o, i) => dist.ev[i][0] === 'dismissal.made').seq;
  signAndAppend(cli, dir, root, join(keys, 'hr-khan-uul.pem'), [
    ['breach.recorded', { breach: 'breach.1', person: 'person.109', org: KU, law: 'Төрийн албаны тухай хууль', article: '39.1', finding: 'Ашиг сонирхлын зөрчил', investigating_body: 'Төрийн албаны зөвлөл', date_found: '2021-03-01', status: 'confirmed' }],
    ['court.ruling', { subject_seq: firstDismissal, org: KU, court: 'Захиргааны хэргийн анхан шатны шүүх', case_number: '128/2017', ruling_date: '2017-02-10', outcome: 'reinstatement-ordered', compensation_mnt: 4800000 }],
    ['correction.made', { target_seq: firstDismissal + 1, org: KU, field: 'effective_date', value: '2016-08-03', reason: 'Огноог буруу бичсэн' }],
  ], 'later');
  return { dir, keys, rootKey: join(keys, 'root.pem') };
}
