// Log in (username or e-mail + password) and, when registration is open, register.
import * as api from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { state } from '../store.js';
import { languagePicker } from './common.js';

// Accounts_EmailVerification: the password was right, the address is not confirmed yet.
const UNVERIFIED = 'Confirm your e-mail address with the link we sent you, then log in.';

export function renderLogin(root, { register, onLoggedIn }) {
  const open = state.settings.Accounts_RegistrationForm === undefined || state.settings.Accounts_RegistrationForm === 'Public';
  const error = h('p', { class: 'error', role: 'alert' });
  const busy = (form, on) => form.querySelectorAll('button').forEach(b => { b.disabled = on; });

  const codeInput = h('input', { id: 'login-code', name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code' });
  const codeRow = h('div', { hidden: true }, h('label', { for: 'login-code', text: t('Two-factor code') }), codeInput);
  const loginForm = h('form', { class: 'card', 'aria-labelledby': 'login-title', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    busy(loginForm, true);
    try {
      const body = { user: loginForm.user.value.trim(), password: loginForm.password.value };
      if (!codeRow.hidden && codeInput.value.trim()) body.code = codeInput.value.trim();
      const { data } = await api.post('login', body);
      await onLoggedIn(data.authToken, data.userId);
    } catch (err) {
      const kind = err.body && err.body.error;
      if (kind === 'totp-required' || kind === 'totp-invalid') {
        // Two-factor authentication is on for this account: ask for the code and log in again.
        codeRow.hidden = false;
        codeInput.required = true;
        codeInput.focus();
        const byEmail = err.body.details && err.body.details.method === 'email';
        error.textContent = kind === 'totp-invalid' ? t('Wrong code.')
          : byEmail ? t('Enter the code we sent you by e-mail.')
          : t('Enter the code from your authenticator app, or a backup code.');
      } else if (kind === 'error-invalid-email') {
        error.textContent = t(UNVERIFIED);
      } else {
        error.textContent = err.status === 401 ? t('Wrong username, e-mail or password.') : err.message;
      }
      busy(loginForm, false);
    }
  } },
  h('h1', { id: 'login-title', text: t('Log in to Parley') }),
  h('label', { for: 'login-user', text: t('Username or e-mail') }),
  h('input', { id: 'login-user', name: 'user', autocomplete: 'username', required: true, autofocus: true }),
  h('label', { for: 'login-password', text: t('Password') }),
  h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
  codeRow,
  error,
  h('button', { type: 'submit', class: 'primary wide', text: t('Log in') }),
  state.settings.Accounts_PasswordReset !== false && h('p', null, h('a', { href: '#forgot', onclick: (e) => {
    e.preventDefault();
    e.stopPropagation();
    loginForm.replaceWith(forgotForm());
  }, text: t('Forgot your password?') })),
  open && h('p', null, h('a', { href: '/register', text: t('No account yet? Register') })));

  // users.forgotPassword answers alike for every address; so does this form.
  const forgotForm = () => {
    const note = h('p', { role: 'status' });
    const form = h('form', { class: 'card', 'aria-labelledby': 'forgot-title', onsubmit: async (e) => {
      e.preventDefault();
      form.querySelector('button').disabled = true;
      try {
        await api.post('users.forgotPassword', { email: form.elements.namedItem('email').value.trim() });
        note.className = '';
        note.textContent = t('If this address belongs to an account, a link to reset its password is on its way.');
      } catch (err) {
        note.className = 'error';
        note.textContent = err.message;
        form.querySelector('button').disabled = false;
      }
    } },
    h('h1', { id: 'forgot-title', text: t('Reset your password') }),
    h('label', { for: 'forgot-email', text: t('E-mail') }),
    h('input', { id: 'forgot-email', name: 'email', type: 'email', autocomplete: 'email', required: true, autofocus: true }),
    note,
    h('button', { type: 'submit', class: 'primary wide', text: t('Send reset link') }),
    h('p', null, h('a', { href: '/login', text: t('Back to login') })));
    return form;
  };

  const regError = h('p', { class: 'error', role: 'alert' });
  const regForm = h('form', { class: 'card', 'aria-labelledby': 'register-title', onsubmit: async (e) => {
    e.preventDefault();
    regError.textContent = '';
    busy(regForm, true);
    const v = (n) => regForm.elements.namedItem(n).value;
    try {
      await api.post('users.register', { name: v('name').trim(), username: v('username').trim(),
        email: v('email').trim(), pass: v('pass') });
      const { data } = await api.post('login', { user: v('username').trim(), password: v('pass') });
      await onLoggedIn(data.authToken, data.userId);
    } catch (err) {
      regError.textContent = err.body?.error === 'error-invalid-email' ? t(UNVERIFIED) : err.message;
      busy(regForm, false);
    }
  } },
  h('h1', { id: 'register-title', text: t('Create an account') }),
  h('label', { for: 'reg-name', text: t('Name') }),
  h('input', { id: 'reg-name', name: 'name', autocomplete: 'name', required: true }),
  h('label', { for: 'reg-username', text: t('Username') }),
  h('input', { id: 'reg-username', name: 'username', autocomplete: 'username', pattern: '[0-9a-zA-Z._\\-]+', required: true }),
  h('label', { for: 'reg-email', text: t('E-mail') }),
  h('input', { id: 'reg-email', name: 'email', type: 'email', autocomplete: 'email', required: true }),
  h('label', { for: 'reg-pass', text: t('Password') }),
  h('input', { id: 'reg-pass', name: 'pass', type: 'password', autocomplete: 'new-password', required: true }),
  regError,
  h('button', { type: 'submit', class: 'primary wide', text: t('Register') }),
  h('p', null, h('a', { href: '/login', text: t('I already have an account') })));

  root.append(h('main', { class: 'login' }, register && open ? regForm : loginForm,
    h('div', { class: 'login-lang' }, languagePicker())));
}
