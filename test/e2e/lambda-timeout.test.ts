import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../support/local-cloud';
import { type StallingProxy, startStallingProxy } from '../support/stalling-proxy';
import { postForm, trackingHelpers } from '../support/tracking';

/**
 * A function past its timeout is stopped, as Lambda stops it: the person on the setup page is told the
 * request failed, and nothing the function would have done afterwards happens. The functions reach
 * DynamoDB through a proxy that holds the answer of one write past the password-setup function's
 * 10-second timeout (a slow network, no hook in the product); when the answer finally comes, the stopped
 * function must not go on to reset the password in the directory.
 */
let cloud: TestCloud;
let t: ReturnType<typeof trackingHelpers>;
let dynamo: StallingProxy;
const GOOD = 'Welcome#2026';

beforeAll(async () => {
  cloud = await startTestCloud({ provisioningDelayMs: 30_000 });
  t = trackingHelpers(cloud);
  dynamo = await startStallingProxy(cloud.urls.dynamodb);
  // Before the first function runs: every client of the functions is built on its first call.
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.url;
});
afterAll(async () => {
  t?.destroy();
  await cloud?.stop();
  await dynamo?.close();
});

/** Every Directory Service request the simulator received (ResetUserPassword is the only one used). */
const directoryServiceCalls = async () => (await cloud.sim('/_sim/calls')).directoryService;

describe('a function stopped at its timeout', () => {
  it('answers the setup page with an error and never resets the password afterwards', async () => {
    const [hireId] = await t.inviteHires([
      { employeeId: 'E-TO-1', userName: 'tolate', email: 'to.late@example.co.jp' },
    ]);
    const [link] = await t.setupLinks('to.late@example.co.jp');
    expect(link).toBeDefined();
    const callsBefore = await directoryServiceCalls();
    // The claim on the link reaches DynamoDB; its answer is held until after the function's timeout.
    const held = dynamo.stall(
      'answerLate',
      (r) =>
        r.headers['x-amz-target'] === 'DynamoDB_20120810.UpdateItem' &&
        r.body.includes('SET claimedAt = :now'),
    );
    const started = Date.now();
    const answer = await postForm(link!, { password: GOOD, confirm: GOOD });
    const waited = Date.now() - started;
    await held.arrived;
    // HTTP APIs answer a failed function, a timed-out one included, with 500 and no detail.
    expect(answer.status).toBe(500);
    expect(await answer.json()).toEqual({ message: 'Internal Server Error' });
    expect(waited).toBeGreaterThanOrEqual(10_000);
    expect(waited).toBeLessThan(15_000);
    expect(cloud.lambdas.stats().errors.passwordSetup).toBe(1);

    // The answer arrives late; a function still running would now reset the password and record it.
    held.release();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await t.passwordResets('tolate')).toBe(0);
    expect(await t.stage(hireId!)).toBe('INVITED');
    // Not refused by the directory: the request never left the stopped function.
    expect(await directoryServiceCalls()).toEqual(callsBefore);
  }, 60_000);
});
