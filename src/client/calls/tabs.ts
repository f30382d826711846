/**
 * Talk between this person's open tabs: when one answers a call, the others stop ringing at
 * once (Twilio's cancel follows).
 */
interface Answered {
  type: 'answered';
  identity: string;
  peer: string;
}

/** This tab's end of the BroadcastChannel shared by the person's tabs. */
export class Tabs {
  private readonly channel: BroadcastChannel | undefined;

  constructor(
    private readonly identity: string,
    onAnsweredElsewhere: (peer: string) => void,
  ) {
    if (typeof BroadcastChannel === 'undefined') return;
    this.channel = new BroadcastChannel('switchboard');
    this.channel.onmessage = (event: MessageEvent<Answered>) => {
      if (event.data?.type === 'answered' && event.data.identity === this.identity) onAnsweredElsewhere(event.data.peer);
    };
  }

  /** Tells the other tabs that this one answered a call from `peer`. */
  answered(peer: string): void {
    this.channel?.postMessage({ type: 'answered', identity: this.identity, peer } satisfies Answered);
  }

  /** Leaves the channel (sign-out). */
  close(): void {
    this.channel?.close();
  }
}
