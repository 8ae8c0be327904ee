// Every number on the page comes from one of these calls; each page lists
// the calls it made (sources()) so anyone can repeat them with curl.
let made = [];

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function get(path, as) {
  made.push(path);
  const res = await fetch(path, { headers: { Accept: as === 'json' ? 'application/json' : '*/*' } });
  if (!res.ok) {
    let msg = `${res.status} ${res.statusText}`;
    try { const e = await res.json(); msg = e.error?.message || e.detail || e.title || msg; } catch { /* not JSON */ }
    throw new ApiError(res.status, `${path}: ${msg}`);
  }
  if (as === 'json') return res.json();
  if (as === 'bytes') return new Uint8Array(await res.arrayBuffer());
  return res.text();
}

export const json = (path) => get(path, 'json');
export const text = (path) => get(path, 'text');
export const bytes = (path) => get(path, 'bytes');
export const view = (name, params) => json(`/v1/views/${name}?${new URLSearchParams(Object.entries(params).filter(([, v]) => v != null && v !== ''))}`);

// The calls made since the page started rendering.
export function takeSources() { const s = made; made = []; return s; }
