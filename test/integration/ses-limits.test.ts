import { GetAccountCommand, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSes } from '../../local/ses';
import { sesRefusal } from '../../src/kernel/adapters/mailer';
import { setSesAccount } from '../support/ses-account';

// What the local SES refuses, through the real SES v2 client (its retries off, as the product's mailer has
// them): the errors SES v2's model names for SendEmail, which the product reads as a throttle or the quota.
describe('local SES limits', () => {
  let ses: Awaited<ReturnType<typeof startSes>>;
  let client: SESv2Client;
  const setAccount = async (body: unknown) => {
    expect((await setSesAccount(ses.url, body)).status).toBe(200);
  };
  const send = (to: string[]) =>
    client.send(
      new SendEmailCommand({
        FromEmailAddress: 'onboarding@example.com',
        Destination: { ToAddresses: to },
        Content: { Simple: { Subject: { Data: 'hi' }, Body: { Text: { Data: 'hi' } } } },
      }),
    );
  const sends = async () => (await (await fetch(`${ses.url}/_sim/sends`)).json()) as any;
  // Two sends meant for one second start early in a second (not a timing assertion: only where they begin).
  const startOfSecond = async () => {
    const left = 1000 - (Date.now() % 1000);
    if (left < 700) await new Promise((r) => setTimeout(r, left + 5));
  };

  beforeAll(async () => {
    ses = await startSes({ host: '127.0.0.1', port: 0 });
    client = new SESv2Client({
      endpoint: ses.url,
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  });
  beforeEach(async () => {
    await fetch(`${ses.url}/_sim/sends`, { method: 'DELETE' });
  });
  afterAll(async () => {
    client.destroy();
    await ses.close();
  });

  it('at 1 a second, refuses the second send in the same second: 429 TooManyRequestsException', async () => {
    await setAccount({ productionAccessEnabled: true, maxSendRate: 1, max24HourSend: -1, sentBefore: 0 });
    await startOfSecond();
    await send(['a@example.com']);
    const refused = await send(['b@example.com']).catch((err: unknown) => err);
    expect(refused).toMatchObject({
      name: 'TooManyRequestsException',
      message: 'Maximum sending rate exceeded.',
      $metadata: { httpStatusCode: 429 },
    });
    expect(sesRefusal(refused)).toBe('throttle');
    const seen = await sends();
    expect(seen.highestRate).toBe(1);
    expect(seen.refused).toMatchObject({ rate: 1, quota: 0 });
  });

  it('counts recipients: at 3 a second, an email to 2 then one to 2 more is refused', async () => {
    await setAccount({ productionAccessEnabled: true, maxSendRate: 3, max24HourSend: -1 });
    await startOfSecond();
    await send(['a@example.com', 'b@example.com']);
    await expect(send(['c@example.com', 'd@example.com'])).rejects.toMatchObject({
      name: 'TooManyRequestsException',
    });
    expect((await sends()).highestRate).toBe(2);
  });

  it('refuses past the 24-hour quota, and GetAccount shows it used up', async () => {
    const before = (await client.send(new GetAccountCommand({}))).SendQuota?.SentLast24Hours ?? 0;
    await setAccount({ productionAccessEnabled: true, maxSendRate: 50, max24HourSend: before + 2 });
    await send(['a@example.com', 'b@example.com']);
    const refused = await send(['c@example.com']).catch((err: unknown) => err);
    expect(refused).toMatchObject({
      name: 'TooManyRequestsException',
      message: 'Daily message quota exceeded.',
      $metadata: { httpStatusCode: 429 },
    });
    expect(sesRefusal(refused)).toBe('quota');
    const account = await client.send(new GetAccountCommand({}));
    expect(account.SendQuota).toMatchObject({ Max24HourSend: before + 2, SentLast24Hours: before + 2 });
    expect((await sends()).refused.quota).toBe(1);
  });

  it('in the sandbox, sends only to verified recipients and the mailbox simulator: MessageRejected', async () => {
    await setAccount({
      productionAccessEnabled: false,
      maxSendRate: 50,
      max24HourSend: -1,
      verifiedIdentities: ['example.com'],
    });
    await send(['a@example.com', 'success@simulator.amazonses.com']);
    const refused = await send(['a@example.com', 'x@other.example']).catch((err: unknown) => err);
    expect(refused).toMatchObject({ name: 'MessageRejected', $metadata: { httpStatusCode: 400 } });
    expect((refused as Error).message).toContain('x@other.example');
    expect((refused as Error).message).not.toContain('a@example.com');
    expect(sesRefusal(refused)).toBeUndefined();
    await setAccount({ productionAccessEnabled: true, verifiedIdentities: null });
  });
});
