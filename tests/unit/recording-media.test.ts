/** The account's credentials go only to Twilio's own https hosts, for the recording's .mp3. */
import { mp3Url } from '../../src/lib/voicemail/recording-media';

const PATH = `/2010-04-01/Accounts/AC${'a'.repeat(32)}/Recordings/RE${'b'.repeat(32)}`;

test('the media URL of a recording becomes its .mp3 on the same Twilio host', () => {
  expect(mp3Url(`https://api.twilio.com${PATH}`)).toBe(`https://api.twilio.com${PATH}.mp3`);
  expect(mp3Url(`https://api.dublin.ie1.twilio.com${PATH}.wav`)).toBe(`https://api.dublin.ie1.twilio.com${PATH}.mp3`);
  expect(mp3Url(`https://api.twilio.com${PATH}.json`)).toBe(`https://api.twilio.com${PATH}.mp3`);
});

test.each([
  ['plain http', `http://api.twilio.com${PATH}`],
  ['another host', `https://evil.example${PATH}`],
  ['a look-alike host', `https://api.twilio.com.evil.example${PATH}`],
  ['a host ending in twilio.com without the dot', `https://eviltwilio.com${PATH}`],
  ['a query string', `https://api.twilio.com${PATH}?Redirect=https://evil.example`],
  ['not a URL', 'api.twilio.com/whatever'],
])('refuses %s', (_, url) => {
  expect(mp3Url(url)).toBeUndefined();
});

test('user info in a media URL is dropped, never sent on', () => {
  expect(mp3Url(`https://someone:secret@api.twilio.com${PATH}`)).toBe(`https://api.twilio.com${PATH}.mp3`);
});
