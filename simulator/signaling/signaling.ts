/**
 * The signaling WebSocket (`/signal`) the Voice SDK talks PStream to (docs/voice-sdk-protocol.md): token checks
 * on `listen`, heartbeats, `register` → `ready`/`offline`, expiry of tokens on open connections,
 * and call frames handed to the call engine. Bad input gets an error frame, never a crash.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { isTokenFailure, verifyAccessToken, type TokenKeys } from './access-token';
import type { CallEngine } from '../calls/calls';
import type { Device, DeviceRegistry } from './devices';
import { MAX_RECONNECT_SECONDS } from './held-calls';
import { frame, HEARTBEAT, isObject, MAX_FRAME_BYTES, parseFrame, type Payload } from './pstream';

export interface SignalingOptions {
  keys: TokenKeys;
  /** The edge `connected` reports (the SDK builds its reconnect URL from it). */
  edge: string;
  registry: DeviceRegistry;
  engine: CallEngine;
  /** How often the server sends "\n"; the SDK gives up after 15 s of silence. */
  heartbeatMs?: number;
}

/** Heartbeats a client may leave unechoed (it echoes every one) before its connection is dropped. */
const MISSED_HEARTBEATS = 3;

/** Frames a connection may send per second before it is closed as abusive. */
const MAX_FRAMES_PER_SECOND = 200;
/** Malformed frames a connection may send before it is closed. */
const MAX_MALFORMED = 20;
/** setTimeout's longest delay; longer token lifetimes are re-armed in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Connection extends Device {
  socket: WebSocket;
  expiryTimer?: NodeJS.Timeout;
  malformed: number;
  window: { start: number; frames: number };
  /** When the client last sent anything, heartbeat echoes included. */
  lastHeardAt: number;
}

/** The `/signal` WebSocket endpoint: one Device per connection. */
export class SignalingServer {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly connections = new Set<Connection>();
  private nextId = 1;

  constructor(private readonly options: SignalingOptions) {
    this.server.on('connection', (socket: WebSocket) => this.open(socket));
  }

  /** Takes over an HTTP upgrade request for `/signal`. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.server.handleUpgrade(request, socket, head, (ws) => this.server.emit('connection', ws, request));
  }

  /** Closes signaling sockets abruptly (all, or one identity's), as a network drop would. */
  dropSockets(identity?: string): void {
    for (const connection of this.connections) if (identity === undefined || connection.identity === identity) connection.socket.terminate();
  }

  /** Closes every signaling socket and stops accepting new ones. */
  close(): void {
    this.dropSockets();
    this.server.close();
  }

