import type { BulkResult } from '../bulk';
import type { runBundles } from '../bundles';
import type { BurstResult } from '../burst';
import type { CostResult } from '../cost';
import type { CrashResult } from '../crash';
import type { MachineInfo } from '../machine';
import type { MailResult } from '../mail';
import type { ReportBenchResult } from '../report';
import type { SweepResult } from '../sweep';
import type { WaveResult } from '../wave';
import type { WebhookResult } from '../webhook';

/** bench/results.json: what every scenario measured, from which RESULTS.md is written. */

// The slow scenario: one run at the full 1,000, two smaller runs for the spread of the per-hire figures.
export const BULK_RUNS = [1000, 300, 300];
/** The mail scenario's wave. */
export const MAIL_HIRES = 2000;

/**
 * The fewest WorkSpaces calls N hires can take, per operation: 25 per CreateWorkspaces and per poll, one
 * registration code (the bulk and wave scenarios' lower bound).
 */
export function lowerBound(n: number) {
  return {
    CreateWorkspaces: Math.ceil(n / 25),
    DescribeWorkspaces: Math.ceil(n / 25),
    DescribeWorkspaceDirectories: 1,
  };
}

/** The sum of lowerBound(n). */
export const lowerBoundCalls = (n: number) => Object.values(lowerBound(n)).reduce((x, y) => x + y, 0);

/** The targets of docs/decisions.md ("Performance targets"). */
export const TARGETS = {
  crashZero: 0,
  bulkCallsRatio: 1.2,
  sweepItemsPerDue: 1.05,
  bundleRatio: 1.15,
  webhookThroughputRatio: 0.3,
  webhookDynamoRoundTrips: 2,
  costPerHireUsd: 0.001,
  reportItemsPerHire: 1.05,
  burstLost: 0,
  waveCallsRatio: 1.02,
  waveTimeRatio: 1.2,
  mailFailed: 0,
  /** SES at 5 a second: the send time within this of recipients ÷ rate. */
  mailTimeRatio: 1.2,
};

export type BundlesResult = Awaited<ReturnType<typeof runBundles>>;

export interface Results {
  machine: MachineInfo;
  totalSeconds: number;
  /** The scenarios the last run measured (`--only`); absent when it measured every one. */
  only?: string[];
  targets: typeof TARGETS;
  /** When and at which commit each scenario's figures were measured. */
  measured: Record<string, { date: string; commit: string }>;
  bulk: BulkResult[];
  webhook: WebhookResult | undefined;
  webhookData: WebhookResult | undefined;
  sweep: SweepResult | undefined;
  /** The sweep among 1,000,000 hires (`--large`), when it was run. */
  sweepLarge?: SweepResult | undefined;
  bundles: BundlesResult | undefined;
  cost: { full: CostResult; perRun: number[] } | undefined;
  crash: CrashResult | undefined;
  report: ReportBenchResult | undefined;
  /** Start bursts: Tokyo's bucket, then a divided one. */
  burst?: BurstResult[];
  wave?: WaveResult;
  mail?: MailResult | undefined;
}

/** A row of the summary table: scenario, figure, target, result. */
export type SummaryRow = (string | number)[];

export const usd = (v: number) => `$${v < 0.01 ? v.toFixed(7) : v.toFixed(2)}`;
export const ms = (v: number) => `${v.toFixed(1)} ms`;
