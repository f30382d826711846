/**
 * Where an inbound call goes (README "Call routing"): closed → the closed message and voicemail; a menu → the
 * prompt, then the chosen group, everyone or voicemail; otherwise everyone. Every ring is in waves.
 */
import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { IncomingCallDetails } from '../contract/call-parameters';
import { callerInfo } from '../voice/caller-info';
import type { Config } from '../config/config';
import { hangup } from '../voice/twiml';
import { dialEnded, unansweredInbound } from '../voice/dial-outcome';
import { param } from '../runtime/event';
import { voicemailPrompt } from '../voice/voicemail-twiml';
import { EVERYONE, VOICEMAIL, type Routing } from './file';
import { isOpen } from './hours';
import { menuPrompt } from './menu';
import { MENU_PLAYS, type RoutingStep } from './paths';
import { ringWave } from './waves';
import { announcements, type Announcements } from '../voice/recording-notice';

/** What routing decides from: the configuration, the routing file (if any) and the clock. */
export interface RouteContext {
  readonly config: Config;
  readonly routing?: Routing;
  readonly now: Date;
  /** Teammates on do-not-disturb: no group or wave rings them. */
  readonly away?: ReadonlySet<string>;
}

/** The teammates a target rings, in order: a group's members still on TEAM, or the whole team; never one on do-not-disturb. */
export function membersOf(target: string, context: RouteContext): string[] {
  const team = context.config.team;
  const members = target === EVERYONE ? [...team.keys()] : (context.routing?.groups.get(target) ?? []).filter((identity) => team.has(identity));
  return members.filter((identity) => !context.away?.has(identity));
}

/** Why a call rings whom it rings, when the caller chose it in the menu: the group, and the key pressed (known on the first wave). */
type MenuChoice = Pick<IncomingCallDetails, 'menuKey' | 'ringGroup'>;

/**
 * Rings wave `wave` of a target; with nobody (left) to ring, FORWARD_TO or voicemail. The
 * answering teammate hears the recording notice (if any); the caller heard it at the call's start.
 */
function ring(
  target: string,
  wave: number,
  params: Record<string, unknown>,
  context: RouteContext,
  choice: MenuChoice = {},
  announce: Announcements = { answerUrl: announcements(context.config).answerUrl },
): VoiceResponse {
  const { config } = context;
  return ringWave(target, membersOf(target, context), wave, { ...callerInfo(params), ...choice }, config.ringTimeout, announce) ?? unansweredInbound(config);
}

/** A call to the team number, at /voice: with recording possible, the caller hears the notice before the menu or the ring. */
export function routeInbound(params: Record<string, unknown>, context: RouteContext): VoiceResponse {
  const { routing, config } = context;
  if (routing && !isOpen(routing, context.now)) return voicemailPrompt({ ...config, voicemailGreeting: routing.closedMessage });
  if (routing?.menu) return menuPrompt(routing.menu, 1, announcements(config).notice);
  return ring(EVERYONE, 1, params, context, {}, announcements(config));
}

/** A key pressed (or none) after the menu's `play`-th prompt. */
function afterMenu(play: number, params: Record<string, unknown>, context: RouteContext): VoiceResponse {
  const menu = context.routing?.menu;
  const key = param(params, 'Digits');
  const target = menu?.options.get(key);
  if (target === VOICEMAIL) return voicemailPrompt(context.config);
  if (target) return ring(target, 1, params, context, { menuKey: key, ringGroup: target });
  if (menu && play < MENU_PLAYS) return menuPrompt(menu, play + 1);
  return ring(EVERYONE, 1, params, context);
}

/** A routing step Function's answer: the menu's next move, or the next wave after an unanswered one. */
export function routeStep(step: RoutingStep, params: Record<string, unknown>, context: RouteContext): VoiceResponse {
  if (step.kind === 'menu') return afterMenu(step.play, params, context);
  // A group's later waves: only the menu leads to a group (everyone also rings when nobody chose).
  const choice = context.routing?.menu && step.target !== EVERYONE ? { ringGroup: step.target } : {};
  return dialEnded(params) ? hangup() : ring(step.target, step.wave, params, context, choice);
}
