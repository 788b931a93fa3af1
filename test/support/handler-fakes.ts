import { join, resolve } from 'node:path';
import type { Workspace, WorkspaceConnectionStatus, WorkspaceDirectory } from '@aws-sdk/client-workspaces';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { DirectoryApi } from '../../src/adapters/directory';
import type { ExecutionDescription, Workflows } from '../../src/adapters/stepfunctions';
import type { TrackingStore } from '../../src/adapters/tracking-store';
import type { WorkspacesApi } from '../../src/adapters/workspaces';
import { loadConfig } from '../../src/config/load';
import type { HireRecord } from '../../src/domain/hire-record';
import { fakeSes, type MemoryHireStore, memoryHireStore, memoryMailer, testClock } from './memory-hire-store';

/**
 * In-memory ports for the unit tests of the handler seams (`handleX(event, deps)` and the middy chains
 * around them): the hire table of memory-hire-store.ts, the real mailer over a scripted SES, and fakes of
 * Step Functions, WorkSpaces, Directory Service and the tracking items. No network.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
export const config = loadConfig({ ONBOARDING_CONFIG_FILE: join(ROOT, 'config', 'onboarding.json') });
export const SIMPLE_AD = 'd-95671a2b3c';
export const PUBLIC_BASE_URL = 'https://onboarding.example.test';

export function fakeWorkflows() {
  const started = new Map<string, unknown>();
  const stopped: string[] = [];
  const resumed: { taskToken: string; output: unknown }[] = [];
  const failed: { taskToken: string; error: string }[] = [];
  const descriptions = new Map<string, ExecutionDescription>();
  const workflows: Workflows = {
    async start(name, input) {
      const started_ = !started.has(name);
      started.set(name, input);
      return { started: started_ };
    },
    async resume(taskToken, output) {
      resumed.push({ taskToken, output });
      return true;
    },
    async fail(taskToken, error) {
      failed.push({ taskToken, error });
      return true;
    },
    async stop(name) {
      stopped.push(name);
      return started.has(name);
    },
    async describe(arn) {
      return descriptions.get(arn) ?? descriptions.get(arn.slice(arn.lastIndexOf(':') + 1));
    },
    async describeNamed(name) {
      return descriptions.get(name);
    },
  };
  return { workflows, started, stopped, resumed, failed, descriptions };
}

export function fakeWorkspaces() {
  const directories = new Map<string, WorkspaceDirectory>([
    [
      SIMPLE_AD,
      {
        DirectoryId: SIMPLE_AD,
        RegistrationCode: 'SLiad+ABC123',
        DirectoryType: 'SIMPLE_AD',
        Alias: 'corp-example',
      },
    ],
  ]);
  const workspaces = new Map<string, Workspace>();
  const connections = new Map<string, WorkspaceConnectionStatus>();
  const counts: Record<string, number> = {};
  const count = (op: string) => {
    counts[op] = (counts[op] ?? 0) + 1;
  };
  const api: WorkspacesApi = {
    async createWorkspaces() {
      count('CreateWorkspaces');
      return { pending: [], failed: [] };
    },
    async describeByIds(ids) {
      count('DescribeWorkspaces');
      return ids.flatMap((id) => workspaces.get(id) ?? []);
    },
    async listDirectoryWorkspaces(directoryId) {
      count('DescribeWorkspaces');
      return [...workspaces.values()].filter((w) => w.DirectoryId === directoryId);
    },
    async describeDirectory(directoryId) {
      count('DescribeWorkspaceDirectories');
      return directories.get(directoryId);
    },
    async describeTags() {
      count('DescribeTags');
      return [];
    },
    async createTags() {
      count('CreateTags');
    },
    async describeConnectionStatus(ids) {
      count('DescribeWorkspacesConnectionStatus');
      return ids.flatMap((id) => connections.get(id) ?? []);
    },
    async findUserWorkspace(directoryId, userName) {
      return [...workspaces.values()].find((w) => w.DirectoryId === directoryId && w.UserName === userName);
    },
    async terminate() {
      count('TerminateWorkspaces');
      return undefined;
    },
    calls: () => ({ ...counts }),
  };
  return { api, directories, workspaces, connections };
}

/** The tracking items (setup tokens, WorkSpace owners, the reminder index) over the in-memory hire table. */
export function memoryTracking(store: MemoryHireStore, now: () => Date): TrackingStore {
  const owners = new Map<string, string>();
  const token = (hash: string) => store.tokens.get(hash);
  return {
    async getSetupToken(hash) {
      const found = token(hash);
      return found ? { ...found } : undefined;
    },
    async takeSetupAttempt(hash, max) {
      const found = token(hash);
      if (!found || found.usedAt || found.attempts >= max) return false;
      found.attempts++;
      return true;
    },
    async claimSetupToken(hash, staleAfterMs) {
      const found = token(hash);
      if (!found || found.usedAt) return 'used';
      const stale = new Date(now().getTime() - staleAfterMs).toISOString();
      if (found.claimedAt && found.claimedAt >= stale) return 'busy';
      found.claimedAt = now().toISOString();
      return 'claimed';
    },
    async releaseSetupToken(hash) {
      const found = token(hash);
      if (found) delete found.claimedAt;
    },
    async markSetupTokenUsed(hash) {
      const found = token(hash);
      if (found) found.usedAt = now().toISOString();
    },
    async putWorkspaceOwner(workspaceId, hireId) {
      owners.set(workspaceId, hireId);
    },
    async findHireByWorkspace(workspaceId) {
      return owners.get(workspaceId);
    },
    async listDue(dueBy, limit) {
      const due = [...store.due]
        .filter(([, at]) => at <= dueBy)
        .sort((a, b) => a[1].localeCompare(b[1]))
        .slice(0, limit);
      const hires = due.flatMap(([hireId]) => {
        const hire = store.hires.get(hireId);
        return hire ? [structuredClone(hire)] : [];
      });
      return { hires, itemsRead: hires.length };
    },
  };
}