  private open(socket: WebSocket): void {
    const connection: Connection = {
      id: this.nextId++,
      socket,
      listening: false,
      registered: false,
      expired: false,
      incomingAllow: false,
      reconnectTimeout: 0,
      malformed: 0,
      window: { start: Date.now(), frames: 0 },
      lastHeardAt: Date.now(),
      send: (type, payload) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(frame(type, payload));
      },
    };
    this.connections.add(connection);
    this.options.registry.add(connection);
    const heartbeatMs = this.options.heartbeatMs ?? 5000;
    const heartbeat = setInterval(() => {
      if (socket.readyState !== WebSocket.OPEN) return;
      // A client that stopped echoing is gone (a dead network path keeps TCP open for minutes).
      if (Date.now() - connection.lastHeardAt > MISSED_HEARTBEATS * heartbeatMs) return socket.terminate();
      socket.send(HEARTBEAT);
    }, heartbeatMs);
    socket.on('message', (data, isBinary) => {
      try {
        this.receive(connection, data, isBinary);
      } catch (error) {
        // A bug must cost one frame, not the simulator every other test is running on.
        connection.send('error', { error: { code: 31000, message: `simulator error: ${(error as Error).message}` } });
      }
    });
    socket.on('error', () => socket.terminate());
    socket.on('close', () => {
      clearInterval(heartbeat);
      clearTimeout(connection.expiryTimer);
      this.connections.delete(connection);
      this.options.registry.remove(connection);
      this.options.engine.deviceGone(connection);
    });
  }

  private receive(connection: Connection, data: RawData, isBinary: boolean): void {
    const second = Date.now();
    connection.lastHeardAt = second;
    if (second - connection.window.start > 1000) connection.window = { start: second, frames: 0 };
    if (++connection.window.frames > MAX_FRAMES_PER_SECOND) return connection.socket.close(1008, 'too many frames');
    // ws's default binaryType hands each message over as one Buffer.
    const parsed = isBinary ? ({ kind: 'malformed', reason: 'binary frame' } as const) : parseFrame((data as Buffer).toString());
    if (parsed.kind === 'heartbeat') return;
    if (parsed.kind === 'malformed') {
      connection.send('error', { error: { code: 31100, message: `Malformed message: ${parsed.reason}` } });
      if (++connection.malformed > MAX_MALFORMED) connection.socket.close(1008, 'too many malformed frames');
      return;
    }
    const { type, payload } = parsed.frame;
    if (type === 'listen') return this.listen(connection, payload);
    if (type === 'reinvite' || type === 'message') return;
    if (!connection.listening || connection.expired) {
      const error = connection.expired ? { code: 31205, message: 'JWT token expired' } : { code: 31204, message: 'JWT is invalid: send listen with a valid token first' };
      return connection.send('error', { error, ...(typeof payload.callsid === 'string' ? { callsid: payload.callsid } : {}) });
    }
    const engine = this.options.engine;
    if (type === 'register') return this.register(connection, payload);
    if (type === 'invite') return engine.invite(connection, payload);
    if (type === 'answer') return engine.answer(connection, payload);
    if (type === 'reject') return engine.reject(connection, payload);
    if (type === 'dtmf') return engine.dtmf(connection, payload);
    engine.hangup(connection, payload); // hangup, cancel
  }

  /** `listen`: the first valid token answers `connected`; a later one (updateToken) is silent. */
  private listen(connection: Connection, payload: Payload): void {
    const result = verifyAccessToken(payload.token, this.options.keys);
    if (isTokenFailure(result)) return connection.send('error', { error: { code: result.code, message: result.message } });
    if (connection.listening && connection.identity !== result.identity) {
      return connection.send('error', { error: { code: 31204, message: 'JWT is invalid: a connection cannot change identity' } });
    }
    const first = !connection.listening;
    const reconnect = Number(payload.reconnectTimeout);
    Object.assign(connection, {
      listening: true,
      identity: result.identity,
      outgoingApplicationSid: result.outgoingApplicationSid,
      incomingAllow: result.incomingAllow,
      expired: false,
      reconnectTimeout: Number.isFinite(reconnect) ? Math.min(Math.max(Math.floor(reconnect), 0), MAX_RECONNECT_SECONDS) : 0,
    });
    this.armExpiry(connection, result.exp);
    if (!first) return;
    const { region } = this.options.keys;
    const ttl = Math.max(0, Math.floor(result.exp - Date.now() / 1000));
    connection.send('connected', { region, edge: this.options.edge, home: region, token: { ...(result.identity === undefined ? {} : { identity: result.identity }), ttl } });
  }

  /** When the token lapses the device hears 31205 and gets no more calls until a fresh `listen`. */
  private armExpiry(connection: Connection, exp: number): void {
    clearTimeout(connection.expiryTimer);
    const delay = exp * 1000 - Date.now();
    connection.expiryTimer = setTimeout(
      () => {
        if (exp * 1000 > Date.now()) return this.armExpiry(connection, exp);
        connection.expired = true;
        connection.send('error', { error: { code: 31205, message: 'JWT token expired' } });
      },
      Math.min(Math.max(delay, 0), MAX_TIMER_MS),
    );
  }

  private register(connection: Connection, payload: Payload): void {
    const audio = isObject(payload.media) && payload.media.audio === true;
    connection.registered = audio;
    connection.send(audio ? 'ready' : 'offline', {});
  }
}
