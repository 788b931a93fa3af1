import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { BulkResult } from './bulk';

/**
 * Scenario 5: cost per onboarded hire on AWS list prices (us-east-1, on-demand, no free tier), priced from
 * what a bulk run counted. Not a run of its own: it reads the bulk result.
 *
 * - Step Functions Standard: one transition per state entered, plus one per task retry.
 * - Lambda arm64: every invocation, and GB-s = billed ms × the function's memorySize from serverless.yml.
 *   Local billed ms are wall time in one shared Node process under load: an upper bound of AWS's.
 * - DynamoDB on-demand: the capacity units dynalite reported per request; each write that names a GSI key
 *   attribute is charged 2 more write units (a GSI key change is a delete + a put there): an upper bound.
 * - SES: every email in the local inbox. API Gateway HTTP API: one request per hire (the webhook).
 */
export const PRICES = {
  region: 'us-east-1',
  stepFunctionsPerTransition: 0.025 / 1_000,
  lambdaPerRequest: 0.2 / 1_000_000,
  lambdaPerGbSecondArm: 0.0000133334,
  dynamoPerWriteUnit: 0.625 / 1_000_000,
  dynamoPerReadUnit: 0.125 / 1_000_000,
  sesPerEmail: 0.1 / 1_000,
  httpApiPerRequest: 1.0 / 1_000_000,
} as const;

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

export interface CostLine {
  item: string;
  quantity: number;
  unit: string;
  usd: number;
  perHireUsd: number;
}

export interface CostResult {
  prices: typeof PRICES;
  hires: number;
  lines: CostLine[];
  perHireUsd: number;
}

export function costPerHire(bulk: BulkResult): CostResult {
  const memoryMb = functionMemory();
  const events = bulk.stepFunctions.events;
  const entered = Object.entries(events)
    .filter(([type]) => type.endsWith('StateEntered'))
    .reduce((n, [, c]) => n + c, 0);
  const attempts = (events.TaskScheduled ?? 0) + (events.LambdaFunctionScheduled ?? 0);
  const retries = Math.max(0, attempts - (events.TaskStateEntered ?? 0));
  const transitions = entered + retries;

  const invocations = Object.values(bulk.lambdas.invocations).reduce((a, b) => a + b, 0);
  const gbSeconds = Object.entries(bulk.lambdas.billedMs).reduce(
    (sum, [fn, ms]) => sum + (ms / 1000) * ((memoryMb[fn] ?? 1024) / 1024),
    0,
  );
  let writeUnits = 2 * bulk.dynamodb.indexWrites;
  let readUnits = 0;
  for (const [op, c] of Object.entries(bulk.dynamodb.byOperation)) {
    if (WRITES.has(op)) writeUnits += c.capacityUnits;
    else readUnits += c.capacityUnits;
  }
  const line = (item: string, quantity: number, unit: string, price: number): CostLine => ({
    item,
    quantity,
    unit,
    usd: quantity * price,
    perHireUsd: (quantity * price) / bulk.hires,
  });
  const lines = [
    line('Step Functions Standard', transitions, 'state transitions', PRICES.stepFunctionsPerTransition),
    line('Lambda requests', invocations, 'invocations', PRICES.lambdaPerRequest),
    line('Lambda duration (arm64)', gbSeconds, 'GB-s', PRICES.lambdaPerGbSecondArm),
    line('DynamoDB writes', writeUnits, 'write units (GSI included)', PRICES.dynamoPerWriteUnit),
    line('DynamoDB reads', readUnits, 'read units', PRICES.dynamoPerReadUnit),
    line('SES', bulk.emails.total, 'emails', PRICES.sesPerEmail),
    line(
      'API Gateway HTTP API',
      bulk.lambdas.invocations.hrWebhook ?? 0,
      'requests',
      PRICES.httpApiPerRequest,
    ),
  ];
  return {
    prices: PRICES,
    hires: bulk.hires,
    lines,
    perHireUsd: lines.reduce((sum, l) => sum + l.perHireUsd, 0),
  };
}

/** memorySize per function key (the provider's default unless the function sets its own). */
function functionMemory(): Record<string, number> {
  const root = resolve(import.meta.dirname, '..');
  const yml = parse(readFileSync(join(root, 'serverless.yml'), 'utf8'), { logLevel: 'error' });
  const fallback = Number(yml.provider?.memorySize ?? 1024);
  return Object.fromEntries(
    Object.entries<any>(yml.functions ?? {}).map(([key, fn]) => [key, Number(fn.memorySize ?? fallback)]),
  );
}
