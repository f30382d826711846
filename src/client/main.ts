/**
 * The softphone page: sign in, keep the line registered and the token fresh, place and take
 * calls. Each part lives in its own module; this file wires them to one signed-in session.
 */
import { Call } from '@twilio/voice-sdk';
import { AudioDevices } from './line/audio-devices';
import { Line, type TwilioError } from './line/line';
import { DoNotDisturb } from './line/do-not-disturb';
import { renderDoNotDisturb } from './line/do-not-disturb-view';
import { Dialer } from './dialling/dialer';
import { byId, make, PLACEHOLDER } from './page/dom';
import { loadErrorWords, PageError } from './page/errors';
import { applyLanguage, pickLanguage, regionName, translate, type Language, type Translate } from './page/i18n';
import { Notices } from './page/notices';
import { browserReloadHost, reloadWhenReachable } from './page/reload-when-reachable';
import { lineIsUp, type Presence } from './line/presence';
import type { ErrorCode } from '../lib/contract/errors';
import type { TokenReply } from '../lib/contract/token';
import type { TeamState } from '../lib/contract/team';
import { basicAuthorization, requestToken, TokenKeeper } from './api/session';
import { Tabs } from './calls/tabs';
import { fetchHistory, fetchVoicemail, postDoNotDisturb, RecordsError, type RecordsTransport } from './api/team-records';
import type { Calls } from './calls-chunk';
import type { TeamRecords } from './records-chunk';
import type { RecordingPanel } from './recording-chunk';
import { renderTeam } from './dialling/team-view';
import { transferChoices } from './dialling/transfer-choices';
import { chosenView } from './history/history-choice';

const LANGUAGE_KEY = 'switchboard.language';
const IDENTITY_KEY = 'switchboard.identity';
/** Errors about the signaling connection, cleared once the line is registered again. */
const CONNECTION_ERRORS: readonly ErrorCode[] = [31005, 31009, 20104, 'SB_REFRESH'];

interface Session {
  reply: TokenReply;
  line: Line;
  keeper: TokenKeeper;
  tabs: Tabs;
  /** The Voicemail and Call history sections, once their chunk has loaded. */
  records?: TeamRecords;
  /** The team's picture (`GET /team`), once the first came. */
  picture?: TeamState;
  /** The call panel's recording part, once its chunk has loaded (only when RECORD_CALLS is not off). */
  recording?: RecordingPanel;
  dnd: DoNotDisturb;
}

let language: Language = pickLanguage([localStorage.getItem(LANGUAGE_KEY) ?? '', ...navigator.languages]);
let presence: Presence = 'offline';
let session: Session | undefined;
let placing = false;

const t: Translate = (key, values) => translate(language, key, values);
const notices = new Notices(() => language);
const showError = (error: unknown) => notices.error(error);
/** A phone number as the page shows it everywhere (formatted once the dialling policy has loaded), a teammate as named. */
const name = (peer: string) => dialer.display(peer);

/** The calls chunk (the banner, the call panel), asked for once the line is registered; `calls` once it is here. */
let callsChunk: Promise<Calls> | undefined;
let calls: Calls | undefined;
/** The Audio card's device lists, once the line is registered. */
let devices: AudioDevices | undefined;

/** Reloads the page to bring back a chunk that failed to load, never in the middle of a call. */
const reloadHost = browserReloadHost(() => !calls?.busy && !placing);

/** Loads the calls chunk once; a failure is shown, and the page reloads once it can (the browser keeps a failed import). */
function loadCalls(): Promise<Calls> {
  callsChunk ??= import('./calls-chunk.js').then(
    ({ startCalls }) =>
      (calls = startCalls({
        t,
        language: () => language,
        name,
        announce: (text) => notices.announce(text),
        showError,
        token: () => session?.reply.token,
        teammates: () => (session ? transferChoices(session.reply.team, session.reply.identity, session.picture) : []),
        answered: (peer) => session?.tabs.answered(peer),
        ended: callEnded,
        shown: (call) => session?.recording?.attach(call, call.status() === Call.State.Open),
      })),
    (error: unknown) => {
      callsChunk = undefined;
      showError(new PageError('SB_NETWORK'));
      void reloadWhenReachable(reloadHost);
      throw error;
    },
  );
  return callsChunk;
}

const dialer = new Dialer({
  context: () => session?.reply ?? { team: [], allowedCountries: [], teamNumber: '' },
  sendDigit: (digit) => calls?.sendDigit(digit) ?? false,
  call: (to) => void placeCall(to),
  showError,
});

async function placeCall(to: string): Promise<void> {
  if (!session || calls?.busy || placing) return;
  // A teammate on do-not-disturb is not rung (the Functions refuse it too, should this picture be stale).
  if (session.picture?.team.some((person) => person.identity === to && person.presence === 'dnd')) return showError(new PageError('SB_TEAMMATE_DND'));
  placing = true;
  try {
    const desk = await loadCalls();
    if (desk.busy) return;
    // The SDK silently ignores calls ringing when one is placed; take them off the banner too.
    desk.ignoreAll();
    desk.placed(await session.line.connect(to), to);
    dialer.fill('');
  } catch (error) {
    showError(error);
  } finally {
    placing = false;
  }
}

/** A call here is over, or stopped ringing here: the team's records are asked again (the history holds it now). */
function callEnded(): void {
  session?.records?.refresh();
}

function showTeam(): void {
  if (session) renderTeam(session.reply.team, session.reply.identity, name(session.reply.teamNumber), t, (identity) => void placeCall(identity), session.picture?.team);
}

