// The HR form: a department records a decision. Its PEM private key is read
// from a file into WebCrypto and never leaves the browser; the form is built
// from GET /v1/schemas, checked as one types, signed as `ledger sign` signs
// (submit.js), shown as a preview with the server's dry run of it (POST
// /v1/events?dry_run=true: the seq and flags it would get, or why it would
// be refused), and only then sent to POST /v1/events.
import * as api from '../api.js';
import { fieldLabel, findingLine, flagList, h, link, recordHref, status, typeWord, valueLabel } from '../dom.js';
import { t } from '../i18n.js';
import { checkBody, KeyError, loadSigningKey, randomClientId, signSubmission } from '../submit.js';
import { cryptoAvailable } from '../verify.js';

const LONG_TEXT = 2048;  // bytes above which a text field is a text area

function input(field) {
  const attrs = { id: `f-${field.name}`, name: field.name, 'aria-describedby': `err-${field.name}` };
  if (field.kind === 'enum' || field.kind === 'bool') {
    const choices = field.kind === 'bool' ? ['true', 'false'] : field.choices;
    return h('select', attrs, h('option', { value: '' }, '—'), choices.map((c) => h('option', { value: c }, c)));
  }
  if (field.kind === 'text' && field.max_bytes > LONG_TEXT) return h('textarea', { ...attrs, rows: 3 });
  const hint = { date: 'YYYY-MM-DD', 'id-list': t('hr.idlist'), 'public-key': 'base64', hash: 'base64' }[field.kind];
  return h('input', { ...attrs, type: 'text', placeholder: hint, inputmode: field.kind === 'uint' ? 'numeric' : null, autocomplete: 'off' });
}

function fieldRow(field) {
  return h('label', { class: 'field' },
    h('span', {}, fieldLabel(field.name), ' ', h('code', {}, field.name), field.required ? ' *' : ` (${t('hr.optional')})`, ' ', h('small', {}, field.kind)),
    input(field), h('small', { class: 'err', id: `err-${field.name}`, role: 'status' }));
}

// The key's registry entry, and whether it may record for `org`.
function keyEntry(keys, key) {
  const b64 = key && btoa(String.fromCharCode(...key.publicKey));
  return keys.find((k) => k.key === b64);
}

