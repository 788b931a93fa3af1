import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hrSourceEnvName } from '../src/intake/adapters/hr-sources';
import { checkedWebhookSecrets } from '../src/intake/adapters/webhook-secrets';
import { generateWebhookSecret } from '../src/intake/webhooks/standard-webhooks';
import type { HrSourceConfig } from '../src/kernel/config/config';
import { loadConfig, pcoipWarnings } from '../src/kernel/config/load';
import { parseConfig } from '../src/kernel/config/schema';
import { parseDuration } from '../src/kernel/duration';
import { buildLocalBundles } from './bundles';
import { createLocalClock, type LocalClock, persistClock } from './clock';
import { localCredentials, startDynamo } from './dynamodb';
import { createEventBus, type LocalEventBus } from './event-bus';
import { startHrFakes } from './hr-fakes/server';
import type { LocalHrSource } from './hr-sender';
import { sendJson, sendProblem } from './http';
import { startHttpApi } from './http-api';
import { createLocalLambdas, type LocalLambdas } from './lambdas';
import { type LocalScheduler, startScheduler } from './scheduler';
import { readServiceSpec } from './serverless-config';
import { createServiceQuotas } from './service-quotas';
import { startSes } from './ses';
import type { SesAccountSettings } from './ses-account';
import { type SentEmail, sesEventsFor } from './ses-events';
import { chatView, type LocalSns, startSns } from './sns';
import { startStepFunctions } from './stepfunctions';
import { loadWorkflowFile } from './stepfunctions/load-workflow';
import { startWorkspacesSimulator } from './workspaces-sim';

/**
 * The whole product on 127.0.0.1: the HTTP API of serverless.yml, dynalite, aws-ses-v2-local, the
 * WorkSpaces + Directory Service simulator and the Step Functions endpoint, with one movable clock.
 * The handlers run in this process, in the functions' thread (local/function-thread.ts), and reach every
 * service only through the AWS_ENDPOINT_URL_* variables.
 */
export interface LocalCloudOptions {
  host?: string;
  /**
   * Ports; 0 picks a free one (tests), as does a service left out when ports are given. Defaults from the
   * environment, then 3000/8000/8005/8010/8083/8020/8025.
   */
  ports?: Partial<
    Record<'http' | 'dynamodb' | 'ses' | 'workspaces' | 'stepfunctions' | 'hrapis' | 'sns', number>
  >;
  /**
   * Keep DynamoDB, the simulator, the executions, the sent emails and the clock in this folder between
   * runs; what a client was told is done survives a SIGKILL.
   */
  dataDir?: string;
  webhookSecret?: string;
  /** Bearer token of the admin API (there is no IAM locally); generated when not given. */
  adminToken?: string;
  /** Simulated provisioning time of a WorkSpace, on the local clock. */
  provisioningDelayMs?: number;
  /** WorkSpaces API budget enforced by the simulator; null for unlimited. */
  workspacesBudget?: { ratePerSecond: number; burst: number } | null;
  /**
   * The applied Amazon WorkSpaces "WorkSpaces" quota the local Service Quotas answers in every Region; AWS's
   * default for a new account (1) without. `POST <workspaces url>/_sim/quotas` changes it at run time.
   */
  workspacesQuota?: number;
  /** The local SES account's limits and verified identities; the local defaults (out of the sandbox) without. */
  sesAccount?: Partial<SesAccountSettings>;
  /**
   * The StartExecution bucket the Step Functions endpoint enforces (default Tokyo's: 800, refilling 150 a
   * second); null for none. `POST <stepfunctions>/_local/start-bucket` changes it while running.
   */
  startBudget?: { ratePerSecond: number; burst: number } | null;
  configFile?: string;
  log?: (line: string) => void;
  /** LOG_LEVEL of the functions (serverless.yml says info); tests keep them quiet. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /**
   * Whether the functions write their funnel metrics (CloudWatch EMF lines) to the log; default true, as on
   * AWS. Tests turn them off with the rest of the logs (POWERTOOLS_METRICS_DISABLED).
   */
  metrics?: boolean;
  /** Run the handlers from the esbuild bundles serverless.yml ships (local/bundles.ts), not the TypeScript. */
  bundled?: boolean;
  /**
   * The ip-ranges.json the allowlist watch reads (IP_RANGES_FILE); swap the file to watch it work. Default:
   * `ip-ranges.json` in the data folder, else in a temporary folder; made from local/ip-ranges.json if absent.
   */
  ipRangesFile?: string;
}

