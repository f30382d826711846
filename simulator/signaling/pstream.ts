/**
 * PStream frames, the Voice SDK's signaling protocol (docs/voice-sdk-protocol.md): JSON `{type, version, payload}`
 * plus bare "\n" heartbeats. Parsing never throws: anything else is reported as malformed.
 */

/** Protocol version the Voice SDK 2.x speaks. */
export const PSTREAM_VERSION = '1.6';
/** The heartbeat frame: not JSON, echoed by the client. */
export const HEARTBEAT = '\n';
/** Largest frame we accept (an SDP is a few KB; anything near this is abuse). */
export const MAX_FRAME_BYTES = 256 * 1024;

/** Frame types a client may send. */
export const CLIENT_FRAME_TYPES = ['listen', 'register', 'invite', 'answer', 'reject', 'hangup', 'cancel', 'dtmf', 'reinvite', 'message'] as const;
export type ClientFrameType = (typeof CLIENT_FRAME_TYPES)[number];

export type Payload = Record<string, unknown>;

export interface ClientFrame {
  type: ClientFrameType;
  payload: Payload;
}

export type ParsedFrame = { kind: 'heartbeat' } | { kind: 'frame'; frame: ClientFrame } | { kind: 'malformed'; reason: string };

/** Classifies one text message from a client. */
export function parseFrame(text: string): ParsedFrame {
  if (text.trim() === '') return { kind: 'heartbeat' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'malformed', reason: 'not JSON' };
  }
  if (!isObject(value)) return { kind: 'malformed', reason: 'not a JSON object' };
  const { type, payload } = value;
  if (typeof type !== 'string' || !(CLIENT_FRAME_TYPES as readonly string[]).includes(type)) {
    return { kind: 'malformed', reason: `unknown frame type ${JSON.stringify(String(type)).slice(0, 40)}` };
  }
  if (payload !== undefined && !isObject(payload)) return { kind: 'malformed', reason: 'payload is not an object' };
  return { kind: 'frame', frame: { type: type as ClientFrameType, payload: payload ?? {} } };
}

/** A server frame as text. */
export function frame(type: string, payload: Payload = {}): string {
  return JSON.stringify({ type, version: PSTREAM_VERSION, payload });
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string field of a payload, or undefined when absent or of another type. */
export function text(payload: Payload, name: string): string | undefined {
  const value = payload[name];
  return typeof value === 'string' ? value : undefined;
}

/** An SDP the simulator is willing to relay: text that starts like one and is of sane size. */
export function isPlausibleSdp(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('v=0') && value.length < 64 * 1024;
}
