/** The account's credentials go only to Twilio's own https hosts, for the recording's .mp3. */
import type { Twilio } from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';
import type { InternalAxiosRequestConfig } from 'axios';
import { fetchMp3, mp3Url } from '../../src/lib/voicemail/recording-media';

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

/**
 * The `twilio` client's own HTTP machinery (RequestClient's axios), with the network replaced by
 * `answer`: every request it would send is recorded with its Authorization header.
 */
interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: Buffer;
}

function clientAnswering(answer: (url: string) => Answer) {
  const sent: { url: string; authorization?: string }[] = [];
  const httpClient = new RequestClient();
  httpClient.axios.defaults.adapter = (config: InternalAxiosRequestConfig) => {
    const url = String(config.url);
    sent.push({ url, authorization: config.headers.get('Authorization')?.toString() });
    const { status, headers = {}, body = Buffer.alloc(0) } = answer(url);
    const response = { data: body.buffer.slice(body.byteOffset, body.byteOffset + body.length), status, statusText: String(status), headers, config, request: {} };
    if (!config.validateStatus || config.validateStatus(status)) return Promise.resolve(response);
    return Promise.reject(Object.assign(new Error(`status ${status}`), { response }));
  };
  return { client: { httpClient } as unknown as Twilio, sent };
}

const CREDENTIALS = { username: `AC${'a'.repeat(32)}`, password: 'the-auth-token' };

test('Twilio`s redirect to its storage host is followed without the account`s credentials', async () => {
  const mp3 = Buffer.from('ID3 the message');
  // Twilio answers a media URL with a short-lived link to the file's storage, signed in its query.
  const storage = `https://com-twilio-us1-recordings.s3.amazonaws.com/AC${'a'.repeat(32)}/RE${'b'.repeat(32)}?X-Amz-Signature=0123`;
  const { client, sent } = clientAnswering((url): Answer =>
    url.includes('api.twilio.com') ? { status: 302, headers: { location: storage } } : { status: 200, headers: { 'content-type': 'audio/mpeg' }, body: mp3 },
  );
  expect(await fetchMp3(client, `https://api.twilio.com${PATH}`, CREDENTIALS, 5000)).toEqual({ status: 200, body: mp3 });
  expect(sent).toEqual([
    { url: `https://api.twilio.com${PATH}.mp3`, authorization: `Basic ${Buffer.from(`${CREDENTIALS.username}:${CREDENTIALS.password}`).toString('base64')}` },
    { url: storage, authorization: undefined },
  ]);
});

test('a redirect to plain http is not followed: no media, an error', async () => {
  const { client, sent } = clientAnswering(() => ({ status: 302, headers: { location: 'http://storage.example/RE.mp3' } }));
  await expect(fetchMp3(client, `https://api.twilio.com${PATH}`, CREDENTIALS, 5000)).rejects.toThrow(/302/);
  expect(sent.map((request) => request.url)).toEqual([`https://api.twilio.com${PATH}.mp3`]);
});
