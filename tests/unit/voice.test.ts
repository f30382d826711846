import { readConfig, type Config } from '../../src/lib/config/config';
import { fallbackResponse, SAY } from '../../src/lib/voice/twiml';
import { afterDial, afterForward } from '../../src/lib/voice/dial-outcome';
import { answerCall } from '../../src/lib/routing/voice-url';
import { testEnv } from '../support/fixtures';
import { descendants, parseTwiml } from '../support/twiml';

let config: Config;
beforeAll(async () => {
  config = readConfig(await testEnv({ FORWARD_TO: '+14155550199' })).config!;
});

const outbound = (To: string) => parseTwiml(answerCall({ From: 'client:alice', To, Direction: 'inbound' }, config).toString());

describe('the Voice URL', () => {
  it('dials a teammate with answerOnBridge, also as client:<id> and as the mobile SDKs` lowercase `to`', () => {
    for (const twiml of [outbound('bob'), outbound('client:bob'), parseTwiml(answerCall({ From: 'client:alice', to: 'bob' }, config).toString())]) {
      const [dial] = twiml.children;
      expect(dial).toMatchObject({ name: 'Dial', attrs: { answerOnBridge: 'true', action: '/dial-complete', timeout: '15' } });
      expect(dial.children).toEqual([expect.objectContaining({ name: 'Client', text: 'bob' })]);
    }
  });

  it('dials an allowed phone number in E.164 with the team caller ID', () => {
    const [dial] = outbound(' (415) 555-0134 ').children;
    expect(dial.attrs).toMatchObject({ callerId: '+14155550100', answerOnBridge: 'true' });
    expect(dial.children).toEqual([expect.objectContaining({ name: 'Number', text: '+14155550134' })]);
  });

  it.each([
    ['+442079460018', SAY.country],
    ['+19005550123', SAY.type],
    ['+1555', SAY.invalid],
    ['', SAY.noCallee],
    ['mallory', SAY.unknownTeammate],
  ])('refuses %j with a spoken reason and a hangup', (to, said) => {
    const twiml = outbound(to);
    expect(twiml.children.map((c) => c.name)).toEqual(['Say', 'Hangup']);
    expect(twiml.children[0].text).toBe(said);
  });

  it('rings the whole team for an inbound call, with escaped caller details as parameters', () => {
    const xml = answerCall({ From: '+12025550143', To: '+14155550100', FromCity: 'WASHINGTON', FromState: 'DC', FromCountry: 'US', CallerName: '<Evil & "Co">' }, config).toString();
    expect(xml).toContain('value="&lt;Evil &amp; &quot;Co&quot;');
    const [dial] = parseTwiml(xml).children;
    expect(dial.attrs).toEqual({ answerOnBridge: 'true', timeout: '15', action: '/dial-complete' });
    expect(dial.children.map((c) => c.children.find((n) => n.name === 'Identity')!.text)).toEqual(['alice', 'bob', 'carol']);
    const params = Object.fromEntries(dial.children[0].children.filter((n) => n.name === 'Parameter').map((n) => [n.attrs.name, n.attrs.value]));
    expect(params).toEqual({ callerNumber: '+12025550143', callerName: '<Evil & "Co">', callerLocation: 'WASHINGTON, DC, US' });
  });
});

describe('after a dial', () => {
  const names = (twiml: { toString(): string }) => parseTwiml(twiml.toString()).children.map((c) => c.name);
  const withoutForward = () => ({ ...config, forwardTo: undefined });

  it('hangs up after a conversation, and when the caller left while it rang', () => {
    for (const DialCallStatus of ['completed', 'answered', 'canceled']) expect(names(afterDial({ DialCallStatus, From: '+12025550143' }, config))).toEqual(['Hangup']);
  });

  it('forwards an unanswered inbound call to FORWARD_TO and asks to hear how that ended', () => {
    const forwarded = parseTwiml(afterDial({ DialCallStatus: 'no-answer', From: '+12025550143' }, config).toString());
    expect(forwarded.children[0]).toMatchObject({ name: 'Dial', attrs: { action: '/forward-complete' } });
    expect(descendants(forwarded).find((n) => n.name === 'Number')!.text).toBe('+14155550199');
  });

  it.each(['no-answer', 'busy', 'failed', ''])('takes an inbound caller nobody took (%j) to voicemail without FORWARD_TO', (DialCallStatus) => {
    expect(names(afterDial({ DialCallStatus, From: '+12025550143' }, withoutForward()))).toEqual(['Say', 'Record', 'Say', 'Hangup']);
  });

  it('after FORWARD_TO: hangs up after a conversation, voicemail when the forward failed too', () => {
    expect(names(afterForward({ DialCallStatus: 'completed' }, config))).toEqual(['Hangup']);
    for (const DialCallStatus of ['no-answer', 'busy', 'failed']) expect(names(afterForward({ DialCallStatus }, config))).toEqual(['Say', 'Record', 'Say', 'Hangup']);
  });

  it('tells a browser caller that the line was busy, never voicemail', () => {
    const twiml = parseTwiml(afterDial({ DialCallStatus: 'busy', From: 'client:alice' }, withoutForward()).toString());
    expect(twiml.children.map((c) => c.name)).toEqual(['Say', 'Hangup']);
    expect(twiml.children[0].text).toMatch(/busy/);
  });
});

it('the fallback apologises and hangs up', () => {
  expect(parseTwiml(fallbackResponse().toString()).children.map((c) => c.name)).toEqual(['Say', 'Hangup']);
});
