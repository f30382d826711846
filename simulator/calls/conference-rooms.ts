/**
 * The live conferences of the simulator, by name: `<Dial><Conference>name</Conference></Dial>`
 * joins the running one (or opens it in the REST store) and mixes the call's media into it.
 */
import { ConferenceRoom, type ConferenceJoin, type ConferenceRoomContext } from './conference-room';
import type { DialOutcome } from './dial';

/** Twilio's longest conference name. */
const MAX_NAME = 128;

export class ConferenceRooms {
  private readonly rooms = new Map<string, ConferenceRoom>();

  constructor(private readonly context: Omit<ConferenceRoomContext, 'closed'>) {}

  /** Runs `<Dial><Conference>` for a call until it leaves the conference. */
  join(join: ConferenceJoin): Promise<DialOutcome> {
    const name = join.noun.text.trim();
    if (!name || name.length > MAX_NAME) {
      join.note(`<Conference> needs a name of 1 to ${MAX_NAME} characters`, 12200);
      return Promise.resolve({ status: 'failed' });
    }
    const conference = this.context.store.open(name);
    let room = this.rooms.get(conference.sid);
    if (!room) {
      room = new ConferenceRoom(conference, { ...this.context, closed: (closed) => this.rooms.delete(closed.conference.sid) });
      this.rooms.set(conference.sid, room);
    }
    return room.join(join);
  }

  /** Ends every conference (the simulator stops). */
  stop(): void {
    for (const room of [...this.rooms.values()]) this.context.store.end(room.conference.sid, 'conference-ended-via-api');
  }
}
