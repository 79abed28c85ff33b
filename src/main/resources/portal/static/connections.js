// Connection pages: the eye icon that shows and hides a connection's login, and the Edit button of
// a new connection's proposed login. Without this script the login stays hidden in the list, and
// Edit asks the server for the same form with the fields editable.
import { postJson } from '/static/portal.js';

const HIDDEN = '••••••••';

document.addEventListener('click', async (event) => {
  const button = event.target.closest('button.reveal[data-connection]');
  if (!button) return;
  const box = button.closest('.auth-detail');
  const user = box.querySelector('[data-auth-user]');
  const password = box.querySelector('[data-auth-password]');
  const error = box.querySelector('[data-auth-error]');
  error.textContent = '';
  if (button.getAttribute('aria-pressed') === 'true') {
    user.textContent = HIDDEN;
    password.textContent = HIDDEN;
    shown(button, false);
    return;
  }
  button.disabled = true;
  try {
    const login = await postJson(`/connections/${encodeURIComponent(button.dataset.connection)}/reveal`);
    user.textContent = login.user_name;
    password.textContent = login.password;
    shown(button, true);
  } catch (failure) {
    error.textContent = `The login could not be shown: ${failure.message}`;
  } finally {
    button.disabled = false;
  }
});

function shown(button, visible) {
  button.setAttribute('aria-pressed', String(visible));
  button.setAttribute('aria-label', visible ? 'Hide credentials' : 'Show credentials');
}

// Edit on the new connection's login: the fields become editable here, without a trip to the server.
document.getElementById('edit-login')?.addEventListener('click', (event) => {
  event.preventDefault();
  for (const id of ['user-name', 'password']) {
    document.getElementById(id).readOnly = false;
  }
  event.currentTarget.hidden = true;
  document.getElementById('user-name').focus();
});
