// Rocket.Chat's second factor in the web client: the prompt shown when an action needs it
// (totp-required), with the password fallback sent as its SHA-256 hex digest.
import * as api from '../api.js';
import { h, modal, toast } from '../dom.js';
import { t } from '../i18n.js';

export async function sha256Hex(text) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), b => b.toString(16).padStart(2, '0')).join('');
}

/** Asks for the code {@code details.method} names; resolves {code, method} or null. */
export async function askSecondFactor(details) {
  const method = details.method === 'password' || details.method === 'email' ? details.method : 'totp';
  const input = h('input', method === 'password'
    ? { id: 'second-factor', type: 'password', autocomplete: 'current-password', required: true }
    : { id: 'second-factor', inputmode: 'numeric', autocomplete: 'one-time-code', required: true });
  const answer = await modal(t('Two-factor authentication'), h('div', null,
    h('label', { for: 'second-factor' }, method === 'password'
      ? t('Enter your password to confirm.')
      : method === 'email' ? t('Enter the code we sent you by e-mail.')
      : t('Enter the code from your authenticator app, or a backup code.')), input),
  [{ label: t('Cancel'), value: 'cancel', submit: false }, { label: t('Confirm'), value: 'ok', primary: true }]);
  if (answer !== 'ok' || !input.value) return null;
  return { method, code: method === 'password' ? await sha256Hex(input.value) : input.value.trim() };
}

/**
 * The account's two-factor screen, over Rocket.Chat's 2fa:* methods: turn TOTP on (key to add to
 * an authenticator app, confirmed with a code, then the backup codes shown once), get new backup
 * codes, or turn it off.
 */
export async function manageTwoFactor(ddp) {
  const me = await api.get('me');
  if (!(me.services && me.services.totp && me.services.totp.enabled)) return turnOn(ddp);
  const left = await ddp.call('2fa:checkCodesRemaining').then(r => r.remaining, () => null);
  const code = h('input', { id: 'tfa-code', inputmode: 'numeric', autocomplete: 'one-time-code', required: true });
  const answer = await modal(t('Two-factor authentication'), h('div', null,
    h('p', null, t('Two-factor authentication is on.')),
    left === null ? null : h('p', null, t('Backup codes left: {count}', { count: left })),
    h('label', { for: 'tfa-code' }, t('Enter the code from your authenticator app, or a backup code.')), code),
  [{ label: t('Cancel'), value: 'cancel', submit: false }, { label: t('New backup codes'), value: 'codes' },
    { label: t('Turn off'), value: 'off', primary: true }]);
  if (!code.value.trim() || (answer !== 'codes' && answer !== 'off')) return;
  try {
    if (answer === 'codes') {
      const result = await ddp.call('2fa:regenerateCodes', code.value.trim());
      if (!result) { toast(t('Wrong code.')); return; }
      await showCodes(result.codes);
    } else if (await ddp.call('2fa:disable', code.value.trim())) {
      toast(t('Two-factor authentication is off.'));
    } else {
      toast(t('Wrong code.'));
    }
  } catch (e) { toast(e.message); }
}

async function turnOn(ddp) {
  let enrolment;
  try { enrolment = await ddp.call('2fa:enable'); } catch (e) { toast(e.message); return; }
  const code = h('input', { id: 'tfa-code', inputmode: 'numeric', autocomplete: 'one-time-code', required: true });
  const answer = await modal(t('Two-factor authentication'), h('div', null,
    h('p', null, t('Add this key to your authenticator app, then enter the code it shows.')),
    h('p', null, h('code', { class: 'tfa-secret', 'aria-label': t('Key') }, enrolment.secret)),
    h('p', null, h('a', { href: enrolment.url, text: t('Open in authenticator app') })),
    h('label', { for: 'tfa-code' }, t('Code from the app')), code),
  [{ label: t('Cancel'), value: 'cancel', submit: false }, { label: t('Turn on'), value: 'on', primary: true }]);
  if (answer !== 'on' || !code.value.trim()) return;
  try {
    const { codes } = await ddp.call('2fa:validateTempToken', code.value.trim());
    await showCodes(codes);
  } catch (e) { toast(e.ddp && e.ddp.error === 'invalid-totp' ? t('Wrong code.') : e.message); }
}

function showCodes(codes) {
  return modal(t('Backup codes'), h('div', null,
    h('p', null, t('Keep these backup codes somewhere safe. Each one works once, in place of a code from the app.')),
    h('ul', { class: 'tfa-codes', 'aria-label': t('Backup codes') }, codes.map(c => h('li', null, h('code', null, c))))),
  [{ label: t('Done'), value: 'done', primary: true }]);
}
