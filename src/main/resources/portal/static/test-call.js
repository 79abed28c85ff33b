// The test-call page: log in to the WebRTC gateway as a credential (password or login token), call
// another credential or take its call, and drive the call (hang up, mute, hold, keypad), hearing
// the far end and seeing the microphone's level. The protocol itself is rtc-client.js.

import { postJson } from './portal.js';
import { RtcClient, rtcUrl } from './rtc-client.js';

const $ = (id) => document.getElementById(id);
const ui = {
  authCredential: $('auth-credential'), credentialFields: $('credential-fields'), tokenFields: $('token-fields'),
  username: $('username'), password: $('password'), token: $('login-token'),
  loginForm: $('login-form'), connect: $('connect'), disconnect: $('disconnect'),
  connectionState: $('connection-state'), connectionError: $('connection-error'),
  callForm: $('call-form'), destination: $('destination'), call: $('call'),
  callState: $('call-state'), hangupCause: $('hangup-cause'), callPeer: $('call-peer'), callError: $('call-error'),
  incoming: $('incoming'), incomingFrom: $('incoming-from'), answer: $('answer'), reject: $('reject'),
  hangup: $('hangup'), mute: $('mute'), hold: $('hold'), keys: [...document.querySelectorAll('.dtmf')],
  dtmfSent: $('dtmf-sent'), dtmfReceived: $('dtmf-received'), micLevel: $('mic-level'), remoteAudio: $('remote-audio'),
};

const client = new RtcClient({ iceServers: [] });
let current = null;
let meter = null;

function showError(element, message) {
  element.textContent = message;
  element.hidden = !message;
}

// ----- logging in -----

function showAuthFields() {
  const byCredential = ui.authCredential.checked;
  ui.credentialFields.hidden = !byCredential;
  ui.tokenFields.hidden = byCredential;
}

for (const radio of document.querySelectorAll('input[name="auth"]')) {
  radio.addEventListener('change', showAuthFields);
}

ui.loginForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  showError(ui.connectionError, '');
  const login = ui.authCredential.checked
    ? { login: ui.username.value.trim(), password: ui.password.value }
    : { token: ui.token.value.trim() };
  if (login.token === '' || login.login === '' || login.password === '') {
    showError(ui.connectionError, ui.authCredential.checked ? 'Enter the username and the password.' : 'Paste a login token.');
    return;
  }
  try {
    // A fresh TURN credential for this login's calls when the server runs TURN; none otherwise.
    client.iceServers = await postJson('/test-call/ice-servers').then((answer) => answer.ice_servers, () => []);
    await client.connect(rtcUrl(), login);
  } catch {
    // The 'state' event has shown why.
  }
});

ui.disconnect.addEventListener('click', () => client.disconnect());

client.addEventListener('state', (event) => {
  const { state, reason } = event.detail;
  ui.connectionState.textContent = state;
  ui.connect.disabled = state !== 'disconnected';
  ui.disconnect.disabled = state === 'disconnected';
  for (const input of [ui.username, ui.password, ui.token, ...document.querySelectorAll('input[name="auth"]')]) {
    input.disabled = state !== 'disconnected';
  }
  if (state === 'disconnected' && reason) {
    showError(ui.connectionError, reason);
  }
  updateControls();
});

// ----- calls -----

ui.callForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const destination = ui.destination.value.trim();
  if (!destination) {
    showError(ui.callError, 'Enter a destination: another credential\'s username.');
    return;
  }
  resetCallView();
  try {
    follow(client.call(destination, { callerName: ui.username.value.trim() }));
  } catch (error) {
    showError(ui.callError, `The call was not placed: ${error.message}`);
  }
});

client.addEventListener('incoming', (event) => {
  const { call } = event.detail;
  resetCallView();
  follow(call);
  ui.incomingFrom.textContent = call.remoteName && call.remoteName !== call.remoteNumber
    ? `${call.remoteName} (${call.remoteNumber})` : call.remoteNumber;
  ui.incoming.hidden = false;
  ui.answer.focus();
});

