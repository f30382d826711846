/**
 * How the simulator labels the Twilio codes it notes in a call's log, as Twilio's debugger does:
 * an error stops what it concerns (a document that cannot run goes to the Voice Fallback URL), a
 * warning leaves the call running (the verb or attribute it names is skipped).
 */

/** Codes Twilio logs as warnings: 12200 schema validation, 13521 `<Say>` text too long. */
const WARNINGS = new Set([12200, 13521]);

/** `error 12100: ` or `warning 12200: ` before a note's text; nothing without a code. */
export function codeLabel(code?: number): string {
  if (!code) return '';
  return `${WARNINGS.has(code) ? 'warning' : 'error'} ${code}: `;
}
