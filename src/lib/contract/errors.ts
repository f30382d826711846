/**
 * One typed table of every error Switchboard talks about: Twilio's own codes (as the Voice SDK,
 * the REST API and the runtime raise them) and Switchboard's own. The page, the CLI tools and the
 * Functions all explain problems from this table, so the words stay the same. These are the
 * English words; the page's Japanese ones (src/client/page/error-words-ja.ts) must cover every
 * code, which the compiler checks. A new code goes here first.
 */
export interface ErrorInfo {
  /** What went wrong, in plain words. */
  readonly title: string;
  /** What the person reading it should do. */
  readonly action: string;
}

export const ERRORS = {
  20003: { title: 'Twilio rejected the account credentials', action: 'Check ACCOUNT_SID and AUTH_TOKEN in .env (Console → Account → API keys & tokens).' },
  20101: { title: 'The access token is invalid', action: 'Sign in again. If it keeps happening, API_KEY/API_SECRET do not belong to ACCOUNT_SID or REGION.' },
  20104: { title: 'The access token has expired', action: 'Sign in again; the page normally refreshes its token by itself.' },
  20404: { title: 'Twilio could not find that resource', action: 'Check the SID in .env; run `npm run doctor` to see which one is missing.' },
  12100: { title: 'The TwiML could not be parsed', action: 'Check what /voice returned in the call log; only Dial, Say and Hangup are expected.' },
  13214: { title: 'The caller ID is not allowed', action: 'CALLER_ID must be a Twilio number on this account or a verified caller ID.' },
  21219: { title: 'Trial accounts can only call verified numbers', action: 'Verify the number in the Console or upgrade the account.' },
  31005: { title: 'The connection to Twilio was lost', action: 'Check your network connection; the page reconnects by itself.' },
  31009: { title: 'The connection to Twilio could not be opened', action: 'Check your network, firewall or proxy; WebSockets to Twilio must be allowed.' },
  31204: { title: 'Twilio could not verify the access token', action: 'API_KEY and API_SECRET must be a Standard API key of ACCOUNT_SID.' },
  31205: { title: 'The access token has expired', action: "Sign in again; check that this computer's clock is right." },
  31401: { title: 'Microphone access is blocked', action: "Allow the microphone for this site in the browser's address bar, then try again." },
  31402: { title: 'No microphone was found', action: 'Connect a microphone or headset and choose it under Audio devices.' },
  53405: { title: "The call's audio could not connect", action: 'A firewall may block WebRTC media (UDP); try another network.' },
  82006: { title: "The Function's environment is larger than 3 KB", action: 'Shorten TEAM or other variables; Twilio refuses a larger environment.' },
  SB_CONFIG: { title: 'Switchboard is not configured', action: 'Fix the variable named in the message in .env (see .env.example), then restart or redeploy.' },
  SB_AUTH: { title: 'Unknown identity or wrong passcode', action: 'Check the spelling of your name and passcode; ask a teammate to run `npm run team -- add <you>`.' },
  SB_PLATFORM: { title: 'Unknown platform', action: 'Use ?platform=ios or ?platform=android, or leave it out for the browser.' },
  SB_NETWORK: { title: 'Switchboard could not be reached', action: 'Check your internet connection, then try again.' },
  SB_SESSION: { title: 'Your session has ended', action: 'Enter your passcode to sign in again.' },
  SB_SESSION_OVER: { title: 'Your session has reached its time limit', action: 'Enter your passcode to sign in again (sessions last SESSION_MAX_HOURS, 12 hours by default).' },
  SB_NOT_ON_TEAM: { title: 'You are no longer on the team', action: 'Ask whoever runs Switchboard to add you again (`npm run team -- add <you>`).' },
  SB_SESSION_REVOKED: { title: 'You were signed out everywhere', action: 'Every session of yours was ended (Sign out everywhere, or `npm run team -- revoke`). Enter your passcode to sign in again.' },
  SB_SIGN_IN_WAIT: { title: 'Too many wrong passcodes for this name', action: 'Wait, then try again; each further wrong passcode doubles the wait, up to 15 minutes.' },
  SB_STORE_UNAVAILABLE: { title: 'Twilio Sync did not answer in time', action: 'Try again in a few seconds; calls keep ringing and connecting meanwhile.' },
  SB_STORE_MISSING: {
    title: "This needs the team's Sync store, which is not set up",
    action: 'Whoever runs Switchboard: run `npm run setup` (it creates the Sync Service and writes SYNC_SERVICE_SID), then redeploy.',
  },
  SB_REFRESH: { title: 'The session could not be renewed', action: 'Switchboard keeps retrying by itself; check your internet connection.' },
  SB_NUMBER_INVALID: { title: 'That is not a phone number we can dial', action: 'Check the number, or type it with its country code, e.g. +1 415 555 0100.' },
  SB_NUMBER_COUNTRY: { title: 'Calls to that country are not allowed', action: 'Ask whoever runs Switchboard to add the country to ALLOWED_COUNTRIES.' },
  SB_NUMBER_TYPE: { title: 'Premium-rate and unknown number types are blocked', action: 'Call a regular landline, mobile or toll-free number instead.' },
  SB_TWILIO_UNAVAILABLE: { title: 'Twilio did not answer in time', action: 'Switchboard tries again by itself in a few seconds; calls still ring and connect meanwhile.' },
  SB_NOT_FOUND: { title: 'There is no such voicemail', action: 'A teammate may have deleted it; the list refreshes by itself.' },
  SB_NO_RECORDING: { title: 'There is no such recording', action: 'A teammate may have deleted it; the call history refreshes by itself.' },
  SB_BAD_CURSOR: { title: 'That page of the call history does not exist', action: 'Reload the call history from its first page.' },
  SB_HISTORY_VIEW: { title: 'The call history has no such view', action: 'Ask for every call of the team (no mine parameter) or only yours (mine=1).' },
  // Call control (hold and transfer): what the page says when an operation cannot be done.
  SB_NOT_IN_CALL: { title: 'You are not in that call', action: 'Only a teammate who is in a call can hold or transfer it.' },
  SB_CALL_ENDED: { title: 'The call has ended', action: 'Nothing was changed; the caller hung up or the call moved on.' },
  SB_CALL_STATE: { title: 'That cannot be done in this call right now', action: 'Finish the transfer or consultation under way first; the call goes on as it is.' },
  SB_TEAMMATE_DND: { title: 'That teammate is on do not disturb', action: 'Leave them a message, call someone else, or try again later.' },
  SB_TARGET_SELF: { title: 'You cannot transfer a call to yourself', action: 'Pick another teammate or a phone number.' },
  SB_TARGET_BUSY: { title: 'That teammate is already in a call', action: 'Try another teammate, or try again when they are free; the caller stays with you.' },
  SB_BAD_REQUEST: { title: 'The request was not understood', action: 'Reload the page and try again.' },
  SB_TEAMMATE: { title: 'There is nobody on the team with that name', action: 'Pick a teammate from the team list or type a phone number.' },
  // Call recording (RECORD_CALLS).
  SB_RECORDING_OFF: { title: 'This line does not record calls', action: 'Whoever runs Switchboard can turn it on with RECORD_CALLS=on-demand (or always).' },
  SB_RECORDING_ALWAYS: { title: 'This line records every call', action: 'Pause the recording for anything that must not be kept; it cannot be stopped (RECORD_CALLS=always).' },
  // Setup, deploy and doctor (tools/): what stops `npm run setup` and what `npm run doctor` finds.
  SB_CREDENTIALS: { title: 'No Twilio account credentials', action: 'Put ACCOUNT_SID and AUTH_TOKEN (Console → Account info) in .env or the environment.' },
  SB_NOT_DEPLOYED: { title: 'Switchboard is not deployed yet', action: 'Run `npm run deploy` first, or pass --domain <your-service>.twil.io.' },
  SB_NO_NUMBER: { title: 'The account has no phone number', action: 'Buy a voice-capable number (Console → Phone Numbers → Buy a number), then run `npm run setup` again.' },
  SB_NUMBER_NOT_OWNED: { title: 'That number is not on this account', action: "Pass --number with one of the account's numbers, or set CALLER_ID to it." },
  SB_NUMBER_AMBIGUOUS: { title: 'The account has several numbers', action: "Choose the team's number: `npm run setup -- --number +1…` (or set CALLER_ID)." },
  SB_IN_USE: { title: 'It already serves something else', action: 'Run setup on a terminal to confirm, or add --force to re-point it to Switchboard.' },
  SB_NOT_BUILT: { title: 'There is no build to deploy', action: 'Run `npm run build` (`npm run deploy` builds first).' },
  SB_RUNTIME_HANDLER: {
    title: '@twilio/runtime-handler is not pinned',
    action: 'Pin an exact version in package.json "dependencies" (npm i -E @twilio/runtime-handler@2.1.0); without it Functions get no request headers.',
  },
  SB_VARIABLE_TOO_LONG: {
    title: 'An environment variable is longer than Twilio allows (450 bytes)',
    action: 'Shorten it. For a TEAM written by hand, re-add any member with `npm run team -- add <identity>`: it rewrites the team as TEAM, TEAM_2, … within the limit.',
  },
  SB_API_KEY_MISSING: { title: 'API_KEY is not an API key of this account', action: 'Run `npm run setup` to create one, or set REGION to the region the key was made in.' },
  SB_API_SECRET: { title: 'API_SECRET does not belong to API_KEY', action: 'Run `npm run setup`: it makes a new key and writes both (a secret is shown only once).' },
  SB_TOKEN: { title: 'A token minted with this configuration does not check out', action: 'Check API_KEY, API_SECRET, ACCOUNT_SID and TWIML_APP_SID; `npm run setup` writes them.' },
  SB_WEBHOOKS: { title: 'The TwiML App does not point at the deployed Functions', action: 'Run `npm run setup` to set its Voice, Fallback and Status URLs.' },
  SB_NUMBER_ROUTING: { title: 'The team number does not use the TwiML App', action: 'Run `npm run setup` so inbound calls ring the team.' },
  SB_STALE_DEPLOY: { title: 'The deployed Functions run with other values than .env', action: 'Run `npm run setup` (it updates them in place) or `npm run deploy`.' },
  SB_SYNC_SERVICE: {
    title: 'SYNC_SERVICE_SID is not a Sync Service of this account',
    action: 'Run `npm run setup`: it creates the Sync Service (or reuses the one named "Switchboard") and writes SYNC_SERVICE_SID.',
  },
} as const satisfies Record<string, ErrorInfo>;

export type ErrorCode = keyof typeof ERRORS;

/**
 * How every JSON endpoint refuses: the HTTP status says what kind of refusal, the body which
 * (`code`), in words (`message`, the table's title unless the Function says more) and what to do.
 */
export interface ErrorReply {
  readonly error: { readonly code: ErrorCode; readonly message: string; readonly action: string };
}

/** True for a code of the table, whether written as a number or a string (`31005`, `'31005'`). */
export function isErrorCode(code: number | string): code is ErrorCode {
  return Object.hasOwn(ERRORS, code);
}

/** The table entry for a code, or undefined for a code we do not know. */
export function describeError(code: number | string): ErrorInfo | undefined {
  return isErrorCode(code) ? ERRORS[code] : undefined;
}
