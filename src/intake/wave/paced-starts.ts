import { WorkflowThrottledError } from '../../kernel/errors';
import { log } from '../../kernel/log';
import { type Budget, createTokenBucket, type TokenBucket } from '../../kernel/token-bucket';
import type { Workflows } from '../../kernel/workflows';

/**
 * A wave import starts one execution per new row, and StartExecution is throttled per account and Region
 * (bucket 800, refilling 150 a second outside us-east-1, us-west-2 and eu-west-1: docs/aws-facts.md). The
 * import takes half the refill, so the webhook keeps the other half during an import, and a thousand rows
 * (one request) start in about 13 s, inside the HTTP API's 30 s.
 */
export const IMPORT_START_BUDGET: Budget = { ratePerSecond: 75, burst: 75 };
/** Waits after a start still throttled (the SDK has retried it already): 1, 2, 4, 8 s, each with jitter. */
export const START_BACKOFFS = 4;

export interface StartPacing {
  bucket: TokenBucket;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

// One bucket per container: the import requests one container serves share it.
let shared: TokenBucket | undefined;

export function importPacing(): StartPacing {
  shared ??= createTokenBucket(IMPORT_START_BUDGET);
  return {
    bucket: shared,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
  };
}

/**
 * The workflows port with the import's starts paced under the bucket and tried again, later, while Step
 * Functions throttles (the webhook and others may spend the account's bucket too). A start still refused
 * after the last wait is thrown: its hire is stored, and the reconciler starts it.
 */
export function pacedStarts(workflows: Workflows, pacing: StartPacing): Workflows {
  return {
    ...workflows,
    async start(name, input) {
      for (let backoff = 0; ; backoff++) {
        await pacing.bucket.take();
        try {
          return await workflows.start(name, input);
        } catch (err) {
          if (!(err instanceof WorkflowThrottledError) || backoff >= START_BACKOFFS) throw err;
          const waitMs = Math.round(1000 * 2 ** backoff * (0.5 + pacing.random() / 2));
          log.warn('import: start throttled, trying again', { execution: name, waitMs });
          await pacing.sleep(waitMs);
        }
      }
    },
  };
}
