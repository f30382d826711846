/**
 * The softphone page: sign in, keep the line registered and the token fresh, place and take
 * calls. Each part lives in its own module; this file wires them to one signed-in session.
 */
import { Call } from '@twilio/voice-sdk';
import { AudioDevices } from './line/audio-devices';
import { CallView } from './calls/call-view';
import { Line, type TwilioError } from './line/line';
import { DoNotDisturb } from './line/do-not-disturb';
import { renderDoNotDisturb } from './line/do-not-disturb-view';
import { Dialer } from './dialling/dialer';
import { byId } from './page/dom';
import { loadErrorWords, PageError } from './page/errors';
import { applyLanguage, pickLanguage, regionName, translate, type Language, type Translate } from './page/i18n';
import { Incoming } from './calls/incoming';
import { Notices } from './page/notices';
import { lineIsUp, type Presence } from './line/presence';
import { RecentCalls, type Direction, type RecentCall } from './calls/recent-calls';
import { renderRecent } from './calls/recent-view';
import type { ErrorCode } from '../lib/contract/errors';
import type { TokenReply } from '../lib/contract/token';
import { basicAuthorization, requestToken, TokenKeeper } from './api/session';
import { Tabs } from './calls/tabs';
import { fetchHistory, fetchVoicemail, type RecordsTransport } from './api/team-records';
import type { TeamRecords } from './records-chunk';
import { renderTeam } from './dialling/team-view';
import { CallControls } from './calls/call-controls';
import type { RecordingPanel } from './recording-chunk';

const LANGUAGE_KEY = 'switchboard.language';
const IDENTITY_KEY = 'switchboard.identity';
/** Errors about the signaling connection, cleared once the line is registered again. */
const CONNECTION_ERRORS: readonly ErrorCode[] = [31005, 31009, 20104, 'SB_REFRESH'];

interface Session {
  reply: TokenReply;
  line: Line;
  keeper: TokenKeeper;
  recent: RecentCalls;
  tabs: Tabs;
  /** The Voicemail and Call history sections, once their chunk has loaded. */
  records?: TeamRecords;
  /** The call panel's recording part, once its chunk has loaded (only when RECORD_CALLS is not off). */
  recording?: RecordingPanel;
  dnd: DoNotDisturb;
}

let language: Language = pickLanguage([localStorage.getItem(LANGUAGE_KEY) ?? '', ...navigator.languages]);
let presence: Presence = 'offline';
let session: Session | undefined;
/** The call on screen, for the log (and the recording part, should it load during the call). */
let active: { direction: Direction; peer: string; at: number; call: Call } | undefined;
let placing = false;

const t: Translate = (key, values) => translate(language, key, values);
const notices = new Notices(() => language);
const showError = (error: unknown) => notices.error(error);

const callView = new CallView({
  t,
  announce: (text) => notices.announce(text),
  ended(outcome, seconds) {
    if (active) logCall({ direction: active.direction, peer: active.peer, at: active.at, outcome, ...(seconds ? { seconds } : {}) });
    active = undefined;
  },
});

const controls = new CallControls({
  t,
  token: () => session?.reply.token,
  teammates: () => session?.reply.team.filter((identity) => identity !== session?.reply.identity) ?? [],
  announce: (text) => notices.announce(text),
  showError,
});

const incoming = new Incoming({
  t,
  announce: (text) => notices.announce(text),
  accepted(call, caller, at) {
    session?.tabs.answered(caller.peer);
    showCall(call, 'in', caller.peer, at);
  },
  finished(caller, outcome, at) {
    logCall({ direction: 'in', peer: caller.peer, at, outcome });
  },
});

const dialer = new Dialer({
  context: () => session?.reply ?? { team: [], allowedCountries: [], teamNumber: '' },
  sendDigit: (digit) => callView.sendDigit(digit),
  call: (to) => void placeCall(to),
  showError,
});

async function placeCall(to: string): Promise<void> {
  if (!session || callView.busy || placing) return;
  placing = true;
  // The SDK silently ignores calls ringing when one is placed; take them off the banner too.
  incoming.ignoreAll();
  try {
    showCall(await session.line.connect(to), 'out', to, Date.now());
    dialer.fill('');
  } catch (error) {
    showError(error);
  } finally {
    placing = false;
  }
}

/** Puts `call` on screen with its hold and transfer controls, and remembers it for the log. */
function showCall(call: Call, direction: Direction, peer: string, at: number): void {
  active = { direction, peer, at, call };
  callView.show(call, direction, peer);
  controls.attach(call);
  session?.recording?.attach(call, call.status() === Call.State.Open);
}

/** Logs a call that is over in the recent calls, and asks the team's records again (they hold it now). */
function logCall(call: RecentCall): void {
  session?.recent.add(call);
  showRecent();
  session?.records?.refresh();
}

