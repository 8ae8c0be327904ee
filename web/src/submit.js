// Building and signing a submission in the browser, exactly as `ledger sign`
// does (docs/FORMAT.md sections 3, 4 and 5.1): each field checked against the
// schema from GET /v1/schemas, the body encoded as its binary archive, the
// domain-separated signing input signed with the department's Ed25519 key.
// The private key is imported into WebCrypto as non-extractable and never
// leaves this module. No DOM, no network: node tests it against the CLI.
import { b64decode, b64encode, concat, signingInput } from './verify.js';

const enc = new TextEncoder();

// ---- the department's key: PEM PKCS#8 Ed25519, as `ledger keygen` writes ----
const PKCS8_ED25519 = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

export class KeyError extends Error {}

export function pemToPkcs8(text) {
  const m = /-----BEGIN PRIVATE KEY-----([\s\S]*?)-----END PRIVATE KEY-----/.exec(text);
  if (!m) throw new KeyError('key.notpem');
  let der;
  try { der = b64decode(m[1].replace(/\s+/g, '')); } catch { throw new KeyError('key.notpem'); }
  if (der.length !== 48 || PKCS8_ED25519.some((b, i) => der[i] !== b)) throw new KeyError('key.noted25519');
  return der;
}

// { sign(bytes) -> signature bytes, publicKey: 32 bytes }. The public key is
// derived once from an extractable import that is then dropped.
export async function loadSigningKey(pemText) {
  const der = pemToPkcs8(pemText);
  let jwk, key;
  try {
    jwk = await crypto.subtle.exportKey('jwk', await crypto.subtle.importKey('pkcs8', der, { name: 'Ed25519' }, true, ['sign']));
    key = await crypto.subtle.importKey('pkcs8', der, { name: 'Ed25519' }, false, ['sign']);
  } catch (e) {
    throw new KeyError(e?.name === 'NotSupportedError' ? 'key.unsupported' : 'key.noted25519');
  }
  const publicKey = b64decode(jwk.x.replace(/-/g, '+').replace(/_/g, '/').padEnd(44, '='));
  return { publicKey, sign: async (bytes) => new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, key, bytes)) };
}

// ---- field values (section 4.1); each check returns an error key or null ----
const ID = /^[A-Za-z0-9._:/-]{1,128}$/;
const U64_MAX = (1n << 64n) - 1n;

function textError(s, max) {
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(s)) return 'field.control';
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s)) return 'field.utf8';
  if (enc.encode(s).length > max) return 'field.toolong';
  return null;
}

// "YYYY-MM-DD" -> days since 1970-01-01, or null when it is not a real date.
export function parseDate(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return null;
  const dt = new Date(0);
  dt.setUTCFullYear(y, mo - 1, d);
  dt.setUTCHours(0, 0, 0, 0);
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return Math.round(dt.getTime() / 86400000);
}

function isKey32(s) {
  try { return b64decode(s).length === 32; } catch { return false; }
}

// A form value (text as typed; a boolean for bool; an array for id lists) ->
// { value } in its JSON form, { absent: true } for an empty optional field,
// or { error }.
export function checkField(field, raw) {
  const empty = raw == null || raw === '' || (Array.isArray(raw) && raw.length === 0 && field.kind !== 'id-list' && field.kind !== 'date-list');
  if (empty) return field.required ? { error: 'field.required' } : { absent: true };
  switch (field.kind) {
    case 'text': { const e = textError(raw, field.max_bytes ?? 1024); return e ? { error: e } : { value: raw }; }
    case 'id': return ID.test(raw) ? { value: raw } : { error: 'field.id' };
    case 'enum': return field.choices.includes(raw) ? { value: raw } : { error: 'field.choice' };
    case 'uint': {
      if (!/^\d{1,20}$/.test(String(raw)) || BigInt(raw) > U64_MAX) return { error: 'field.uint' };
      const n = BigInt(raw);
      return n <= BigInt(Number.MAX_SAFE_INTEGER) ? { value: Number(n) } : { error: 'field.uint' };
    }
    case 'bool': return typeof raw === 'boolean' ? { value: raw } : raw === 'true' || raw === 'false' ? { value: raw === 'true' } : { error: 'field.bool' };
    case 'date': return parseDate(raw) == null ? { error: 'field.date' } : { value: raw };
    case 'public-key': case 'hash': return isKey32(raw) ? { value: raw } : { error: 'field.key32' };
    case 'id-list': {
      const list = Array.isArray(raw) ? raw : String(raw).split(/[\s,]+/).filter(Boolean);
      return list.every((x) => x === '*' || ID.test(x)) ? { value: list } : { error: 'field.idlist' };
    }
    case 'date-list': {
      // A set of dates: sorted and each once, as the codec requires.
      const list = Array.isArray(raw) ? raw : String(raw).split(/[\s,]+/).filter(Boolean);
      if (!list.every((x) => parseDate(x) != null)) return { error: 'field.date' };
      return { value: [...new Set(list)].sort((x, y) => parseDate(x) - parseDate(y)) };
    }
    default: return { error: 'field.kind' };
  }
}

// All fields of a schema: { body, errors: {name: key} }.
export function checkBody(schema, values) {
  const body = {}, errors = {};
  for (const f of schema.fields) {
    const r = checkField(f, values[f.name]);
    if (r.error) errors[f.name] = r.error;
    else if (!r.absent) body[f.name] = r.value;
  }
  return { body, errors };
}

// ---- the body archive (section 4) ----
const u8 = (n) => Uint8Array.of(n);
const u64 = (n) => { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, BigInt(n), true); return b; };
const i32 = (n) => { const b = new Uint8Array(4); new DataView(b.buffer).setInt32(0, n, true); return b; };
const blob = (bytes) => concat(u64(bytes.length), bytes);
const text = (s) => blob(enc.encode(s));

function encodeValue(field, v) {
  switch (field.kind) {
    case 'text': case 'id': case 'enum': return text(v);
    case 'uint': return u64(v);
    case 'bool': return u8(v ? 1 : 0);
    case 'date': return i32(parseDate(v));
    case 'public-key': case 'hash': return b64decode(v);
    case 'id-list': return concat(u64(v.length), ...v.map(text));
    case 'date-list': return concat(u64(v.length), ...v.map((d) => i32(parseDate(d))));
    default: throw new Error(`unknown field kind ${field.kind}`);
  }
}

// A checked body (JSON form) -> its canonical bytes.
export function encodeBody(schema, body) {
  const parts = [u8(1)];
  for (const f of schema.fields) {
    const has = body[f.name] != null;
    if (!f.required) parts.push(u8(has ? 1 : 0));
    else if (!has) throw new Error(`body.${f.name}: required field is missing`);
    if (has) parts.push(encodeValue(f, body[f.name]));
  }
  return concat(...parts);
}

// The signed submission JSON (section 5.1), as `ledger sign` prints it.
export async function signSubmission(schema, body, clientId, key) {
  const input = signingInput({ typeBytes: enc.encode(schema.type), schema: schema.schema, body: encodeBody(schema, body),
    clientIdBytes: enc.encode(clientId), signer: key.publicKey });
  const signature = await key.sign(input);
  const ordered = {};
  for (const f of schema.fields) if (body[f.name] != null) ordered[f.name] = body[f.name];
  return { type: schema.type, schema: schema.schema, client_id: clientId, body: ordered,
    signer: b64encode(key.publicKey), signature: b64encode(signature) };
}

export function randomClientId() {
  return 'web-' + Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
}
