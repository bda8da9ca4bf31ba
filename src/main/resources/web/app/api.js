// Parley's public REST API (Rocket.Chat's /api/v1), with the X-User-Id / X-Auth-Token headers.
import { takeEarly } from './early.js';

let auth = null;
let onUnauthorized = () => {};
let askSecondFactor = null;

export function setAuth(a) { auth = a; }
export function getAuth() { return auth; }
export function whenUnauthorized(fn) { onUnauthorized = fn; }
/**
 * Rocket.Chat's twoFactorRequired endpoints answer totp-required: {@code fn(details)} asks the
 * user and resolves with {code, method} (or null to give up); the call is then sent again with
 * the x-2fa-code / x-2fa-method headers.
 */
export function whenSecondFactorNeeded(fn) { askSecondFactor = fn; }

export class ApiError extends Error {
  constructor(status, body) {
    super(body.error || body.message || ('HTTP ' + status));
    this.status = status;
    this.errorType = body.errorType;
    this.body = body;
  }
}

async function request(method, path, body, secondFactor) {
  const headers = { Accept: 'application/json' };
  if (auth) { headers['X-User-Id'] = auth.userId; headers['X-Auth-Token'] = auth.authToken; }
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (secondFactor) { headers['x-2fa-code'] = secondFactor.code; headers['x-2fa-method'] = secondFactor.method; }
  // The first screen's GETs may already be on their way (early.js).
  const early = method === 'GET' && !secondFactor ? takeEarly(path, auth) : null;
  const res = await (early || fetch('/api/v1/' + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
  const json = await res.json().catch(() => ({}));
  if (res.status === 401 && auth && path !== 'login') onUnauthorized();
  if (json.errorType === 'totp-required' && askSecondFactor && !secondFactor) {
    const answer = await askSecondFactor(json.details || {});
    if (answer) return request(method, path, body, answer);
  }
  if (!res.ok || json.success === false) throw new ApiError(res.status, json);
  return json;
}

/** A multipart upload, e.g. rooms.upload/:rid with a file and an optional message. */
export async function upload(path, form) {
  const headers = { Accept: 'application/json' };
  if (auth) { headers['X-User-Id'] = auth.userId; headers['X-Auth-Token'] = auth.authToken; }
  const res = await fetch('/api/v1/' + path, { method: 'POST', headers, body: form });
  const json = await res.json().catch(() => ({}));
  if (res.status === 401 && auth) onUnauthorized();
  if (!res.ok || json.success === false) throw new ApiError(res.status, json);
  return json;
}

/**
 * A multipart upload that reports progress (fetch cannot): XMLHttpRequest's upload.onprogress
 * calls onProgress(loaded, total). Returns {promise, abort}; after abort() the promise rejects
 * with an error whose {@code cancelled} is true.
 */
export function uploadWithProgress(path, form, onProgress) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise((resolve, reject) => {
    xhr.open('POST', '/api/v1/' + path);
    xhr.setRequestHeader('Accept', 'application/json');
    if (auth) { xhr.setRequestHeader('X-User-Id', auth.userId); xhr.setRequestHeader('X-Auth-Token', auth.authToken); }
    xhr.upload.addEventListener('progress', (e) => { if (e.lengthComputable) onProgress?.(e.loaded, e.total); });
    xhr.addEventListener('load', () => {
      let json = {};
      try { json = JSON.parse(xhr.responseText); } catch (e) { /* not JSON: judged by the status */ }
      if (xhr.status === 401 && auth) onUnauthorized();
      if (xhr.status < 200 || xhr.status >= 300 || json.success === false) reject(new ApiError(xhr.status, json));
      else resolve(json);
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, { errorType: 'network' })));
    xhr.addEventListener('abort', () => {
      const e = new Error('cancelled');
      e.cancelled = true;
      reject(e);
    });
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}

export function get(path, params) {
  const q = params ? '?' + new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null)) : '';
  return request('GET', path + q);
}

/** The JSON of a GET early.js started under key (e.g. 'history:/channel/x'), or null. */
export async function early(key) {
  const res = takeEarly(key, auth);
  if (!res) return null;
  try {
    const r = await res;
    return r.ok ? await r.json() : null;
  } catch (e) { return null; }
}

export function post(path, body = {}) { return request('POST', path, body); }

/** The REST family for a room type: channels, groups or im. */
export function family(t) { return t === 'c' ? 'channels' : t === 'p' ? 'groups' : 'im'; }
