import { describe, expect, it } from 'vitest';
import { eventFunction } from '../../src/kernel/http/chains';
import { FUNNEL_METRICS, funnel } from '../../src/kernel/metrics';
import { captureLines, lambdaContext } from '../support/lambda';

/**
 * The funnel metrics as CloudWatch embedded metric format: what the functions add during an invocation goes
 * out as one EMF line when it ends, in the namespace and with the dimensions the alarms name.
 */
const emf = (lines: Record<string, any>[]) => lines.filter((l) => l._aws);

describe('funnel metrics', () => {
  it('go out as one EMF line at the end of the invocation, with the namespace and the service and stage dimensions', async () => {
    const handler = eventFunction(
      async () => {
        funnel.hireAccepted();
        funnel.hireAccepted();
        funnel.hireInvited({ createdAt: '2027-03-25T00:00:00Z', invitedAt: '2027-03-25T00:30:00Z' });
        return 'done';
      },
      { deps: () => ({}) },
    );
    const { lines } = await captureLines(() => handler({}, lambdaContext('hrWebhook')));
    const [line, ...more] = emf(lines);
    expect(more).toEqual([]);
    expect(line!._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'WorkSpacesOnboarding',
        Dimensions: [['service', 'stage']],
        Metrics: [
          { Name: FUNNEL_METRICS.accepted, Unit: 'Count' },
          { Name: FUNNEL_METRICS.invited, Unit: 'Count' },
          { Name: FUNNEL_METRICS.timeToInvite, Unit: 'Seconds' },
        ],
      },
    ]);
    expect(line).toMatchObject({
      service: 'onboarding',
      stage: 'local',
      HiresAccepted: [1, 1],
      HiresInvited: 1,
      TimeToInvite: 1800,
    });
  });

  it('write nothing for an invocation that added none (no empty EMF line, no warning)', async () => {
    const handler = eventFunction(async () => 'quiet', { deps: () => ({}) });
    const { lines, stderr } = await captureLines(() => handler({}, lambdaContext('loginEvents')));
    expect(emf(lines)).toEqual([]);
    expect(stderr).toEqual([]);
  });

  it('go out also when the invocation fails after the event happened', async () => {
    const handler = eventFunction(
      async () => {
        funnel.hireFailed();
        throw new Error('the alert could not be sent');
      },
      { deps: () => ({}) },
    );
    const { lines } = await captureLines(() =>
      handler({}, lambdaContext('recordFailure')).catch(() => 'thrown'),
    );
    expect(emf(lines).map((l) => l.HiresFailed)).toEqual([1]);
  });

  it('measure the times between the funnel’s own timestamps, and leave out a time that cannot be told', async () => {
    const handler = eventFunction(
      async () => {
        funnel.firstLogin({ invitedAt: '2027-03-25T00:00:00Z', activeAt: '2027-03-26T00:00:00Z' });
        funnel.firstLogin({ activeAt: '2027-03-26T00:00:00Z' });
        funnel.firstLogin({ invitedAt: '2027-03-27T00:00:00Z', activeAt: '2027-03-26T00:00:00Z' });
      },
      { deps: () => ({}) },
    );
    const { lines } = await captureLines(() => handler({}, lambdaContext('loginEvents')));
    expect(emf(lines).map((l) => l.TimeToFirstLogin)).toEqual([86_400]);
  });
});