export function fakeDirectory() {
  const resets: { directoryId: string; userName: string }[] = [];
  const directory: DirectoryApi = {
    async resetPassword({ directoryId, userName }) {
      resets.push({ directoryId, userName });
    },
  };
  return { directory, resets };
}

/** Every port a function may need, over one in-memory table and one movable clock. */
export function world() {
  const clock = testClock();
  const store = memoryHireStore(clock);
  const ses = fakeSes();
  const mailer = memoryMailer(store, ses);
  const flows = fakeWorkflows();
  const ws = fakeWorkspaces();
  const tracking = memoryTracking(store, clock.now);
  const dir = fakeDirectory();
  return {
    clock,
    store,
    ses,
    mailer,
    flows,
    ws,
    tracking,
    dir,
    core: { config, clock, store, mailer },
  };
}

/** A stored hire, PROVISIONING on a WorkSpace of the Simple AD directory unless told otherwise. */
export function hireRecord(over: Partial<HireRecord> = {}): HireRecord {
  return {
    hireId: 'hr-E-1',
    source: 'hr',
    stage: 'PROVISIONING',
    version: 3,
    person: {
      employeeId: 'E-1',
      givenName: 'Hanako',
      familyName: 'Yamada',
      email: 'hanako.yamada@example.co.jp',
      userName: 'hyamada',
      startDate: '2027-04-01',
      locale: 'ja-JP',
      timeZone: 'Asia/Tokyo',
    },
    directoryId: SIMPLE_AD,
    bundleId: 'wsb-8vbljg4r6',
    protocol: 'PCOIP',
    runningMode: 'AUTO_STOP',
    provisionAt: '2027-03-25T00:00:00Z',
    executionName: 'hire-hr-E-1',
    createdAt: '2027-03-24T23:00:00Z',
    updatedAt: '2027-03-25T00:00:00Z',
    workspaceId: 'ws-0123456789',
    ...over,
  };
}

/** A Lambda context whose deadline is `remainingMs` away on the test's own terms. */
export function lambdaContext(name: string, remainingMs = 60_000): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `onboarding-test-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:ap-northeast-1:000000000000:function:onboarding-test-${name}`,
    memoryLimitInMB: '256',
    awsRequestId: `req-${name}`,
    logGroupName: `/aws/lambda/onboarding-test-${name}`,
    logStreamName: 'test',
    getRemainingTimeInMillis: () => remainingMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * The JSON lines written to stdout and stderr while `run` runs (Powertools writes log lines and EMF there),
 * parsed; other output is passed through.
 */
export async function captureLines<T>(
  run: () => Promise<T>,
): Promise<{ result: T; lines: Record<string, any>[]; stderr: Record<string, any>[] }> {
  const lines: Record<string, any>[] = [];
  const stderr: Record<string, any>[] = [];
  const spy = (stream: NodeJS.WriteStream, into: Record<string, any>[]) => {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text = String(chunk);
      if (text.startsWith('{')) {
        into.push(JSON.parse(text));
        return true;
      }
      return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    return () => {
      stream.write = original;
    };
  };
  const restoreOut = spy(process.stdout, lines);
  const restoreErr = spy(process.stderr, stderr);
  try {
    const result = await run();
    return { result, lines, stderr };
  } finally {
    restoreOut();
    restoreErr();
  }
}

/** An API Gateway HTTP API (payload 2.0) request; `routePath` is the route's template when it has parameters. */
export function httpRequest(
  method: string,
  path: string,
  over: Partial<APIGatewayProxyEventV2> & { routePath?: string } = {},
): APIGatewayProxyEventV2 {
  const { routePath, ...rest } = over;
  const routeKey = `${method} ${routePath ?? path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: {},
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'test',
      domainPrefix: 'test',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r-1',
      routeKey,
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
    isBase64Encoded: false,
    ...rest,
  };
}
