/** How the tools word Twilio's failures: from the error table, with the fix, never a stack trace. */
import RestException from 'twilio/lib/base/RestException';
import { explain, unlessMissing } from '../../tools/twilio-api';
import { RestSimulator } from '../support/rest-simulator';

test('a known code is worded from src/lib/contract/errors.ts with what to do', async () => {
  const sim = await RestSimulator.start();
  const { account } = sim;
  try {
    const error = await sim
      .clientFactory(account.sid, 'wrong')
      .api.v2010.accounts(account.sid)
      .fetch()
      .catch((e: unknown) => e);
    expect(explain(error)).toBe('Twilio rejected the account credentials (Twilio error 20003). Check ACCOUNT_SID and AUTH_TOKEN in .env (Console → Account → API keys & tokens).');
    // 404 (20404) is "not there", anything else still fails.
    await expect(
      unlessMissing(
        sim
          .client()
          .applications(`AP${'0'.repeat(32)}`)
          .fetch(),
      ),
    ).resolves.toBeUndefined();
    await expect(
      unlessMissing(
        sim
          .clientFactory(account.sid, 'wrong')
          .applications(`AP${'0'.repeat(32)}`)
          .fetch(),
      ),
    ).rejects.toMatchObject({ code: 20003 });
  } finally {
    await sim.stop();
  }
});

test("an unknown code keeps Twilio's message and its link", () => {
  const error = new RestException({ statusCode: 400, body: { code: 21421, message: 'PhoneNumber is invalid', more_info: 'https://www.twilio.com/docs/errors/21421' } });
  expect(explain(error)).toBe('Twilio error 21421: PhoneNumber is invalid (see https://www.twilio.com/docs/errors/21421)');
});

test('an unreachable API says to check the network', async () => {
  const sim = await RestSimulator.start();
  await sim.stop(); // nothing listens on its proxy's port any more
  const error = await sim
    .client()
    .api.v2010.accounts(sim.account.sid)
    .fetch()
    .catch((e: unknown) => e);
  expect(explain(error)).toBe('Could not reach Twilio (ECONNREFUSED). Check your internet connection or proxy (HTTP_PROXY) and try again.');
});
