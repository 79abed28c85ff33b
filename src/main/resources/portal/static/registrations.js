// The registrations table, live: the page comes rendered by the server; this keeps it current from
// /registrations/events (a full table on every change) and narrows it to a connection without a reload.

const table = document.getElementById('registrations');
const body = table.tBodies[0];
const empty = document.getElementById('registrations-empty');
const partial = document.getElementById('registrations-partial');
const live = document.getElementById('live');
const filter = document.getElementById('connection-filter');
const form = document.getElementById('registrations-filter');

const COLUMNS = [
  ['Connection', 'connectionName'],
  ['Transport', 'transport'],
  ['Address', 'address', 'code', 'address'],
  ['User agent', 'userAgent'],
  ['Since', 'since'],
  ['Expires', 'expires'],
];

let source = null;

function showState(state, text) {
  live.dataset.state = state;
  live.textContent = text;
}

function cell(label, value, wrapper, className) {
  const td = document.createElement('td');
  td.dataset.label = label;
  if (className) td.className = className;
  if (wrapper) {
    const inner = document.createElement(wrapper);
    inner.textContent = value;
    td.append(inner);
  } else {
    td.textContent = value;
  }
  return td;
}

function row(registration) {
  const tr = document.createElement('tr');
  tr.dataset.user = registration.sipUsername;
  const credential = cell('Credential', registration.sipUsername, 'code');
  const owner = document.createElement('span');
  owner.className = 'hint';
  owner.textContent = registration.owner;
  credential.append(document.createElement('br'), owner);
  tr.append(credential);
  for (const [label, key, wrapper, className] of COLUMNS) {
    tr.append(cell(label, registration[key], wrapper, className));
  }
  return tr;
}

function render(snapshot) {
  body.replaceChildren(...snapshot.rows.map(row));
  const none = snapshot.rows.length === 0;
  table.hidden = none;
  empty.hidden = !none;
  empty.textContent = filter.value ? 'No one is registered on this connection now.' : 'No one is registered now.';
  partial.hidden = snapshot.total <= snapshot.rows.length;
  partial.textContent = `Showing the newest ${snapshot.rows.length} of ${snapshot.total} registrations.`;
}

function listen() {
  source?.close();
  const query = filter.value ? `?connection=${encodeURIComponent(filter.value)}` : '';
  source = new EventSource(`/registrations/events${query}`);
  showState('connecting', 'Connecting…');
  source.addEventListener('registrations', (event) => {
    render(JSON.parse(event.data));
    showState('live', `Live · updated ${new Date().toISOString().slice(11, 19)} UTC`);
  });
  source.addEventListener('error', () => {
    // The browser retries by itself unless the server refused the stream (signed out, too many open).
    if (source.readyState === EventSource.CLOSED) {
      showState('stopped', 'Live updates stopped: reload the page.');
    } else {
      showState('connecting', 'Reconnecting…');
    }
  });
}

function applyFilter() {
  const url = new URL(window.location.href);
  if (filter.value) {
    url.searchParams.set('connection', filter.value);
  } else {
    url.searchParams.delete('connection');
  }
  history.replaceState(null, '', url);
  listen();
}

filter.addEventListener('change', applyFilter);
form.addEventListener('submit', (event) => {
  event.preventDefault();
  applyFilter();
});
document.getElementById('apply-filter').hidden = true;
window.addEventListener('pagehide', () => source?.close());
window.addEventListener('pageshow', (event) => {
  if (event.persisted) listen();
});
listen();
