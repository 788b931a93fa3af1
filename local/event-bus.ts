import { randomUUID } from 'node:crypto';
import type { LocalLambdas } from './lambdas';

/**
 * The default event bus: delivers an event to every function whose `eventBridge` pattern in serverless.yml
 * matches, asynchronously and at least once, as EventBridge does.
 */
export interface BusEvent {
  version?: string;
  id?: string;
  'detail-type': string;
  source: string;
  account?: string;
  time?: string;
  region?: string;
  resources?: string[];
  detail: Record<string, unknown>;
}

export interface LocalEventBus {
  put(event: BusEvent): { id: string; targets: string[]; delivered: Promise<void> };
  delivered(): number;
  idle(): Promise<void>;
}

export function createEventBus(opts: {
  lambdas: LocalLambdas;
  region: string;
  accountId: string;
  now: () => Date;
  onError?: (fn: string, err: unknown) => void;
}): LocalEventBus {
  let count = 0;
  const inFlight = new Set<Promise<void>>();
  return {
    put(input) {
      const event = {
        version: '0',
        id: randomUUID(),
        account: opts.accountId,
        time: opts
          .now()
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z'),
        region: opts.region,
        resources: [],
        ...input,
      };
      const targets = opts.lambdas.specs
        .filter((spec) => spec.eventPatterns.some((pattern) => matchesPattern(pattern, event)))
        .map((spec) => spec.key);
      const delivered = Promise.all(
        targets.map((key) =>
          opts.lambdas.invoke(key, event).then(
            () => {
              count++;
            },
            (err) => opts.onError?.(key, err),
          ),
        ),
      ).then(() => undefined);
      inFlight.add(delivered);
      void delivered.finally(() => inFlight.delete(delivered));
      return { id: event.id, targets, delivered };
    },
    delivered: () => count,
    async idle() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}

/** EventBridge content filtering: exact values, prefix, anything-but, exists, and nested objects. */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  if (!pattern || typeof pattern !== 'object') return false;
  for (const [key, rule] of Object.entries(pattern)) {
    const value = (event as Record<string, unknown> | undefined)?.[key];
    if (Array.isArray(rule)) {
      if (!rule.some((r) => matchesValue(r, value))) return false;
    } else if (rule && typeof rule === 'object') {
      if (!matchesPattern(rule, value)) return false;
    } else {
      return false;
    }
  }
  return true;
}

function matchesValue(rule: unknown, value: unknown): boolean {
  const values = Array.isArray(value) ? value : [value];
  if (rule === null || typeof rule !== 'object') return values.some((v) => v === rule);
  const r = rule as Record<string, unknown>;
  if ('exists' in r) return r.exists ? value !== undefined : value === undefined;
  if ('prefix' in r) return values.some((v) => typeof v === 'string' && v.startsWith(String(r.prefix)));
  if ('anything-but' in r) {
    const banned = Array.isArray(r['anything-but']) ? r['anything-but'] : [r['anything-but']];
    return value !== undefined && values.every((v) => !banned.includes(v));
  }
  return false;
}
