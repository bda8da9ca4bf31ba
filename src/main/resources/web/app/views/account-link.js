// The pages behind the links Parley mails: /reset-password/<token> sets a new password and
// /verify-email/<token> confirms an address. Both call Rocket.Chat's DDP method (resetPassword,
// verifyEmail) on a socket of their own; each logs the user in, as Rocket.Chat's client does.
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';

/** One DDP method call without a login; resolves with the result, rejects with the Meteor error. */
export function callOnce(method, params) {
  return new Promise((resolve, reject) => {
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/websocket';
    const ws = new WebSocket(url);
    let done = false;
    const finish = (fn, v) => { if (!done) { done = true; ws.close(); fn(v); } };
    ws.onopen = () => ws.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] }));
    ws.onmessage = (e) => {
      const f = JSON.parse(e.data);
      if (f.msg === 'connected') ws.send(JSON.stringify({ msg: 'method', id: '1', method, params }));
      else if (f.msg === 'ping') ws.send(JSON.stringify({ msg: 'pong' }));
      else if (f.msg === 'result' && f.id === '1') {
        if (f.error) finish(reject, Object.assign(new Error(f.error.reason || String(f.error.error)), { ddp: f.error }));
        else finish(resolve, f.result);
      }
    };
    ws.onclose = () => finish(reject, new Error(t('The connection to the server was lost.')));
  });
}

export function renderResetPassword(root, token, { onLoggedIn }) {
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'card', 'aria-labelledby': 'reset-title', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    const pass = form.elements.namedItem('password').value;
    if (pass !== form.elements.namedItem('confirm').value) {
      error.textContent = t('The passwords do not match.');
      return;
    }
    form.querySelector('button').disabled = true;
    try {
      const r = await callOnce('resetPassword', [token, pass]);
      await onLoggedIn(r.token, r.id);
    } catch (err) {
      error.textContent = err.message;
      form.querySelector('button').disabled = false;
    }
  } },
  h('h1', { id: 'reset-title', text: t('Choose a new password') }),
  h('label', { for: 'reset-password', text: t('New password') }),
  h('input', { id: 'reset-password', name: 'password', type: 'password', autocomplete: 'new-password', required: true, autofocus: true }),
  h('label', { for: 'reset-confirm', text: t('Confirm the new password') }),
  h('input', { id: 'reset-confirm', name: 'confirm', type: 'password', autocomplete: 'new-password', required: true }),
  error,
  h('button', { type: 'submit', class: 'primary wide', text: t('Reset') }),
  h('p', null, h('a', { href: '/login', text: t('Back to login') })));
  clear(root).append(h('main', { class: 'login' }, form));
}

export async function renderVerifyEmail(root, token, { onLoggedIn }) {
  const status = h('p', { role: 'status', text: t('Verifying your e-mail address…') });
  clear(root).append(h('main', { class: 'login' }, h('div', { class: 'card' },
    h('h1', { text: t('E-mail verification') }), status, h('p', null, h('a', { href: '/login', text: t('Back to login') })))));
  try {
    const r = await callOnce('verifyEmail', [token]);
    status.textContent = t('Your e-mail address is verified.');
    await onLoggedIn(r.token, r.id);
  } catch (err) {
    status.className = 'error';
    status.textContent = err.message;
  }
}
