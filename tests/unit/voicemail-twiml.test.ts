import { DEFAULT_VOICEMAIL_GREETING, readConfig } from '../../src/lib/config/config';
import { SAY } from '../../src/lib/voice/twiml';
import { afterVoicemail, voicemailPrompt } from '../../src/lib/voice/voicemail-twiml';
import { testEnv } from '../support/fixtures';
import { parseTwiml } from '../support/twiml';

const prompt = (greeting: string, voicemailMaxSeconds = 120) => parseTwiml(voicemailPrompt({ voicemailGreeting: greeting, voicemailMaxSeconds }).toString());

describe('the voicemail prompt', () => {
  it('greets, beeps and records up to VOICEMAIL_MAX_SECONDS, ended by #, 5 s of silence or hanging up, silence trimmed', () => {
    const [say, record, after, hangup] = prompt('Leave us a message.', 90).children;
    expect(say).toMatchObject({ name: 'Say', text: 'Leave us a message.' });
    expect(record).toMatchObject({ name: 'Record', children: [] });
    expect(record.attrs).toEqual({
      action: '/voicemail-recorded',
      method: 'POST',
      maxLength: '90',
      playBeep: 'true',
      finishOnKey: '#',
      timeout: '5',
      trim: 'trim-silence',
      recordingStatusCallback: '/recording-status',
      recordingStatusCallbackMethod: 'POST',
      recordingStatusCallbackEvent: 'completed absent',
    });
    // Twilio skips the action after an empty recording and runs what follows <Record>.
    expect([after.name, after.text, hangup.name]).toEqual(['Say', SAY.noMessage, 'Hangup']);
  });

  it('keeps webhook URLs query-free (Twilio signs them without their query)', () => {
    const record = prompt('Hi.').children[1];
    for (const url of [record.attrs.action, record.attrs.recordingStatusCallback]) expect(url).toMatch(/^\/[a-z-]+$/);
  });

  it('speaks a greeting with markup as text, and drops what XML cannot carry', () => {
    const xml = voicemailPrompt({ voicemailGreeting: 'Hi <Hangup/> & bye\u0007', voicemailMaxSeconds: 120 }).toString();
    expect(prompt('Hi <Hangup/> & bye\u0007').children[0].text).toBe('Hi <Hangup/> & bye');
    expect(xml).toContain('Hi &lt;Hangup/&gt; &amp; bye</Say>');
  });
});

describe('after the message', () => {
  it('thanks a caller who left a message, also one who hung up while speaking', () => {
    const thanks = parseTwiml(afterVoicemail({ RecordingSid: `RE${'1'.repeat(32)}`, RecordingDuration: '7', Digits: 'hangup' }).toString());
    expect(thanks.children.map((c) => [c.name, c.text])).toEqual([
      ['Say', SAY.voicemailThanks],
      ['Hangup', ''],
    ]);
  });

  it('says that no message came when the action arrives without a recording', () => {
    const none = parseTwiml(afterVoicemail({ RecordingDuration: '0' }).toString());
    expect(none.children.map((c) => c.text)).toEqual([SAY.noMessage, '']);
  });
});

describe('voicemail configuration', () => {
  it('defaults to the built-in greeting and 120 s', async () => {
    const { config } = readConfig(await testEnv());
    expect([config!.voicemailGreeting, config!.voicemailMaxSeconds]).toEqual([DEFAULT_VOICEMAIL_GREETING, 120]);
  });

  it('reads VOICEMAIL_GREETING and VOICEMAIL_MAX_SECONDS', async () => {
    const { config } = readConfig(await testEnv({ VOICEMAIL_GREETING: '  Hi, this is Acme. Leave a message.  ', VOICEMAIL_MAX_SECONDS: '300' }));
    expect([config!.voicemailGreeting, config!.voicemailMaxSeconds]).toEqual(['Hi, this is Acme. Leave a message.', 300]);
  });

  it.each([
    ['VOICEMAIL_MAX_SECONDS', '0', /VOICEMAIL_MAX_SECONDS: must be a whole number of seconds from 5 to 600, not "0"/],
    ['VOICEMAIL_MAX_SECONDS', '2 minutes', /VOICEMAIL_MAX_SECONDS: must be a whole number/],
    ['VOICEMAIL_MAX_SECONDS', '3600', /from 5 to 600/],
    ['VOICEMAIL_GREETING', 'e'.repeat(301), /VOICEMAIL_GREETING: must be at most 300 characters \(this one has 301\)/],
    ['VOICEMAIL_GREETING', 'é'.repeat(226), /VOICEMAIL_GREETING: has 452 bytes; Twilio keeps at most 450 bytes in one variable/],
  ])('refuses %s=%j, naming it', async (variable, value, message) => {
    const { config, problems } = readConfig(await testEnv({ [variable]: value }));
    expect(config).toBeUndefined();
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(message)]);
  });
});