export interface LocalCloud {
  /** The ip-ranges.json the allowlist watch reads here. */
  ipRangesFile: string;
  urls: {
    http: string;
    dynamodb: string;
    ses: string;
    workspaces: string;
    stepfunctions: string;
    /** The fakes of the HR vendors' APIs (local/hr-fakes). */
    hrapis: string;
    /** SNS: Publish to the stack's topics, kept and shown at GET /_local/chat. */
    sns: string;
  };
  region: string;
  webhookSecret: string;
  /** The configured HR sources: each one's webhook URL and secret (what a person pastes into the vendor). */
  hrSources: LocalHrSource[];
  /** `Authorization: Bearer <adminToken>` for /admin/*; the history records the actor as `token:local-admin`. */
  adminToken: string;
  stateMachineArn: string;
  clock: LocalClock;
  lambdas: LocalLambdas;
  bus: LocalEventBus;
  scheduler: LocalScheduler;
  /** Bundled mode: where this start's `.mjs` bundles are, and how long they took to build. */
  bundles?: { dir: string; buildMs: number };
  /** What the configuration's load warns about (PCoIP bundles before AWS's end of support). */
  configWarnings: string[];
  stop(): Promise<void>;
}

export const DEFAULT_PORTS = {
  http: 3000,
  dynamodb: 8000,
  ses: 8005,
  workspaces: 8010,
  stepfunctions: 8083,
  hrapis: 8020,
  sns: 8025,
};
const ENV_PORTS = {
  http: 'HTTP_PORT',
  dynamodb: 'DYNAMODB_PORT',
  ses: 'SES_PORT',
  workspaces: 'WORKSPACES_PORT',
  stepfunctions: 'STEPFUNCTIONS_PORT',
  hrapis: 'HR_APIS_PORT',
  sns: 'SNS_PORT',
} as const;

export const LOCAL_REGION = 'ap-northeast-1';
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_ADMIN_NAME = 'local-admin';
const ROOT = resolve(import.meta.dirname, '..');
const SES_EVENT_DELAY_MS = 200;

