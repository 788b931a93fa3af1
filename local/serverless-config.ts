import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type Tags } from 'yaml';

/**
 * Reads serverless.yml the way the local cloud needs it: functions, their events and the provider
 * environment, with the few `${...}` variables we use resolved to local values. CloudFormation tags
 * (!GetAtt, !Sub, !Ref) stay opaque: only AWS resolves them.
 */
export interface HttpApiRoute {
  method: string;
  path: string;
}

export interface FunctionSpec {
  key: string;
  name: string;
  arn: string;
  handler: string;
  timeoutSeconds: number;
  memoryMb: number;
  reservedConcurrency?: number;
  httpApi: HttpApiRoute[];
  schedules: string[];
  eventPatterns: Record<string, unknown>[];
}

export interface ServiceSpec {
  service: string;
  stage: string;
  region: string;
  accountId: string;
  environment: Record<string, string>;
  functions: FunctionSpec[];
  resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  stateMachines: { key: string; name: string; definitionFile: string }[];
}

const cfnTags: Tags = ['!GetAtt', '!Sub', '!Ref', '!Join', '!If', '!Select'].flatMap((tag) => [
  { tag, resolve: (value: unknown) => ({ [`Fn::${tag.slice(1)}`]: value }) },
  { tag, collection: 'seq' as const, resolve: (value: unknown) => ({ [`Fn::${tag.slice(1)}`]: value }) },
]);

export function readServiceSpec(
  root: string,
  opts: { stage: string; region: string; accountId: string },
): ServiceSpec {
  const raw = parse(readFileSync(join(root, 'serverless.yml'), 'utf8'), { customTags: cfnTags }) as Record<
    string,
    any
  >;
  const resolve = (value: unknown): unknown => resolveVariables(value, raw, opts);
  const service = String(raw.service);
  const provider = raw.provider ?? {};
  // Locally every function shares one process, so provider and function variables are merged.
  const allEnvironment = Object.assign(
    {},
    provider.environment,
    ...Object.values<any>(raw.functions ?? {}).map((fn) => fn.environment ?? {}),
  );
  const environment = Object.fromEntries(
    Object.entries(allEnvironment).map(([k, v]) => [k, localValue(resolve(v), opts)]),
  );
  const functions = Object.entries<any>(raw.functions ?? {}).map(([key, fn]): FunctionSpec => {
    const name = `${service}-${opts.stage}-${key}`;
    const events: any[] = fn.events ?? [];
    return {
      key,
      name,
      arn: `arn:aws:lambda:${opts.region}:${opts.accountId}:function:${name}`,
      handler: fn.handler,
      timeoutSeconds: fn.timeout ?? provider.timeout ?? 6,
      memoryMb: fn.memorySize ?? provider.memorySize ?? 1024,
      reservedConcurrency: fn.reservedConcurrency,
      httpApi: events
        .filter((e) => e.httpApi)
        .map((e) => ({ method: String(e.httpApi.method).toUpperCase(), path: String(e.httpApi.path) })),
      schedules: events
        .filter((e) => e.schedule)
        .map((e) => String(typeof e.schedule === 'string' ? e.schedule : e.schedule.rate)),
      eventPatterns: events
        .filter((e) => e.eventBridge)
        .map((e) => localPattern(resolve(e.eventBridge.pattern), opts) as Record<string, unknown>),
    };
  });
  const stateMachines = Object.entries<any>(raw.stepFunctions?.stateMachines ?? {}).map(([key, sm]) => ({
    key,
    name: String(resolve(sm.name ?? key)),
    definitionFile: fileReference(String(sm.definition)),
  }));
  return {
    service,
    stage: opts.stage,
    region: opts.region,
    accountId: opts.accountId,
    environment,
    functions,
    resources: resolve(localResources(raw.resources)) as ServiceSpec['resources'],
    stateMachines,
  };
}

/**
 * `resources` as one object or, as osls also takes it, a list merged in order; an entry only osls can
 * resolve (a `${file(...)}` of deploy-time values) is left out.
 */
function localResources(resources: unknown): Record<string, unknown> {
  const parts = Array.isArray(resources) ? resources : [resources];
  const merged: Record<string, unknown> = {};
  for (const part of parts) {
    const found = (part as { Resources?: unknown } | null)?.Resources;
    if (found && typeof found === 'object') Object.assign(merged, found);
  }
  return merged;
}

/** A string, or a `Fn::Sub` of pseudo parameters; other intrinsics (e.g. GetAtt of an API) stay unset. */
function localValue(value: unknown, opts: { region: string; accountId: string }): string {
  if (typeof value === 'string') return value;
  const sub = (value as Record<string, unknown> | null)?.['Fn::Sub'];
  if (typeof sub === 'string') {
    const pseudo: Record<string, string> = {
      Region: opts.region,
      AccountId: opts.accountId,
      Partition: 'aws',
    };
    return sub.replace(/\$\{AWS::(\w+)\}/g, (whole, name: string) => pseudo[name] ?? whole);
  }
  return '';
}

/** An eventBridge pattern with its `!Sub` values (e.g. the state machine's ARN) made local strings. */
function localPattern(value: unknown, opts: { region: string; accountId: string }): unknown {
  if (Array.isArray(value)) return value.map((v) => localPattern(v, opts));
  if (!value || typeof value !== 'object') return value;
  if ('Fn::Sub' in value) return localValue(value, opts);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, localPattern(v, opts)]));
}

function fileReference(value: string): string {
  const match = /^\$\{file\(([^)]+)\)\}$/.exec(value);
  if (!match?.[1]) throw new Error(`state machine definition must be \${file(...)}, got ${value}`);
  return match[1];
}

const VARIABLE = /\$\{([^{}]+)\}/g;

function resolveVariables(
  value: unknown,
  root: Record<string, any>,
  opts: { stage: string; region: string; accountId: string },
): unknown {
  if (typeof value === 'string') {
    let current = value;
    // Variables may nest (a custom value refers to another); resolve until nothing changes.
    for (let i = 0; i < 10; i++) {
      const next = current.replace(VARIABLE, (whole, expr: string) => {
        const resolved = resolveOne(expr.trim(), root, opts);
        return resolved === undefined ? whole : String(resolved);
      });
      if (next === current) break;
      current = next;
    }
    return current;
  }
  if (Array.isArray(value)) return value.map((v) => resolveVariables(v, root, opts));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveVariables(v, root, opts)]));
  }
  return value;
}

function resolveOne(
  expr: string,
  root: Record<string, any>,
  opts: { stage: string; region: string; accountId: string },
): unknown {
  const [source = '', fallback] = expr.split(/,\s*/);
  if (source === 'sls:stage' || source.startsWith('opt:stage')) return opts.stage;
  if (source.startsWith('opt:region') || source === 'aws:region') return opts.region;
  if (source === 'aws:accountId') return opts.accountId;
  if (source.startsWith('self:')) {
    let node: any = root;
    for (const part of source.slice(5).split('.')) node = node?.[part];
    if (node !== undefined) return node;
  }
  if (source.startsWith('file(')) return undefined;
  if (fallback !== undefined) return fallback.replace(/^['"]|['"]$/g, '');
  return undefined;
}
