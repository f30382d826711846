/**
 * What a test receives and then checks: a parsed JSON reply, a signaling frame's payload, a decoded
 * token, a REST resource as the twilio library returns it. It is `any` on purpose: the test's own
 * `expect` states the shape the reply must have, and a declared type would take that shape for
 * granted before the test has checked it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one place tests spell `any`, for the reason above
export type Reply = any;