ui.answer.addEventListener('click', () => {
  ui.incoming.hidden = true;
  current?.answer();
});
ui.reject.addEventListener('click', () => current?.reject());
ui.hangup.addEventListener('click', () => current?.hangup());
ui.mute.addEventListener('click', () => {
  if (!current) return;
  current.mute(!current.muted);
  ui.mute.setAttribute('aria-pressed', String(current.muted));
  ui.mute.textContent = current.muted ? 'Unmute' : 'Mute';
});
ui.hold.addEventListener('click', async () => {
  if (!current) return;
  ui.hold.disabled = true;
  try {
    await current.hold(!current.held);
  } catch (error) {
    showError(ui.callError, `Hold failed: ${error.message}`);
  }
  updateControls();
});
for (const key of ui.keys) {
  key.addEventListener('click', async () => {
    if (!current) return;
    try {
      await current.dtmf(key.dataset.digit);
      ui.dtmfSent.textContent += key.dataset.digit;
    } catch (error) {
      showError(ui.callError, `The digit was not sent: ${error.message}`);
    }
  });
}

/** Shows this call's progress until it ends. */
function follow(call) {
  current = call;
  ui.callPeer.textContent = call.direction === 'outbound' ? `to ${call.remoteNumber}` : `from ${call.remoteNumber}`;
  showCallState(call.state);
  call.addEventListener('state', () => {
    showCallState(call.state);
    if (call.state !== 'ringing') ui.incoming.hidden = true;
    if (call.state === 'hangup') {
      ui.hangupCause.textContent = call.cause ?? '';
      stopMeter();
      ui.remoteAudio.srcObject = null;
      current = null;
      updateControls();
    }
  });
  call.addEventListener('error', (event) => showError(ui.callError, `The call failed: ${event.detail.message}`));
  call.addEventListener('localstream', (event) => startMeter(event.detail.stream));
  call.addEventListener('remotestream', (event) => {
    ui.remoteAudio.srcObject = event.detail.stream;
    ui.remoteAudio.play().catch(() => {});
  });
  call.addEventListener('audio', (event) => { ui.remoteAudio.muted = !event.detail.playing; });
  call.addEventListener('dtmf', (event) => { ui.dtmfReceived.textContent += event.detail.digits; });
}

function showCallState(state) {
  ui.callState.textContent = state;
  updateControls();
}

function resetCallView() {
  ui.hangupCause.textContent = '';
  ui.callPeer.textContent = '';
  ui.dtmfSent.textContent = '';
  ui.dtmfReceived.textContent = '';
  ui.mute.setAttribute('aria-pressed', 'false');
  ui.mute.textContent = 'Mute';
  ui.remoteAudio.muted = false;
  showError(ui.callError, '');
}

/** Enables what can be done now. */
function updateControls() {
  const state = current?.state;
  const inCall = state !== undefined && state !== 'hangup';
  const answered = state === 'active' || state === 'held';
  ui.call.disabled = client.state !== 'registered' || inCall;
  ui.destination.disabled = client.state !== 'registered';
  ui.hangup.disabled = !inCall;
  ui.mute.disabled = !answered;
  ui.hold.disabled = !answered;
  ui.hold.setAttribute('aria-pressed', String(state === 'held'));
  ui.hold.textContent = state === 'held' ? 'Resume' : 'Hold';
  for (const key of ui.keys) key.disabled = state !== 'active';
}

// ----- the microphone level -----

function startMeter(stream) {
  stopMeter();
  const context = new AudioContext();
  context.resume().catch(() => {});
  const analyser = context.createAnalyser();
  analyser.fftSize = 512;
  context.createMediaStreamSource(stream).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const sample of samples) sum += sample * sample;
    // RMS, scaled so that speech fills most of the meter.
    ui.micLevel.value = Math.min(1, Math.sqrt(sum / samples.length) * 4);
  }, 100);
  meter = { context, timer };
}

function stopMeter() {
  if (!meter) return;
  clearInterval(meter.timer);
  meter.context.close();
  meter = null;
  ui.micLevel.value = 0;
}

showAuthFields();
updateControls();
if (!window.isSecureContext) {
  // Browsers give the microphone (and crypto.randomUUID) only to pages over HTTPS or on this machine.
  showError(ui.connectionError, 'The test call needs this page over HTTPS (or from localhost): the browser allows the microphone only there.');
  ui.connect.disabled = true;
}
