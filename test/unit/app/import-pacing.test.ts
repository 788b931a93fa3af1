import { describe, expect, it } from 'vitest';
import { importWave } from '../../../src/intake/wave/import-wave';
import { IMPORT_START_BUDGET, START_BACKOFFS, type StartPacing } from '../../../src/intake/wave/paced-starts';
import { WorkflowThrottledError } from '../../../src/kernel/errors';
import { createTokenBucket } from '../../../src/kernel/token-bucket';
import type { Workflows } from '../../../src/kernel/workflows';
import { appWorld } from '../../support/fakes';
import { captureLines } from '../../support/lambda';

/**
 * A wave import starts one execution per new row under Step Functions' StartExecution bucket, which the
 * webhook spends too: its starts are paced at a share of the refill and tried again later when throttled,
 * so no start is refused for good and no row is lost. Time is simulated: the import's bucket, its waits
 * and Step Functions' bucket share one fake clock.
 */
function world(opts: { stepFunctions: { ratePerSecond: number; burst: number } }) {
  const w = appWorld({ start: '2027-03-01T00:00:00Z' });
  let nowMs = 0;
  const sleep = async (ms: number) => {
    nowMs += ms;
  };
  // Step Functions' own bucket: a start past it is refused as the adapter reports it after the SDK's retries.
  const account = createTokenBucket({ ...opts.stepFunctions, nowMs: () => nowMs, sleep });
  let throttled = 0;
  const workflows: Workflows = {
    ...w.sfn.workflows,
    async start(name, input) {
      if (!account.tryTake()) {
        throttled++;
        throw new WorkflowThrottledError(name);
      }
      return w.sfn.workflows.start(name, input);
    },
  };
  const startPacing: StartPacing = {
    bucket: createTokenBucket({ ...IMPORT_START_BUDGET, nowMs: () => nowMs, sleep }),
    sleep,
    random: () => 0.5,
  };
  const csv = (from: number, count: number) =>
    [
      'employeeId,givenName,familyName,email,userName,startDate',
      ...Array.from({ length: count }, (_, i) => {
        const n = from + i;
        return `W-${n},Hanako,Yamada,w${n}@example.co.jp,wuser${n},2027-04-01`;
      }),
    ].join('\n');
  const importRows = async (from: number, count: number) =>
    (
      await captureLines(() =>
        importWave(
          { ...w.deps, workflows, startPacing },
          { csv: csv(from, count), dryRun: false, skipInvalid: false, by: 'token:ops' },
        ),
      )
    ).result;
  return {
    ...w,
    importRows,
    /** Spends the account's bucket as a burst of webhooks would. */
    drain: () => {
      while (account.tryTake());
    },
    throttled: () => throttled,
    seconds: () => nowMs / 1000,
  };
}

describe('a wave import under the StartExecution bucket', () => {
  it("600 rows (two requests of 300) right after a burst emptied Tokyo's bucket: every row accepted and started once", async () => {
    const w = world({ stepFunctions: { ratePerSecond: 150, burst: 800 } });
    w.drain();
    for (let from = 0; from < 600; from += 300) {
      expect(await w.importRows(from, 300)).toMatchObject({ accepted: 300, failed: 0 });
    }
    expect(w.sfn.executions.size).toBe(600);
    expect(new Set(w.sfn.started.map((s) => s.name)).size).toBe(600);
    // Paced at 75 a second after its first burst, half of what the account refills.
    expect(w.seconds()).toBeGreaterThanOrEqual((600 - IMPORT_START_BUDGET.burst) / 75);
  });

  it('backs off while others spend the bucket, and starts every row in the end', async () => {
    // Step Functions refills slower than the import's pace (someone else spends the rest).
    const w = world({ stepFunctions: { ratePerSecond: 20, burst: 20 } });
    w.drain();
    expect(await w.importRows(0, 200)).toMatchObject({ accepted: 200, failed: 0 });
    expect(w.throttled()).toBeGreaterThan(0);
    expect(w.sfn.executions.size).toBe(200);
  });

  it('a start refused past the last wait fails its row, but the hire is stored for the reconciler to start', async () => {
    const w = world({ stepFunctions: { ratePerSecond: 0.0001, burst: 1 } });
    w.drain();
    const report = await w.importRows(0, 1);
    expect(report).toMatchObject({ accepted: 0, failed: 1 });
    expect(report.rows[0]!.error).toContain('throttled');
    expect(w.throttled()).toBe(START_BACKOFFS + 1);
    expect(w.table.hires.get('hr-W-0')).toMatchObject({ stage: 'RECEIVED' });
  });
});
