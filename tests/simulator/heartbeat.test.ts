/**
 * Heartbeats both ways (docs/voice-sdk-protocol.md): the simulator sends "\n" and drops a client that stops
 * echoing them, as a dead network path would otherwise keep its calls and registration alive.
 */
import WebSocket from 'ws';
import { startSimulator, type Simulator } from '../../simulator';
import { PStreamClient } from '../support/pstream-client';
import { tokenFor } from './helpers';

const HEARTBEAT_MS = 200;
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ heartbeatMs: HEARTBEAT_MS });
});

afterAll(() => sim?.stop());

test('a client that never echoes a heartbeat is dropped after three; one that echoes stays', async () => {
  const echoing = await PStreamClient.registered(sim.url, tokenFor(sim, 'alice'));
  const silent = new WebSocket(`${sim.url.replace(/^http/, 'ws')}/signal`);
  let heartbeatsSeen = 0;
  silent.on('message', () => heartbeatsSeen++);
  const opened = Date.now();
  const closedAt = await new Promise<number>((resolve) => silent.on('close', () => resolve(Date.now())));
  expect(heartbeatsSeen).toBeGreaterThanOrEqual(2);
  expect(closedAt - opened).toBeGreaterThanOrEqual(3 * HEARTBEAT_MS);
  expect(closedAt - opened).toBeLessThan(10 * HEARTBEAT_MS);
  expect(echoing.socket.readyState).toBe(WebSocket.OPEN);
  expect(echoing.heartbeats).toBeGreaterThanOrEqual(3);
  echoing.close();
});