function showRecent(): void {
  if (session) renderRecent(session.recent.list(), language, t, (peer) => void placeCall(peer));
}

function showTeam(): void {
  if (session) renderTeam(session.reply.team, session.reply.identity, session.reply.teamNumber, t, (identity) => void placeCall(identity));
}

function setPresence(next: Presence): void {
  const changed = next !== presence;
  presence = next;
  byId('presence').dataset.state = next;
  byId('presence-text').textContent = t(`presence.${next}`);
  if (lineIsUp(next)) {
    notices.clear(CONNECTION_ERRORS);
    if (!performance.getEntriesByName('switchboard:registered').length) performance.mark('switchboard:registered');
  }
  if (changed) notices.announce(t(`presence.${next}`));
}

function setLanguage(next: Language): void {
  language = next;
  // Until they are here (or if they cannot be fetched), errors are worded in English.
  loadErrorWords(next).catch(() => undefined);
  localStorage.setItem(LANGUAGE_KEY, next);
  document.documentElement.lang = next;
  byId<HTMLSelectElement>('language').value = next;
  applyLanguage(document, next);
  setPresence(presence);
  showTeam();
  showRecent();
  controls.relabel();
  session?.recording?.relabel();
  session?.records?.redraw();
  if (session) byId('who').textContent = t('signedInAs', { identity: session.reply.identity });
}

function showSignedIn(signedIn: boolean): void {
  byId('sign-in-view').hidden = signedIn;
  byId('phone-view').hidden = !signedIn;
  byId('sign-out').hidden = !signedIn;
  byId('sign-out-everywhere').hidden = !signedIn;
  byId('who').textContent = signedIn && session ? t('signedInAs', { identity: session.reply.identity }) : '';
  renderDoNotDisturb(session?.dnd.on ?? false, signedIn);
}

/** Turns Do not disturb on or off for this browser (and its other tabs, through `storage`). */
function setDoNotDisturb(on: boolean): void {
  if (!session) return;
  session.dnd.set(on);
  renderDoNotDisturb(on, true);
  session.line.setDoNotDisturb(on);
  // Calls already ringing here are declined too, as every next one will be.
  if (on) incoming.rejectAll();
}

function deviceError(error: TwilioError, call?: Call): void {
  // An expired token means our refresh fell behind (e.g. a sleeping laptop): fetch one now.
  if (error.code === 20104) session?.keeper.refreshNow();
  // A ringing call that fails just stops ringing; the person did nothing wrong.
  if (call && call.status() === Call.State.Pending) return;
  showError(error);
}

async function startSession(reply: TokenReply): Promise<void> {
  const keeper = new TokenKeeper({
    onToken(fresh) {
      if (!session) return;
      session.reply = fresh;
      session.line.updateToken(fresh.token);
      showTeam();
      notices.clear(lineIsUp(presence) ? CONNECTION_ERRORS : ['SB_REFRESH', 20104]);
    },
    onRetry(_error, attempt, delayMs) {
      notices.error(new PageError('SB_REFRESH'), t('refresh.retrying', { attempt, seconds: Math.round(delayMs / 1000) }));
    },
    onEnded(error) {
      // The sign-in form comes back with the reason above it; only the passcode is asked for.
      signOut();
      showError(error);
    },
  });
  const line = new Line(reply, {
    onPresence: setPresence,
    // Only calls that may ring get here: with Do not disturb on, the line declines them itself.
    onIncoming: (call) => incoming.ring(call),
    onError: deviceError,
    onTokenWillExpire: () => keeper.refreshNow(),
  });
  const dnd = new DoNotDisturb(localStorage, reply.identity);
  session = { reply, line, keeper, recent: new RecentCalls(localStorage, reply.identity), tabs: new Tabs(reply.identity, (peer) => incoming.answeredElsewhere(peer)), dnd };
  keeper.schedule(reply);
  showSignedIn(true);
  byId('number').focus();
  showTeam();
  showRecent();
  line.setDoNotDisturb(dnd.on);
  try {
    await line.register();
  } catch (error) {
    showError(error);
    return;
  }
  void dialer.preload().catch(() => undefined);
  if (line.device.audio) new AudioDevices(line.device.audio, () => t('audio.default'), showError);
  const current = session;
  const transport: RecordsTransport = { fetcher: (input, init) => fetch(input, init), token: () => current.reply.token, refused: () => keeper.refreshNow() };
  void showRecords(current, transport);
  void showRecording(current, transport);
}

/** Loads the call panel's recording part (after registration), when the line records calls. */
async function showRecording(current: Session, transport: RecordsTransport): Promise<void> {
  const mode = current.reply.recording;
  if (!mode || mode === 'off') return;
  const chunk = await import('./recording-chunk.js').catch(() => undefined);
  if (!chunk || session !== current) return;
  current.recording = new chunk.RecordingPanel({ language: () => language, mode, transport, announce: (text) => notices.announce(text), showError });
  if (active) current.recording.attach(active.call, active.call.status() === Call.State.Open);
}