export async function hr(main) {
  const [{ schemas }, { keys }, health] = await Promise.all([api.json('/v1/schemas'), api.json('/v1/keys'), api.json('/v1/health')]);
  const types = schemas.filter((s) => s.latest && s.type !== 'ledger.genesis');
  const state = { key: null, schema: null, signed: null, run: 0 };

  const keyFile = h('input', { type: 'file', id: 'key-file', accept: '.pem,application/x-pem-file,text/plain' });
  const keyStatus = h('div', { id: 'key-status' });
  const typeSelect = h('select', { id: 'type', name: 'type' }, types.map((s) => h('option', { value: s.type }, `${typeWord(s.type)} — ${s.type} (v${s.schema})`)));
  const clientId = h('input', { id: 'client-id', type: 'text', value: randomClientId(), autocomplete: 'off' });
  const fields = h('fieldset', { id: 'fields', class: 'fields' });
  const check = h('div', { id: 'check', 'aria-live': 'polite' });
  const preview = h('pre', { class: 'note', id: 'preview' });
  const dryRun = h('div', { id: 'dry-run', 'aria-live': 'polite' });
  const submit = h('button', { type: 'button', id: 'submit', disabled: true }, t('hr.submit'));
  const answer = h('div', { id: 'answer', 'aria-live': 'polite' });

  const values = () => {
    const out = {};
    for (const f of state.schema.fields) out[f.name] = fields.querySelector(`[name="${f.name}"]`).value.trim();
    return out;
  };

  // Checks every field, then signs what passed: the preview is exactly what is sent.
  async function update() {
    const run = ++state.run;
    state.signed = null;
    submit.disabled = true;
    dryRun.replaceChildren();
    const { body, errors } = checkBody(state.schema, values());
    const id = clientId.value;
    if (!id || new TextEncoder().encode(id).length > 128) errors['client_id'] = 'hr.clientid';
    for (const f of state.schema.fields) {
      const el = fields.querySelector(`#err-${CSS.escape(f.name)}`);
      const touched = fields.querySelector(`[name="${f.name}"]`).dataset.touched;
      el.textContent = errors[f.name] && touched ? t(errors[f.name]) : '';
      el.parentElement.classList.toggle('invalid', !!(errors[f.name] && touched));
    }
    const problems = Object.entries(errors);
    const notes = [];
    const entry = keyEntry(keys, state.key);
    if (!state.key) notes.push(t('hr.needkey'));
    const scope = state.schema.scope_field;
    if (entry && entry.role === 'authority' && (!scope || (body[scope] && !entry.organisations.some((o) => o === '*' || o === body[scope])))) {
      notes.push(t('hr.outofscope', { name: entry.name, org: body[scope] ?? '—' }));
    }
    check.replaceChildren(problems.length
      ? h('div', { class: 'status bad', 'data-valid': 'false' }, t('hr.problems', { n: problems.length }),
        h('ul', {}, problems.map(([name, e]) => h('li', {}, h('code', {}, name), ': ', t(e)))))
        : status('ok', t('hr.valid')), ...notes.map((n) => h('p', { class: 'status warn' }, n)));
    check.firstChild.dataset.valid = String(!problems.length);
    if (problems.length || !state.key) { preview.textContent = JSON.stringify({ type: state.schema.type, schema: state.schema.schema, client_id: id, body }, null, 1); return; }
    const signed = await signSubmission(state.schema, body, id, state.key);
    if (run !== state.run) return;
    state.signed = signed;
    preview.textContent = JSON.stringify(signed, null, 1);
    submit.disabled = !health.writable;
    if (health.writable) tryIt(signed, run);
  }

  // What the ledger would do with the signed submission, asked a moment
  // after the last keystroke; an answer for an older draft is dropped.
  let timer = null;
  function tryIt(signed, run) {
    clearTimeout(timer);
    dryRun.replaceChildren(h('p', { class: 'status' }, t('hr.dryrunning')));
    timer = setTimeout(async () => {
      let res, doc;
      try {
        res = await fetch('/v1/events?dry_run=true', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(signed) });
        doc = await res.json();
      } catch (e) {
        if (run === state.run) dryRun.replaceChildren(status('bad', `${t('error')}: ${e.message}`));
        return;
      }
      if (run !== state.run) return;
      dryRun.replaceChildren(res.ok ? dryRunOk(doc) : h('div', { class: 'status bad', 'data-ok': 'false', 'data-code': doc.code || '', role: 'alert' },
        t('hr.wouldreject', { status: res.status, code: doc.code || '' }), h('p', {}, doc.results?.[0]?.error?.message || doc.detail || '')));
    }, 250);
  }

  function chooseType() {
    state.schema = types.find((s) => s.type === typeSelect.value);
    fields.replaceChildren(h('legend', {}, t('hr.fields', { type: state.schema.type })), ...state.schema.fields.map(fieldRow));
    answer.replaceChildren();
    update();
  }

  fields.addEventListener('input', (e) => { e.target.dataset.touched = '1'; update(); });
  fields.addEventListener('change', (e) => { e.target.dataset.touched = '1'; update(); });
  clientId.addEventListener('input', update);
  typeSelect.addEventListener('change', chooseType);
  keyFile.addEventListener('change', async () => {
    const file = keyFile.files[0];
    state.key = null;
    if (!file) return update();
    try {
      state.key = await loadSigningKey(await file.text());
      const entry = keyEntry(keys, state.key);
      const pub = btoa(String.fromCharCode(...state.key.publicKey));
      keyStatus.replaceChildren(entry && !entry.revoked
        ? status('ok', t('hr.keyok', { name: entry.name, role: valueLabel(entry.role), orgs: entry.organisations.join(', ') }), h('br'), h('code', {}, pub))
        : h('p', { class: 'status warn' }, t(entry ? 'hr.keyrevoked' : 'hr.keyunknown'), ' ', h('code', {}, pub)));
      keyStatus.dataset.loaded = 'true';
    } catch (e) {
      keyStatus.replaceChildren(status('bad', e instanceof KeyError ? t(e.message) : `${t('error')}: ${e.message}`));
      keyStatus.dataset.loaded = 'false';
    }
    keyFile.value = '';  // the file's text is not kept; only the non-extractable key is
    update();
  });

  submit.addEventListener('click', async () => {
    if (!state.signed) return;
    submit.disabled = true;
    answer.replaceChildren(status('ok', t('hr.sending')));
    let res, doc;
    try {
      res = await fetch('/v1/events', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(state.signed) });
      doc = await res.json();
    } catch (e) {
      answer.replaceChildren(status('bad', `${t('error')}: ${e.message}`));
      submit.disabled = false;
      return;
    }
    const r = doc.results?.[0] || {};
    if (res.ok && r.seq != null) {
      answer.replaceChildren(h('div', { class: 'status ok', id: 'accepted', 'data-seq': r.seq },
        t(r.duplicate ? 'hr.duplicate' : 'hr.accepted', { seq: r.seq }), ' ', link(recordHref(r.seq), t('hr.open', { seq: r.seq })),
        r.flags?.length ? h('p', {}, t('col.flags'), ': ', flagList(r.flags.map((f) => f.split(':')[0])), ' ', h('ul', {}, r.flags.map((f) => h('li', {}, h('small', {}, findingLine(f)))))) : ''));
      clientId.value = randomClientId();  // the next decision is a new submission
      update();
    } else {
      answer.replaceChildren(h('div', { class: 'status bad', id: 'rejected', role: 'alert', 'data-code': doc.code || '' },
        `${res.status} ${doc.title || ''} ${doc.code ? `(${doc.code})` : ''}`, h('p', {}, r.error?.message || doc.detail || ''),
        h('pre', { class: 'note' }, JSON.stringify(doc, null, 1))));
      submit.disabled = false;
    }
  });

  const dryRunOk = (doc) => h('div', { class: `status ${doc.flags.length ? 'warn' : 'ok'}`, 'data-ok': 'true', 'data-seq': doc.duplicate ? doc.seq : doc.would_be_seq, 'data-flags': doc.flags.map((f) => f.split(':')[0]).join(' ') },
    doc.duplicate ? t('hr.wouldduplicate', { seq: doc.seq }) : t('hr.wouldbe', { seq: doc.would_be_seq }), ' ',
    doc.flags.length ? h('p', {}, t('hr.wouldflag'), ' ', flagList(doc.flags.map((f) => f.split(':')[0])), h('ul', {}, doc.flags.map((f) => h('li', {}, h('small', {}, findingLine(f))))))
      : t('hr.noflags'));

  const correctable = types.filter((s) => s.correctable?.length);
  main.append(h('h1', {}, t('hr.title')), h('p', {}, t('hr.intro')),
    cryptoAvailable() ? '' : status('bad', t('insecure.title')),
    health.writable ? '' : h('p', { class: 'status warn', id: 'readonly' }, t('hr.readonly')),
    h('h2', {}, t('hr.key')), h('p', { class: 'detail' }, t('hr.keyhelp')), keyFile, keyStatus,
    h('h2', {}, t('hr.event')),
    h('div', { class: 'fields' }, h('label', { class: 'field' }, h('span', {}, t('col.type')), typeSelect),
      h('label', { class: 'field' }, h('span', {}, 'client_id ', h('small', {}, t('hr.clientidhelp'))), clientId)),
    fields,
    h('details', {}, h('summary', {}, t('hr.correctable')),
      h('ul', {}, correctable.map((s) => h('li', {}, h('code', {}, s.type), ': ', s.correctable.join(', '))))),
    h('h2', {}, t('hr.check')), check, h('h3', {}, t('hr.dryrun')), dryRun, h('h3', {}, t('hr.preview')), preview,
    submit, answer);
  if (types.some((s) => s.type === 'appointment.made')) typeSelect.value = 'appointment.made';
  chooseType();
}
