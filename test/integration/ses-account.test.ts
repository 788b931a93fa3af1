import {
  GetAccountCommand,
  GetEmailIdentityCommand,
  SESv2Client,
  SendEmailCommand,
} from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSes } from '../../local/ses';
import { setSesAccount } from '../support/ses-account';

// The local SES account through the real SES v2 client: what the admin preflight and the senders read.
describe('local SES account', () => {
  let ses: Awaited<ReturnType<typeof startSes>>;
  let client: SESv2Client;
  const setAccount = (body: unknown) => setSesAccount(ses.url, body);

  beforeAll(async () => {
    ses = await startSes({ host: '127.0.0.1', port: 0 });
    client = new SESv2Client({
      endpoint: ses.url,
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  afterAll(async () => {
    client.destroy();
    await ses.close();
  });

  it('answers GetAccount with the limits set, and counts what was sent in the last 24 hours', async () => {
    expect(
      (
        await setAccount({
          productionAccessEnabled: false,
          max24HourSend: 200,
          maxSendRate: 1,
          sentBefore: 3,
        })
      ).status,
    ).toBe(200);
    await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'onboarding@example.com',
        Destination: { ToAddresses: ['a@example.com'] },
        Content: { Simple: { Subject: { Data: 'hi' }, Body: { Text: { Data: 'hi' } } } },
      }),
    );
    const account = await client.send(new GetAccountCommand({}));
    expect(account.ProductionAccessEnabled).toBe(false);
    expect(account.SendQuota).toEqual({ Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 4 });
  });

  it('knows only the verified identities once a list is set, an address through its domain too', async () => {
    await setAccount({ verifiedIdentities: ['example.com'] });
    const found = await client.send(new GetEmailIdentityCommand({ EmailIdentity: 'onboarding@example.com' }));
    expect(found.VerifiedForSendingStatus).toBe(true);
    await expect(
      client.send(new GetEmailIdentityCommand({ EmailIdentity: 'x@other.example' })),
    ).rejects.toMatchObject({
      name: 'NotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('refuses a bad setting, naming it, and changes nothing', async () => {
    const before = await (await fetch(`${ses.url}/_sim/account`)).json();
    const answer = await setAccount({ maxSendRate: 0, colour: 'red' });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { problems: string[] }).problems).toEqual([
      'maxSendRate: expected a number of at least 1',
      'colour: unknown field',
    ]);
    expect(await (await fetch(`${ses.url}/_sim/account`)).json()).toEqual(before);
  });
});
