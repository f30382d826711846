/**
 * A child process running the real `twilio` client (docs/twilio-runtime.md): HTTP_PROXY and
 * NODE_EXTRA_CA_CERTS are set before it starts, as the simulator sets them for twilio-run. It
 * takes commands over IPC, e.g. `calls('CA…').update({status:'completed'})` as
 * `[{name:'calls', args:['CA…']}, {name:'update', args:[{status:'completed'}]}]`, and answers
 * with the result and every raw HTTP exchange the client made.
 */
import twilio from 'twilio';

export type Step = { name: string; args?: unknown[] };
export type Exchange = { method: string; uri: string; status: number; body: unknown };
export type WorkerAnswer = { id: number; result?: unknown; error?: { status?: number; code?: number; message: string; moreInfo?: string }; exchanges: Exchange[] };

const [accountSid, authToken] = [process.env.TWILIO_ACCOUNT_SID!, process.env.TWILIO_AUTH_TOKEN!];
const client = twilio(accountSid, authToken);
let exchanges: Exchange[] = [];

// Record every exchange as the server sent it, so the test can check it against Twilio's API description.
const http = client.httpClient;
const request = http.request.bind(http);
http.request = async (options) => {
  const response = await request(options);
  const body = typeof response.body === 'string' && response.body.startsWith('{') ? JSON.parse(response.body) : response.body;
  exchanges.push({ method: options.method, uri: options.uri, status: response.statusCode, body });
  return response;
};

/** Instances become their plain fields (`toJSON`); lists become arrays of them. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') return JSON.parse(JSON.stringify(value));
  return value;
}

/** Walks the client along `steps` (a property, or a call with `args`) and answers with where it ends or the client's error. */
async function answer({ id, steps }: { id: number; steps: Step[] }): Promise<void> {
  exchanges = [];
  try {
    let target: unknown = client;
    for (const step of steps) {
      const member = (target as Record<string, unknown>)[step.name];
      target = step.args ? await (member as (...args: unknown[]) => unknown).apply(target, step.args) : member;
    }
    process.send!({ id, result: plain(target), exchanges } satisfies WorkerAnswer);
  } catch (error) {
    const e = error as { status?: number; code?: number; message: string; moreInfo?: string };
    process.send!({ id, error: { status: e.status, code: e.code, message: e.message, moreInfo: e.moreInfo }, exchanges } satisfies WorkerAnswer);
  }
}

process.on('message', (message: { id: number; steps: Step[] }) => void answer(message));
process.send!({ id: 0, exchanges: [] });
