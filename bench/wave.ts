import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../src/kernel/config/schema';
import { type BulkResult, PROVISIONING_DELAY_MS, runBulk } from './bulk';
import { lowerBoundCalls } from './results/results';
import { emitResult } from './stats';

/**
 * A migration wave through the webhook: N hires posted to `POST /webhooks/hr` as the bulk scenario posts
 * them (WorkSpaces simulator at 2 req/s bursts of 5, the clock moved a minute at a time with provisioner
 * runs), under Step Functions' StartExecution bucket (Tokyo's), the HR system sending a 5xx answer again.
 * Against the ideal: WorkSpaces calls ÷ their lower bound, and the time from the last 202 to the last
 * invitation ÷ (the calls at the provisioner's budget + the provisioning time). Run alone:
 * `tsx bench/wave.ts 10000`.
 */
export interface WaveResult {
  hires: number;
  bulk: BulkResult;
  workspacesCalls: number;
  lowerBound: number;
  /** The provisioner's pace (`provisioning.apiBudget` of config/onboarding.json), requests a second. */
  budgetPerSecond: number;
  /** From the last 202 to every hire INVITED or FAILED, real seconds. */
  secondsAfterLastAccepted: number;
  idealSeconds: number;
  failed: number;
  duplicates: number;
}

export async function runWave(n: number): Promise<WaveResult> {
  const config = parseConfig(
    JSON.parse(readFileSync(join(import.meta.dirname, '..', 'config', 'onboarding.json'), 'utf8')),
  );
  const budgetPerSecond = config.provisioning.apiBudget.ratePerSecond;
  const bulk = await runBulk(n, { hrRetries: true });
  const workspacesCalls = Object.values(bulk.workspacesCalls).reduce((sum, c) => sum + c.requests, 0);
  return {
    hires: n,
    bulk,
    workspacesCalls,
    lowerBound: lowerBoundCalls(n),
    budgetPerSecond,
    secondsAfterLastAccepted: bulk.seconds.allInvited - bulk.seconds.post,
    idealSeconds: workspacesCalls / budgetPerSecond + PROVISIONING_DELAY_MS / 1000,
    failed: bulk.stages.FAILED ?? 0,
    duplicates: bulk.duplicates.usersWithSeveralWorkspaces + bulk.duplicates.addressesWithSeveralInvitations,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  emitResult(await runWave(Number(process.argv[2] ?? 10_000)));
  process.exit(0);
}
