// Small behaviours shared by every portal page; each page works without them, only less handily.

/** The CSRF token of this page, for scripts that change something. */
export function csrfToken() {
  return document.querySelector('main')?.dataset.csrf ?? '';
}

/** A POST from a script, with the page's CSRF token; resolves to the parsed JSON answer or throws its message. */
export async function postJson(url, body = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken() },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(answer.error ?? `The server answered ${response.status}.`);
  }
  return answer;
}

// Copy buttons: data-copy names the element whose text is copied.
document.addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-copy]');
  if (!button) return;
  const source = document.querySelector(button.dataset.copy);
  const text = source?.value ?? source?.textContent ?? '';
  try {
    await navigator.clipboard.writeText(text.trim());
    flash(button, 'Copied');
  } catch {
    const range = document.createRange();
    range.selectNodeContents(source);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    flash(button, 'Selected: press Ctrl+C');
  }
});

// Forms with data-confirm ask before they are sent.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

function flash(button, text) {
  const before = button.textContent;
  button.textContent = text;
  setTimeout(() => { button.textContent = before; }, 1500);
}
