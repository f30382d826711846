/**
 * The simulator's own STUN server on 127.0.0.1. werift asks a STUN server for every endpoint
 * (Google's, unless told another): that would resolve and send to the outside world, and with
 * dozens of calls the DNS lookups queue up and stall negotiation for seconds. This one answers
 * binding requests at once with the address they came from, as any STUN server would.
 */
import { createSocket, type Socket } from 'node:dgram';
import { classes, Message, methods, parseMessage } from 'werift';

/** A UDP STUN responder on a free loopback port. */
export class StunResponder {
  private constructor(private readonly socket: Socket) {}

  /** Starts answering on 127.0.0.1. */
  static start(): Promise<StunResponder> {
    const socket = createSocket('udp4');
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => {
        socket.off('error', reject);
        socket.on('error', () => undefined);
        socket.on('message', (data, from) => {
          let request: Message | undefined;
          try {
            request = parseMessage(data);
          } catch {
            return;
          }
          if (!request || request.messageMethod !== methods.BINDING || request.messageClass !== classes.REQUEST) return;
          const response = new Message(methods.BINDING, classes.RESPONSE, request.transactionId).setAttribute('XOR-MAPPED-ADDRESS', [from.address, from.port]);
          socket.send(response.bytes, from.port, from.address);
        });
        resolve(new StunResponder(socket));
      });
    });
  }

  /** `stun:127.0.0.1:<port>`, for a peer connection's `iceServers`. */
  get url(): string {
    return `stun:127.0.0.1:${this.socket.address().port}`;
  }

  close(): void {
    this.socket.close();
  }
}