/** Loads the Voicemail and Call history chunk (after registration, never before) for `current`. */
async function showRecords(current: Session, transport: RecordsTransport): Promise<void> {
  // Asked for now, while the sections' chunk loads; a failure is theirs to show and retry.
  const first = { voicemail: fetchVoicemail(transport), history: fetchHistory(transport) };
  for (const answer of Object.values(first)) answer.catch(() => undefined);
  let chunk: typeof import('./records-chunk.js');
  try {
    chunk = await import('./records-chunk.js');
  } catch {
    showError(new PageError('SB_NETWORK'));
    return;
  }
  if (session !== current) return;
  current.records = chunk.showTeamRecords({
    t,
    language: () => language,
    identity: current.reply.identity,
    transport,
    first,
    formatNumber: (e164) => dialer.display(e164),
    placeOf: (e164) => regionName(dialer.placeOf(e164), language),
    callBack(peer) {
      dialer.fill(peer);
      void dialer.dial();
    },
    announce: (text) => notices.announce(text),
  });
  // Numbers are drawn as they are until the dialling policy (which formats them) has loaded.
  void dialer.preload().then(
    () => current.records?.redraw(),
    () => undefined,
  );
}

function signOut(): void {
  if (!session) return;
  const { keeper, line, tabs, records } = session;
  keeper.stop();
  tabs.close();
  records?.stop();
  // Closing the line ends any call, which is still logged in this session's recent calls.
  incoming.ignoreAll();
  line.close();
  session = undefined;
  setPresence('offline');
  showSignedIn(false);
  focusSignIn();
}

/** Ends every session of this person (after asking), this one included; its code loads on the click. */
async function signOutEverywhere(): Promise<void> {
  const current = session;
  if (!current) return;
  try {
    const chunk = await import('./api/sign-out-everywhere.js');
    if (!(await chunk.signOutEverywhere(current.reply.token, t))) return;
  } catch (error) {
    notices.error(error, retryText(error));
    return;
  }
  if (session !== current) return;
  signOut();
  showError(new PageError('SB_SESSION_REVOKED'));
}

/** When a refused request may be tried again, in the page's language ('' when the answer did not say). */
function retryText(error: unknown): string {
  const at = error instanceof PageError ? error.retryAt : undefined;
  if (at === undefined) return '';
  const time = new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit', second: '2-digit' }).format(at);
  return t('signIn.retryAt', { time });
}

/** The first empty field of the sign-in form: the passcode when the identity is remembered. */
function focusSignIn(): void {
  byId<HTMLInputElement>(byId<HTMLInputElement>('identity').value ? 'passcode' : 'identity').focus();
}

async function signIn(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const identityInput = byId<HTMLInputElement>('identity');
  const passcodeInput = byId<HTMLInputElement>('passcode');
  const identity = identityInput.value.trim();
  if (!identity || !passcodeInput.value) {
    focusSignIn();
    return;
  }
  // This click is the gesture browsers want before they let a page ring or notify.
  if ('Notification' in window && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
  const button = byId<HTMLButtonElement>('sign-in');
  button.disabled = true;
  button.textContent = t('signIn.busy');
  performance.mark('switchboard:sign-in');
  try {
    // The passcode is read here and nowhere else: the session renews itself with its token.
    const reply = await requestToken(basicAuthorization({ identity, passcode: passcodeInput.value }));
    passcodeInput.value = '';
    localStorage.setItem(IDENTITY_KEY, reply.identity);
    notices.clear();
    await startSession(reply);
  } catch (error) {
    notices.error(error, retryText(error));
    passcodeInput.select();
  } finally {
    button.disabled = false;
    button.textContent = t('signIn.button');
  }
}

byId('sign-in-form').addEventListener('submit', (event) => void signIn(event));
byId('sign-out').addEventListener('click', signOut);
byId('sign-out-everywhere').addEventListener('click', () => void signOutEverywhere());
byId<HTMLSelectElement>('language').addEventListener('change', (event) => setLanguage((event.target as HTMLSelectElement).value as Language));
byId('recent-clear').addEventListener('click', () => {
  session?.recent.clear();
  showRecent();
});
byId('dnd').addEventListener('click', () => setDoNotDisturb(!session?.dnd.on));
window.addEventListener('storage', (event) => {
  if (session?.recent.concerns(event)) showRecent();
  if (session?.dnd.concerns(event)) setDoNotDisturb(session.dnd.on);
});
byId<HTMLInputElement>('identity').value = localStorage.getItem(IDENTITY_KEY) ?? '';
setLanguage(language);
focusSignIn();