export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  // The SDK warns on every client about Node 20; the local cloud is not where that matters.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const host = options.host ?? '127.0.0.1';
  // A caller that places the services itself (tests, benches) gets a free port for any it does not name.
  const port = (name: keyof typeof DEFAULT_PORTS): number =>
    options.ports?.[name] ??
    (options.ports ? 0 : Number(process.env[ENV_PORTS[name]] ?? DEFAULT_PORTS[name]));
  const log = options.log ?? ((line: string) => console.error(line));
  const onError = (fn: string, err: unknown) =>
    log(JSON.stringify({ level: 'error', msg: 'local: function failed', fn, error: String(err) }));
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const ipRangesFile =
    options.ipRangesFile ??
    join(options.dataDir ?? mkdtempSync(join(tmpdir(), 'onboarding-')), 'ip-ranges.json');
  if (!existsSync(ipRangesFile)) copyFileSync(join(ROOT, 'local', 'ip-ranges.json'), ipRangesFile);

  const spec = readServiceSpec(ROOT, { stage: 'local', region: LOCAL_REGION, accountId: LOCAL_ACCOUNT });
  const clock = createLocalClock();
  if (options.dataDir) persistClock(clock, join(options.dataDir, 'clock.json'));
  const webhookSecret = options.webhookSecret ?? process.env.WEBHOOK_SECRET ?? generateWebhookSecret();
  // Refused at start as the functions would refuse it at their first delivery (too short, not whsec_).
  checkedWebhookSecrets([webhookSecret], options.webhookSecret ? 'webhookSecret' : 'WEBHOOK_SECRET');
  const adminToken =
    options.adminToken ?? process.env.ADMIN_TOKEN ?? `adm_${randomBytes(24).toString('base64url')}`;
  const closers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  };

  try {
    const bundles = options.bundled ? await buildLocalBundles(ROOT) : undefined;
    if (bundles) closers.push(bundles.remove);
    const lambdas = createLocalLambdas(ROOT, spec.functions, {
      region: LOCAL_REGION,
      clock,
      onError,
      ...(bundles ? { moduleFiles: bundles.files } : {}),
    });
    const bus = createEventBus({
      lambdas,
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT,
      now: clock.now,
      onError,
    });

    const tables = Object.values(spec.resources)
      .filter((r) => r.Type === 'AWS::DynamoDB::Table')
      .map((r) => r.Properties);
    const dynamo = await startDynamo({
      host,
      port: port('dynamodb'),
      region: LOCAL_REGION,
      tables,
      ...(options.dataDir ? { dataDir: join(options.dataDir, 'dynamodb') } : {}),
    });
    closers.push(dynamo.close);
    // SES publishes its events (sent, and bounce or complaint for the simulator addresses) a moment after
    // accepting the email, asynchronously. With --data an email's events are owed until delivered.
    const sesEventTimers = new Set<NodeJS.Timeout>();
    const publishSesEvents = (email: SentEmail) => {
      const events = sesEventsFor(email, {
        now: clock.now(),
        region: LOCAL_REGION,
        accountId: LOCAL_ACCOUNT,
      });
      const timer = setTimeout(() => {
        sesEventTimers.delete(timer);
        void Promise.all(events.map((event) => bus.put(event).delivered)).then(() =>
          ses.delivered(email.messageId),
        );
      }, SES_EVENT_DELAY_MS);
      sesEventTimers.add(timer);
    };
    const ses = await startSes({
      host,
      port: port('ses'),
      ...(options.dataDir ? { persistFile: join(options.dataDir, 'ses-emails.jsonl') } : {}),
      onSent: publishSesEvents,
      ...(options.sesAccount ? { account: options.sesAccount } : {}),
    });
    closers.push(ses.close);
    closers.push(async () => {
      for (const timer of sesEventTimers) clearTimeout(timer);
    });
    const sns = await startSns({
      host,
      port: port('sns'),
      region: LOCAL_REGION,
      topicArns: Object.values(spec.resources)
        .filter((r) => r.Type === 'AWS::SNS::Topic' && typeof r.Properties.TopicName === 'string')
        .map((r) => `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${r.Properties.TopicName}`),
      now: clock.now,
    });
    closers.push(sns.close);
    const configFile = options.configFile ?? join(ROOT, 'config', 'onboarding.json');
    const serviceQuotas = createServiceQuotas({
      accountId: LOCAL_ACCOUNT,
      ...(options.workspacesQuota !== undefined ? { workspaces: options.workspacesQuota } : {}),
    });
    const sim = await startWorkspacesSimulator({
      serviceQuotas,
      host,
      port: port('workspaces'),
      clock,
      region: LOCAL_REGION,
      directories: configuredDirectories(configFile),
      accountId: LOCAL_ACCOUNT,
      ...(options.provisioningDelayMs !== undefined
        ? { provisioningDelayMs: options.provisioningDelayMs }
        : {}),
      ...(options.workspacesBudget !== undefined ? { budget: options.workspacesBudget } : {}),
      onLogin: (event) => {
        // As on AWS, an event reaches the default bus of its own Region only: a WorkSpace in another Region
        // is seen signing in by the reminder run's connection check instead.
        if (event.region === LOCAL_REGION) bus.put(event as never);
      },
      ...(options.dataDir ? { stateFile: join(options.dataDir, 'workspaces.json') } : {}),
    });
    closers.push(sim.close);

    const stateMachines = await Promise.all(
      spec.stateMachines.map(async (sm) => ({
        name: sm.name,
        definition: await loadWorkflowFile(join(ROOT, sm.definitionFile), (key) => lambdas.byKey(key).arn),
      })),
    );
    const sfn = await startStepFunctions({
      host,
      port: port('stepfunctions'),
      clock,
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT,
      stateMachines,
      invokeLambda: (arn, event) => lambdas.invoke(arn, event),
      // Status changes go to the default bus, as on AWS; the eventBridge rules of serverless.yml route them.
      onStatusChange: (event) => bus.put(event),
      ...(options.dataDir ? { stateFile: join(options.dataDir, 'stepfunctions.json') } : {}),
      // Restored executions start once the functions' environment points at these services (below).
      resumeRunning: false,
      ...(options.startBudget !== undefined ? { startBudget: options.startBudget } : {}),
    });
    closers.push(sfn.close);

    // Each configured HR source gets a secret, and its vendor's API a local fake with its credentials.
    const sources: HrSourceConfig[] = parseConfig(JSON.parse(readFileSync(configFile, 'utf8'))).sources;
    const hrFakes = await startHrFakes({
      host,
      port: port('hrapis'),
      startDate: () => new Date(clock.nowMs() + 7 * 86_400_000).toISOString().slice(0, 10),
    });
    closers.push(hrFakes.close);
    const sourceSecrets = Object.fromEntries(
      sources.map((s) => [s.name, `hrs_${randomBytes(24).toString('base64url')}`]),
    );

    // Same variables as serverless.yml gives the functions on AWS; only the endpoints point here.
    Object.assign(process.env, {
      ...Object.fromEntries(Object.entries(spec.environment).filter(([k]) => k !== 'NODE_OPTIONS')),
      AWS_REGION: LOCAL_REGION,
      AWS_DEFAULT_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
      AWS_ENDPOINT_URL_SESV2: ses.url,
      AWS_ENDPOINT_URL_WORKSPACES: sim.url,
      AWS_ENDPOINT_URL_DIRECTORY_SERVICE: sim.url,
      AWS_ENDPOINT_URL_DIRECTORY_SERVICE_DATA: sim.url,
      AWS_ENDPOINT_URL_SERVICE_QUOTAS: sim.url,
      AWS_ENDPOINT_URL_SFN: sfn.url,
      AWS_ENDPOINT_URL_SNS: sns.url,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ONBOARDING_CONFIG_FILE: configFile,
      WEBHOOK_SECRETS: webhookSecret,
      HR_SOURCE_SECRETS: JSON.stringify(sourceSecrets),
      HR_SOURCE_CREDENTIALS: JSON.stringify(
        Object.fromEntries(sources.map((s) => [s.name, hrFakes.credentials[s.preset]])),
      ),
      ...Object.fromEntries(
        sources.map((s) => [`HR_API_URL_${hrSourceEnvName(s.name)}`, `${hrFakes.url}/${s.preset}`]),
      ),
      ADMIN_TOKENS: `${LOCAL_ADMIN_NAME}:${adminToken}`,
      IP_RANGES_FILE: ipRangesFile,
      ...(options.logLevel ? { LOG_LEVEL: options.logLevel } : {}),
      ...(options.metrics === false ? { POWERTOOLS_METRICS_DISABLED: 'true' } : {}),
    });
    delete process.env.AWS_PROFILE;

    const scheduler = startScheduler({
      clock,
      lambdas,
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT,
      onError,
    });
    closers.push(scheduler.stop);

    const services = { dynamodb: dynamo.url, ses: ses.url, workspaces: sim.url, stepfunctions: sfn.url };
    const http = await startHttpApi({
      lambdas,
      host,
      port: port('http'),
      accountId: LOCAL_ACCOUNT,
      fallback: (req, res, body) =>
        controlRoutes(req, res, body, { clock, scheduler, bus, lambdas, services, sns }),
    });
    closers.push(http.close);
    process.env.PUBLIC_BASE_URL = http.url;
    // Everything is reachable now: what a restart owes runs again.
    sfn.service.resumeRunning();
    for (const email of ses.undelivered()) publishSesEvents(email);

    const stateMachineArn = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${stateMachines[0]?.name}`;
    return {
      ipRangesFile,
      urls: { http: http.url, ...services, hrapis: hrFakes.url, sns: sns.url },
      region: LOCAL_REGION,
      webhookSecret,
      hrSources: sources.map((s) => ({
        name: s.name,
        preset: s.preset,
        secret: sourceSecrets[s.name]!,
        url: `${http.url}/webhooks/${s.name}`,
      })),
      adminToken,
      stateMachineArn,
      clock,
      lambdas,
      bus,
      scheduler,
      ...(bundles ? { bundles: { dir: bundles.dir, buildMs: bundles.buildMs } } : {}),
      // Loaded on the local clock, as a cold start would: from PCoIP's end of support this start fails.
      configWarnings: pcoipWarnings(loadConfig({ ONBOARDING_CONFIG_FILE: configFile })),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * `/_local/*`: health, the clock, schedules, the event bus and the chat messages published, for tests, the
 * demo and a curious person.
 */
async function controlRoutes(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  ctx: {
    clock: LocalClock;
    scheduler: LocalScheduler;
    bus: LocalEventBus;
    lambdas: LocalLambdas;
    services: Record<string, string>;
    sns: LocalSns;
  },
): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const route = `${req.method} ${url.pathname}`;
  const json = (): Record<string, unknown> => (body.length ? JSON.parse(body.toString('utf8')) : {});
  try {
    if (route === 'GET /_local/health') {
      const checks = await Promise.all(
        Object.entries(ctx.services).map(async ([name, base]) => {
          const path = name === 'ses' ? '/health-check' : name === 'workspaces' ? '/_sim/health' : '/health';
          const ok = await fetch(base + path, { method: name === 'dynamodb' ? 'POST' : 'GET' })
            .then((r) => (name === 'dynamodb' ? r.status < 500 : r.ok))
            .catch(() => false);
          return [name, ok] as const;
        }),
      );
      const all = checks.every(([, ok]) => ok);
      sendJson(res, all ? 200 : 503, { ok: all, services: Object.fromEntries(checks) });
      return true;
    }
    if (route === 'GET /_local/clock') {
      sendJson(res, 200, { now: ctx.clock.now().toISOString(), offsetMs: ctx.clock.offsetMs() });
      return true;
    }
    if (route === 'POST /_local/clock') {
      const input = json();
      const byMs =
        input.to !== undefined
          ? Date.parse(String(input.to)) - ctx.clock.nowMs()
          : parseDuration(input.advance, { bareMilliseconds: true });
      if (!Number.isFinite(byMs) || byMs < 0) {
        sendJson(res, 400, { message: 'give {"advance":"90m"|"2d"|ms} or a future {"to":"ISO time"}' });
        return true;
      }
      ctx.clock.advance(byMs);
      sendJson(res, 200, { now: ctx.clock.now().toISOString(), offsetMs: ctx.clock.offsetMs() });
      return true;
    }
    if (route === 'GET /_local/schedules') {
      sendJson(res, 200, { schedules: ctx.scheduler.schedules() });
      return true;
    }
    const run = /^POST \/_local\/schedules\/([^/]+)\/run$/.exec(route);
    if (run) {
      await ctx.scheduler.runNow(decodeURIComponent(run[1]!));
      sendJson(res, 200, { ran: run[1] });
      return true;
    }
    if (route === 'POST /_local/events') {
      const input = json();
      const entries = (Array.isArray(input.Entries) ? input.Entries : [input]) as Parameters<
        LocalEventBus['put']
      >[0][];
      const results = entries.map((e) => ctx.bus.put(e));
      await Promise.all(results.map((r) => r.delivered));
      sendJson(res, 200, { Entries: results.map((r) => ({ EventId: r.id, targets: r.targets })) });
      return true;
    }
    if (route === 'GET /_local/chat') {
      sendJson(res, 200, { messages: chatView(ctx.sns.published()) });
      return true;
    }
    if (route === 'GET /_local/stats') {
      sendJson(res, 200, { lambdas: ctx.lambdas.stats() });
      return true;
    }
  } catch (err) {
    sendProblem(res, 400, err instanceof Error ? err.message : String(err));
    return true;
  }
  return false;
}

/** The configuration's directories, each in its Region, for the simulator to seed (as registered on AWS). */
function configuredDirectories(configFile: string) {
  const config = loadConfig({ ONBOARDING_CONFIG_FILE: configFile });
  return config.directories.map((d) => ({
    directoryId: d.id,
    region: d.region ?? LOCAL_REGION,
    directoryType: d.type,
    ...(d.alias ? { alias: d.alias } : {}),
  }));
}
