import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud';
import { type StallingProxy, startStallingProxy } from '../support/stalling-proxy';
import { postForm, SIMPLE_AD, trackingHelpers } from '../support/tracking';

/**
 * The workflow's SendInvitation retried after a Lambda timeout, against the local cloud: the functions
 * reach DynamoDB and SES through a proxy that stalls one request (a network fault, no hook in the product),
 * so the invocation runs into the local runtime's 10-second timeout and Step Functions retries it
 * (`Sandbox.Timedout` is in the task's Retry). Whatever the retry finds, the link in the one email that
 * went out must open the form and set the password.
 */
let cloud: TestCloud;
let t: ReturnType<typeof trackingHelpers>;
let dynamo: StallingProxy;
let ses: StallingProxy;
const GOOD = 'Welcome#2026';

beforeAll(async () => {
  cloud = await startTestCloud({ provisioningDelayMs: 30_000 });
  t = trackingHelpers(cloud);
  dynamo = await startStallingProxy(cloud.urls.dynamodb);
  ses = await startStallingProxy(cloud.urls.ses);
  // Before the first function runs: every client of the functions is built on its first call.
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.url;
  process.env.AWS_ENDPOINT_URL_SESV2 = ses.url;
});
afterAll(async () => {
  t?.destroy();
  await cloud?.stop();
  await dynamo?.close();
  await ses?.close();
});

const sendInvitationErrors = () => cloud.lambdas.stats().errors.sendInvitation ?? 0;

async function hire(employeeId: string, userName: string, email: string): Promise<string> {
  await cloud.addUsers(SIMPLE_AD, userName);
  const res = await cloud.postHire({ employeeId, userName, email, startDate: dayAfter(1) });
  expect(res.status).toBe(202);
  return res.body.hireId as string;
}

/** Runs the provisioner a minute at a time until the invitation is under way (`arrived`). */
async function driveUntilArrived(arrived: Promise<void>, what: string) {
  let seen = false;
  void arrived.then(() => {
    seen = true;
  });
  await cloud.driveUntil(async () => seen, what);
}

async function theOneLinkWorks(email: string, hireId: string, userName: string) {
  const mails = await t.emailsTo(email);
  expect(mails).toHaveLength(1);
  const [link] = await t.setupLinks(email);
  expect(link).toBeDefined();
  const page = await fetch(link!);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<form');
  const done = await postForm(link!, { password: GOOD, confirm: GOOD });
  expect(done.status).toBe(200);
  expect(await t.stage(hireId)).toBe('PASSWORD_SET');
  expect(await t.passwordResets(userName)).toBe(1);
}

describe('SendInvitation retried after a Lambda timeout', () => {
  it('the email went out, the INVITED write never arrived: the retry records it and the emailed link works', async () => {
    const errorsBefore = sendInvitationErrors();
    const hireId = await hire('E-RT-1', 'rtwrite', 'rt.write@example.co.jp');
    const stalled = dynamo.stall(
      'neverArrive',
      (r) =>
        r.headers['x-amz-target'] === 'DynamoDB_20120810.UpdateItem' &&
        r.body.includes(`"HIRE#${hireId}"`) &&
        r.body.includes('":to":{"S":"INVITED"}'),
    );
    await driveUntilArrived(stalled.arrived, 'the INVITED write on its way');
    // No clock moves from here: Step Functions retries on real time after the timeout.
    await eventually(async () => (await t.stage(hireId)) === 'INVITED', {
      timeoutMs: 45_000,
      what: 'INVITED after the retry',
    });
    expect(sendInvitationErrors()).toBeGreaterThan(errorsBefore);
    expect(await t.ledger(hireId)).toEqual({ 'invitation#1': expect.any(String) });
    await theOneLinkWorks('rt.write@example.co.jp', hireId, 'rtwrite');
  }, 90_000);

  it('SES answered after the timeout: retries while it is in flight make no new link', async () => {
    const errorsBefore = sendInvitationErrors();
    const hireId = await hire('E-RT-2', 'rtses', 'rt.ses@example.co.jp');
    const slow = ses.stall(
      'answerLate',
      (r) => r.path.startsWith('/v2/email/outbound-emails') && r.body.includes('rt.ses@example.co.jp'),
    );
    await driveUntilArrived(slow.arrived, 'the invitation at SES');
    // SES accepted the email (its "Email Sent" event closes the ledger entry) but its answer is late: the
    // first attempt times out, and the retry finds the email sent and records it without a new link.
    await eventually(async () => (await t.stage(hireId)) === 'INVITED', {
      timeoutMs: 45_000,
      what: 'INVITED by the retry while the first answer is still held',
    });
    expect(sendInvitationErrors()).toBeGreaterThan(errorsBefore);
    slow.release();
    await theOneLinkWorks('rt.ses@example.co.jp', hireId, 'rtses');
  }, 120_000);
});

function dayAfter(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
