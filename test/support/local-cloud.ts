import {
  type LocalCloud,
  type LocalCloudOptions,
  postSignedWebhook,
  sampleHire,
  startLocalCloud,
} from '@workspaces-onboarding/local-cloud';
import { eventually } from './eventually';

export { eventually };

/**
 * A whole local cloud per test file (its own ports, clock and data), talked to only through its public
 * HTTP surfaces, as a user would.
 */
export interface TestCloud extends LocalCloud {
  postHire(
    data?: Record<string, unknown>,
    opts?: { webhookId?: string; secret?: string },
  ): ReturnType<typeof postSignedWebhook>;
  advance(duration: string | number): Promise<void>;
  runSchedule(functionKey: string): Promise<void>;
  inbox(): Promise<InboxEmail[]>;
  sim<T = any>(path: string, body?: unknown, method?: string): Promise<T>;
  /** Moves the clock a minute at a time, running the provisioner each minute, until `done` gives a value. */
  driveUntil<T>(done: () => Promise<T | undefined | false>, what: string, maxMinutes?: number): Promise<T>;
  /** Resolves once no function has run for a moment: the work a step started has ended. */
  settled(): Promise<void>;
  addUsers(directoryId: string, ...userNames: string[]): Promise<void>;
}

export interface InboxEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
}

/** `ONBOARDING_BUNDLED=1` runs every test cloud on the shipped esbuild bundles (CI runs `npm test` so). */
export const BUNDLED = process.env.ONBOARDING_BUNDLED === '1';

/** The WorkSpaces quota a test cloud's account has unless the test says otherwise. */
export const TEST_WORKSPACES_QUOTA = 10_000;

export async function startTestCloud(options: LocalCloudOptions = {}): Promise<TestCloud> {
  const cloud = await startLocalCloud({
    ports: { http: 0, dynamodb: 0, ses: 0, workspaces: 0, stepfunctions: 0, hrapis: 0 },
    // DEBUG_CLOUD=1 shows the cloud's own log lines while a test runs.
    log: process.env.DEBUG_CLOUD ? (l: string) => console.log(l) : () => undefined,
    logLevel: process.env.DEBUG_CLOUD ? 'info' : 'error',
    metrics: false,
    bundled: BUNDLED,
    // Room for every test's waves; a test of the quota itself asks for AWS's default (1).
    workspacesQuota: TEST_WORKSPACES_QUOTA,
    ...options,
  });
  const http = async (url: string, body?: unknown, method?: string) => {
    const res = await fetch(url, {
      method: method ?? (body === undefined ? 'GET' : 'POST'),
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method ?? 'POST'} ${url} → ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const advance = async (duration: string | number) => {
    await http(`${cloud.urls.http}/_local/clock`, { advance: duration });
  };
  const runSchedule = async (functionKey: string) => {
    await http(`${cloud.urls.http}/_local/schedules/${functionKey}/run`, {});
  };
  /**
   * Waits until no function has run for 100 ms (at most 30 s): what a step started (an invitation after a
   * provisioner run resumed its workflow) ends before the clock moves again, as it would between minutes.
   */
  const settled = async () => {
    const invocations = () => Object.values(cloud.lambdas.stats().invocations).reduce((n, c) => n + c, 0);
    let seen = invocations();
    let quiet = 0;
    for (const until = Date.now() + 30_000; quiet < 2 && Date.now() < until; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const now = invocations();
      quiet = cloud.lambdas.running() === 0 && now === seen ? quiet + 1 : 0;
      seen = now;
    }
  };
  return {
    ...cloud,
    postHire: (data = {}, opts = {}) =>
      postSignedWebhook({
        baseUrl: cloud.urls.http,
        secret: opts.secret ?? cloud.webhookSecret,
        body: sampleHire(data),
        ...(opts.webhookId ? { webhookId: opts.webhookId } : {}),
      }),
    advance,
    runSchedule,
    settled,
    async driveUntil(done, what, maxMinutes = 30) {
      for (let minute = 0; minute < maxMinutes; minute++) {
        const value = await done();
        if (value) return value;
        await advance('1m');
        await runSchedule('provisioner');
        await settled();
      }
      return eventually(done, { what, timeoutMs: 5_000 });
    },
    async addUsers(directoryId, ...userNames) {
      await http(`${cloud.urls.workspaces}/_sim/users`, { directoryId, userNames });
    },
    inbox: async () => ((await http(`${cloud.urls.ses}/store`)) as { emails: InboxEmail[] }).emails,
    sim: (path, body, method) => http(`${cloud.urls.workspaces}${path}`, body, method),
  };
}
