/**
 * The Voice SDK Device of a signed-in person: created with our options, registered, kept on a
 * fresh token, and reduced to what the page shows (presence, incoming calls, errors).
 */
import { Call, Device } from '@twilio/voice-sdk';
import type { TwilioError as Errors } from '@twilio/voice-sdk';

type TwilioError = Errors.TwilioError;
import { deviceOptions } from './device-options';
import { presenceOf, type Presence } from './presence';
import type { OutgoingCallParameters } from '../../lib/contract/call-parameters';
import type { TokenReply } from '../../lib/contract/token';

/** An error as the Voice SDK raises it (code, description, explanation). */
export type { TwilioError };

/** What the line reports to the page. */
export interface LineEvents {
  onPresence(presence: Presence): void;
  onIncoming(call: Call): void;
  onError(error: TwilioError, call?: Call): void;
  /** The SDK's backstop: a refresh is due and ours has not happened (docs/voice-sdk-protocol.md). */
  onTokenWillExpire(): void;
}

/** One registered phone line. */
export class Line {
  readonly device: Device;
  private everRegistered = false;
  private closed = false;
  private doNotDisturb = false;

  constructor(
    reply: TokenReply,
    private readonly events: LineEvents,
  ) {
    this.device = new Device(reply.token, deviceOptions(reply, new URL('/assets', location.href).href, window.SwitchboardDeviceOptions));
    const report = () => this.report();
    for (const state of ['registering', 'registered', 'unregistered', 'destroyed'] as const) this.device.on(state, report);
    this.device.on('incoming', (call: Call) => (this.doNotDisturb ? call.reject() : events.onIncoming(call)));
    this.device.on('error', (error: TwilioError, call?: Call) => events.onError(error, call));
    this.device.on('tokenWillExpire', () => events.onTokenWillExpire());
  }

  private report(): void {
    if (this.device.state === Device.State.Registered) this.everRegistered = true;
    this.events.onPresence(presenceOf(this.device.state, !this.closed, this.everRegistered, this.doNotDisturb));
  }

  /** Registers for incoming calls; resolves once registered. */
  async register(): Promise<void> {
    this.events.onPresence('connecting');
    await this.device.register();
  }

  /**
   * Do not disturb: on, the line stays registered and declines every incoming call at once, with
   * no ringtone and before the page sees it. Twilio then withdraws the call from this person's
   * other browsers too and ends their leg `busy`: a direct caller hears the line is busy, and a
   * team call rings on for the others. Off, the next call rings at once. Calls out are unaffected.
   */
  setDoNotDisturb(on: boolean): void {
    this.doNotDisturb = on;
    this.device.audio?.incoming(!on);
    this.report();
  }

  updateToken(token: string): void {
    this.device.updateToken(token);
  }

  /** Places a call to a teammate identity or an E.164 number (the `To` that /voice reads). */
  connect(to: string): Promise<Call> {
    return this.device.connect({ params: { To: to } satisfies OutgoingCallParameters });
  }

  /** Hangs up everything and lets go of the line. */
  close(): void {
    this.closed = true;
    this.device.disconnectAll();
    this.device.destroy();
  }
}
