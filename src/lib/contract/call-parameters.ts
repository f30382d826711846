/**
 * Parameters that travel with a call between the page and the Functions through Twilio.
 *
 * Into a ringing teammate's page: the custom parameters of an incoming call
 * (`call.customParameters` in the Voice SDK). The Functions set them as `<Parameter>`s of
 * `<Client>` (ring group, cold transfer) or in the `client:bob?name=value&…` address of a
 * consultation; caller-controlled values are cut and cleaned first (src/lib/voice/caller-info.ts).
 */
export const INCOMING_CALL_PARAMETERS = ['callerNumber', 'callerName', 'callerLocation', 'transferredBy', 'consultedBy', 'menuKey', 'ringGroup'] as const;
export type IncomingCallParameter = (typeof INCOMING_CALL_PARAMETERS)[number];

/** The ring group of the whole team (routing.json's built-in `everyone`). */
export const EVERYONE = 'everyone';

/**
 * The details a ringing page is given (each optional but `callerNumber` on a phone's call). A call
 * routed by the menu of routing.json names the group it rings (`ringGroup`, a group of the file or
 * `everyone`) and, on its first wave, the key the caller pressed (`menuKey`).
 */
export type IncomingCallDetails = Partial<Record<IncomingCallParameter, string>>;

/** Out of the page: what `device.connect({ params })` sends, read by the Voice URL (`/voice`). */
export interface OutgoingCallParameters {
  /** A teammate's identity or a phone number as the person typed it (the Voice URL checks it). */
  readonly To: string;
}
