// Rocket.Chat's second factor in the web client: the prompt shown when an action needs it
// (totp-required), with the password fallback sent as its SHA-256 hex digest.
import { h, modal } from '../dom.js';
import { t } from '../i18n.js';

export async function sha256Hex(text) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), b => b.toString(16).padStart(2, '0')).join('');
}

/** Asks for the code {@code details.method} names; resolves {code, method} or null. */
export async function askSecondFactor(details) {
  const method = details.method === 'password' ? 'password' : 'totp';
  const input = h('input', method === 'password'
    ? { id: 'second-factor', type: 'password', autocomplete: 'current-password', required: true }
    : { id: 'second-factor', inputmode: 'numeric', autocomplete: 'one-time-code', required: true });
  const answer = await modal(t('Two-factor authentication'), h('div', null,
    h('label', { for: 'second-factor' }, method === 'password'
      ? t('Enter your password to confirm.')
      : t('Enter the code from your authenticator app, or a backup code.')), input),
  [{ label: t('Cancel'), value: 'cancel', submit: false }, { label: t('Confirm'), value: 'ok', primary: true }]);
  if (answer !== 'ok' || !input.value) return null;
  return { method, code: method === 'password' ? await sha256Hex(input.value) : input.value.trim() };
}