/** Draws everything that shows phone numbers or words again: numbers are formatted only once the dialling policy is here. */
function redraw(): void {
  showTeam();
  calls?.redraw();
  session?.records?.redraw();
  session?.recording?.relabel();
  devices?.render();
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
  redraw();
  showWho();
}

function showSignedIn(signedIn: boolean): void {
  byId('sign-in-view').hidden = signedIn;
  byId('phone-view').hidden = !signedIn;
  byId('sign-out').hidden = !signedIn;
  byId('sign-out-everywhere').hidden = !signedIn;
  showWho();
  renderDoNotDisturb(session?.dnd.on ?? false, signedIn);
}

/** "Signed in as alice" in the header; a phone-sized screen shows only the name (the words stay for screen readers). */
function showWho(): void {
  const who = byId('who');
  if (!session) return who.replaceChildren();
  const [before, after = ''] = t('signedInAs', { identity: PLACEHOLDER }).split(PLACEHOLDER);
  who.replaceChildren(make('span', before, 'who-words'), make('strong', session.reply.identity), make('span', after, 'who-words'));
}

/**
 * The switch: the person's do-not-disturb in the team's store, then here. A deployment without a
 * store (SB_STORE_MISSING) keeps it in this browser only, as the only place it can be.
 */
async function switchDoNotDisturb(on: boolean): Promise<void> {
  const current = session;
  if (!current) return;
  try {
    await postDoNotDisturb(transportOf(current), on);
  } catch (error) {
    if (!(error instanceof RecordsError && error.code === 'SB_STORE_MISSING')) return showError(error);
  }
  if (session === current) setDoNotDisturb(on);
}

/** How the data requests of `current` reach the Functions. */
function transportOf(current: Session): RecordsTransport {
  return { fetcher: (input, init) => fetch(input, init), token: () => current.reply.token, refused: () => current.keeper.refreshNow() };
}

/** Shows Do not disturb on or off in this browser (and its other tabs, through `storage`). */
function setDoNotDisturb(on: boolean): void {
  if (!session) return;
  session.dnd.set(on);
  renderDoNotDisturb(on, true);
  session.line.setDoNotDisturb(on);
  // Calls already ringing here are declined too, as every next one will be.
  if (on) calls?.rejectAll();
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
    onIncoming: (call) =>
      void loadCalls().then(
        (desk) => desk.ring(call),
        () => call.ignore(),
      ),
    onError: deviceError,
    onTokenWillExpire: () => keeper.refreshNow(),
  });
  const dnd = new DoNotDisturb(localStorage, reply.identity);
  session = { reply, line, keeper, tabs: new Tabs(reply.identity, (peer) => calls?.answeredElsewhere(peer)), dnd };
  keeper.schedule(reply);
  showSignedIn(true);
  byId('number').focus();
  showTeam();
  line.setDoNotDisturb(dnd.on);
  try {
    await line.register();
  } catch (error) {
    showError(error);
    return;
  }
  // After registration, never before: the calls, the number formats, the team's records.
  void loadCalls().catch(() => undefined);
  void dialer.preload().then(redraw, () => undefined);
  if (line.device.audio) devices = new AudioDevices(line.device.audio, t, showError);
  void showRecords(session);
}

/** Loads the Voicemail and Call history chunk (after registration, never before) for `current`. */
async function showRecords(current: Session): Promise<void> {
  const transport = transportOf(current);
  // Asked for now, while the sections' chunk loads; a failure is theirs to show and retry.
  const first = { voicemail: fetchVoicemail(transport), history: fetchHistory(transport, chosenView(localStorage, current.reply.identity)) };
  for (const answer of Object.values(first)) answer.catch(() => undefined);
  void showRecording(current, transport);
  let chunk: typeof import('./records-chunk.js');
  try {
    chunk = await import('./records-chunk.js');
  } catch {
    showError(new PageError('SB_NETWORK'));
    void reloadWhenReachable(reloadHost);
    return;
  }
  if (session !== current) return;
  current.records = chunk.showTeamRecords({
    t,
    language: () => language,
    identity: current.reply.identity,
    transport,
    first,
    formatNumber: name,
    placeOf: (e164) => regionName(dialer.placeOf(e164), language),
    callBack(peer) {
      dialer.fill(peer);
      void dialer.dial();
    },
    announce: (text) => notices.announce(text),
    teamState(state) {
      current.picture = state;
      // Switched in another browser of this person: this one follows within one update.
      if (state.dnd !== current.dnd.on) setDoNotDisturb(state.dnd);
      showTeam();
    },
  });
}

/** Loads the call panel's recording part (after registration), when the line records calls. */
async function showRecording(current: Session, transport: RecordsTransport): Promise<void> {
  const mode = current.reply.recording;
  if (!mode || mode === 'off') return;
  const chunk = await import('./recording-chunk.js').catch(() => undefined);
  if (!chunk || session !== current) return;
  current.recording = new chunk.RecordingPanel({ language: () => language, mode, transport, announce: (text) => notices.announce(text), showError });
  const call = calls?.call;
  if (call) current.recording.attach(call, call.status() === Call.State.Open);
}

function signOut(): void {
  if (!session) return;
  const { keeper, line, tabs, records } = session;
  keeper.stop();
  tabs.close();
  records?.stop();
  // Closing the line ends any call.
  calls?.ignoreAll();
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
byId('dnd').addEventListener('click', () => void switchDoNotDisturb(!session?.dnd.on));
window.addEventListener('storage', (event) => {
  if (session?.dnd.concerns(event)) setDoNotDisturb(session.dnd.on);
});
byId<HTMLInputElement>('identity').value = localStorage.getItem(IDENTITY_KEY) ?? '';
setLanguage(language);
focusSignIn();
