// Tiny DOM helpers: h() builds elements (text is always text, never HTML),
// link() makes in-page links the router follows, table() renders view rows.
import { reason, t } from './i18n.js';

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

export const link = (href, ...children) => h('a', { href, 'data-link': '' }, ...children);
export const q = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v != null && v !== '')).toString();
export const personHref = (id) => `/person?${q({ id })}`;
export const postHref = (id) => `/post?${q({ id })}`;
export const orgHref = (id) => `/org?${q({ id })}`;
export const recordHref = (seq) => `/record/${seq}`;

// Words for a key, or `fallback` when the tables have none.
const words = (key, fallback) => (t(key) === key ? fallback : t(key));
// An event type in words, its name as the title ("Томилгоо" for appointment.made).
export const typeWord = (type) => words(`etype.${type}`, type);
export const typeLabel = (type) => h('span', { title: type }, typeWord(type));
// An enumerated value in words; "dismissal:end-of-term" as "Чөлөөлөлт: ...".
export function valueLabel(value) {
  const colon = value.indexOf(':');
  if (colon > 0) return `${valueLabel(value.slice(0, colon))}: ${valueLabel(value.slice(colon + 1))}`;
  return words(`val.${value}`, value);
}
// Columns and fields whose values are enumerated words (docs/EVENTS.md).
const ENUMERATED = new Set(['tenure', 'began_by', 'ended_by', 'selection_basis', 'ground', 'gender', 'level', 'category', 'outcome', 'kind', 'group']);

// A value of a view row as a cell: ids and seqs become links.
export function cell(column, value) {
  if (value == null || value === '') return '';
  if (column === 'type' && typeof value === 'string') return typeLabel(value);
  if (ENUMERATED.has(column) && typeof value === 'string') return h('span', { title: value }, valueLabel(value));
  if (typeof value === 'boolean') return t(value ? 'bool.yes' : 'bool.no');
  if (Array.isArray(value)) return value.length ? value.map((v) => cell(column, v)).flatMap((x, i) => (i ? [', ', x] : [x])) : '';
  if (typeof value === 'object') return JSON.stringify(value);
  if (/(^|_)seq$/.test(column) && Number.isInteger(value)) return link(recordHref(value), String(value));
  if (column === 'person' || column.endsWith('_person')) return link(personHref(value), String(value));
  if (column === 'post') return link(postHref(value), String(value));
  if (column === 'org' || column === 'organisation') return link(orgHref(value), String(value));
  if (column === 'flags' || column === 'rule') return flagList(String(value).split(/,\s*/));
  return String(value);
}

// Why a check failed (`kind`, `args`: CheckError) in the page's language,
// the English `detail` as a second, smaller line.
export function reasonLine(kind, args, detail) {
  const r = reason(kind, args, detail);
  if (!r.words) return h('span', { class: 'reason', 'data-kind': kind }, r.detail);
  return h('span', { class: 'reason', 'data-kind': kind }, r.words,
    r.detail ? h('span', { class: 'why-detail', lang: 'en' }, r.detail) : '');
}
// A flag ("<rule>: <the server's why>") as the rule's reason in words, the
// server's sentence beside it.
export function findingLine(flag) {
  const colon = flag.indexOf(':');
  const r = reason(`rule.${colon > 0 ? flag.slice(0, colon) : flag}`, {}, '');
  if (!r.words) return h('span', { class: 'reason' }, flag);
  return h('span', { class: 'reason', 'data-kind': `rule.${flag.slice(0, colon)}` }, r.words,
    h('span', { class: 'why-detail', lang: 'en' }, flag.slice(colon + 1).trim()));
}

export function flagList(flags) {
  return flags.filter(Boolean).map((f) => h('span', { class: 'flag', title: f }, t(`flag.${f}`) === `flag.${f}` ? f : t(`flag.${f}`)));
}

// A field's name in words, e.g. "Овог нэр" for full_name (itself when unknown).
export function fieldLabel(name) {
  const key = `fname.${name}`;
  return t(key) === key ? name : t(key);
}

// A column's header: `labels` first, else the words for "col.<name>"
// (i18n.js); the API's own name is the header's title, for the CSV.
export function columnLabel(column, labels = {}) {
  if (labels[column]) return labels[column];
  const key = `col.${column}`;
  return t(key) === key ? column : t(key);
}

// A view's rows as a table with the given columns (all when omitted);
// `render[column](value)`, when given, draws that column's cells.
export function table(view, columns = view.columns, labels = {}, render = {}) {
  return h('div', { class: 'scroll' }, h('table', { class: 'rows', 'data-view': view.view },
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', title: c, 'data-column': c }, columnLabel(c, labels))))),
    h('tbody', {}, view.rows.map((r) => h('tr', {}, columns.map((c) => h('td', {}, render[c] ? render[c](r[c]) : cell(c, r[c]))))))));
}

export function status(kind, ...text) { return h('p', { class: `status ${kind}`, role: kind === 'bad' ? 'alert' : 'status' }, ...text); }
