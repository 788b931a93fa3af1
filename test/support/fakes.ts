import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { PreflightAccount, PreflightDeps } from '../../src/admin/preflight';
import type { SesAccountReading } from '../../src/admin/preflight-rules';
import type { AcceptHireDeps } from '../../src/intake/ports';
import type { SendInvitationDeps } from '../../src/invitations/send-invitation';
import { createMailer } from '../../src/kernel/adapters/mailer';
import { loadConfig, type OnboardingConfig } from '../../src/kernel/config/load';
import type { DataAccessStatus, DirectoryUsers, NewDirectoryUser } from '../../src/kernel/directory-users';
import type { Mailer } from '../../src/kernel/email/mailer';
import {
  DirectoryUserConflictError,
  DirectoryUserError,
  PasswordRejectedError,
} from '../../src/kernel/errors';
import type { HireRecord } from '../../src/kernel/hire/record';
import type {
  ConnectionStatus,
  DirectoryInfo,
  NewWorkspace,
  WorkspaceInfo,
  WorkspaceTag,
} from '../../src/kernel/hire/workspace';
import type { EmailLedger } from '../../src/kernel/table/email-ledger';
import type { ExecutionDescription, Workflows } from '../../src/kernel/workflows';
import type { WorkspacesApi, WorkspacesRegions } from '../../src/kernel/workspaces-api';
import type { ProvisionerDeps } from '../../src/provisioning/ports';
import type { ReconcileDeps } from '../../src/provisioning/reconcile';
import type { PasswordSetupDeps } from '../../src/tracking/password-setup';
import type { DirectoryApi } from '../../src/tracking/ports';
import type { ReminderDeps } from '../../src/tracking/run-reminders';
import { type MemoryStores, memoryStores } from './memory-stores';

/**
 * In-memory fakes of every port a use case takes besides the table (test/support/memory-stores.ts): the
 * clock, SES under the real mailer, Step Functions, WorkSpaces and Directory Service. Each records what it
 * was asked, so a test asserts what a user would see (an email, a started execution, a WorkSpace).
 */

const ROOT = resolve(import.meta.dirname, '..', '..');
/** The sample configuration of the repository (config/onboarding.json). */
export const testConfig: OnboardingConfig = loadConfig({
  ONBOARDING_CONFIG_FILE: join(ROOT, 'config', 'onboarding.json'),
});

/**
 * The sample configuration (gives every hire Amazon DCV) with a PCoIP bundle for the department
 * `Support`, for what PCoIP WorkSpaces still change until AWS's end of support (port 4172).
 */
export function sampleWithPcoip(): Record<string, any> {
  const raw = JSON.parse(readFileSync(join(ROOT, 'config', 'onboarding.json'), 'utf8'));
  raw.bundles.rules.push({ department: 'Support', bundleId: 'wsb-8vbljg4r6', protocol: 'PCOIP' });
  return raw;
}

/** `sampleWithPcoip` as a file, for a local cloud's `configFile`. */
export function sampleWithPcoipFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'onboarding-pcoip-')), 'onboarding.json');
  writeFileSync(file, JSON.stringify(sampleWithPcoip()));
  return file;
}
export const SIMPLE_AD = 'd-95671a2b3c';
export const AD_CONNECTOR = 'd-90676d4e5f';

/** A movable clock for unit tests. */
export function testClock(start = '2027-03-25T01:00:00Z') {
  let ms = Date.parse(start);
  return {
    now: () => new Date(ms),
    nowMs: () => ms,
    advance(byMs: number) {
      ms += byMs;
    },
  };
}

export interface SentEmailRecord {
  to: string[];
  subject: string;
  text: string;
  html: string;
  tags: Record<string, string>;
}

/**
 * What SES does with a SendEmail, scripted per call: accept (default), refuse, or hold the answer until the
 * test lets it go. The real mailer (ledger, claim, release) runs on top of it with the in-memory ledger.
 */
export function fakeSes() {
  const sent: SentEmailRecord[] = [];
  interface Step {
    outcome: 'accept' | 'refuse';
    before?: () => Promise<void>;
    released?: Promise<void>;
  }
  const plan: Step[] = [];
  let n = 0;
  const client = {
    async send(command: { input: any }) {
      const step = plan.shift() ?? { outcome: 'accept' };
      await step.before?.();
      if (step.outcome === 'refuse') {
        const err = new Error('Email address is not verified.');
        err.name = 'MessageRejected';
        throw err;
      }
      const input = command.input;
      sent.push({
        to: input.Destination.ToAddresses,
        subject: input.Content.Simple.Subject.Data,
        text: input.Content.Simple.Body.Text.Data,
        html: input.Content.Simple.Body.Html.Data,
        tags: Object.fromEntries(
          (input.EmailTags ?? []).map((t: { Name: string; Value: string }) => [t.Name, t.Value]),
        ),
      });
      await step.released;
      return { MessageId: `msg-${++n}` };
    },
  };
  return {
    client: client as unknown as SESv2Client,
    sent,
    /** The next SendEmail is refused: nothing goes out. */
    refuseNext() {
      plan.push({ outcome: 'refuse' });
    },
    /** Runs `before` when the next SendEmail arrives, before SES decides (to look at or change the table). */
    onNext(before: () => Promise<void>, outcome: Step['outcome'] = 'accept') {
      plan.push({ outcome, before });
    },
    /** The next SendEmail goes out, but its answer waits for the returned function to be called. */
    holdNext() {
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      plan.push({ outcome: 'accept', released });
      return release;
    },
  };
}

export function memoryMailer(
  ledger: Pick<EmailLedger, 'claim' | 'markSent' | 'release'>,
  ses: ReturnType<typeof fakeSes>,
): Mailer {
  return createMailer({ ledger, from: 'IT <it@example.com>', client: ses.client });
}

/** Step Functions: executions by name, paused tasks by token. */
export function fakeWorkflows() {
  const executions = new Map<string, { input: unknown; status: string; error?: string; cause?: string }>();
  const started: { name: string; input: unknown }[] = [];
  const stopped: { name: string; error: string; cause: string }[] = [];
  const resumed: { taskToken: string; output: unknown }[] = [];
  const failed: { taskToken: string; error: string; cause: string }[] = [];
  const describe = async (name: string): Promise<ExecutionDescription | undefined> => {
    const found = executions.get(name);
    if (!found) return undefined;
    return {
      status: found.status,
      input: JSON.stringify(found.input),
      ...(found.error ? { error: found.error } : {}),
      ...(found.cause ? { cause: found.cause } : {}),
    };
  };
  const workflows: Workflows = {
    async start(name, input) {
      started.push({ name, input });
      const open = executions.get(name);
      if (open && (open.status !== 'RUNNING' || JSON.stringify(open.input) !== JSON.stringify(input))) {
        throw Object.assign(new Error(`execution ${name} exists`), { name: 'ExecutionAlreadyExists' });
      }
      if (open) return { started: false };
      executions.set(name, { input, status: 'RUNNING' });
      return { started: true };
    },
    async resume(taskToken, output) {
      resumed.push({ taskToken, output });
      return true;
    },
    async fail(taskToken, error, cause) {
      failed.push({ taskToken, error, cause });
      return true;
    },
    async stop(name, error, cause) {
      stopped.push({ name, error, cause });
      const found = executions.get(name);
      if (!found) return false;
      if (found.status === 'RUNNING') Object.assign(found, { status: 'ABORTED', error, cause });
      return true;
    },
    describe: async (arn) => describe(arn.split(':').at(-1)!),
    describeNamed: describe,
  };
  return {
    workflows,
    executions,
    started,
    stopped,
    resumed,
    failed,
    /** An execution that ended (or runs) without the hire having been told: the reconciler's case. */
    set(name: string, status: string, input: unknown = {}, error?: string, cause?: string) {
      executions.set(name, { input, status, ...(error ? { error } : {}), ...(cause ? { cause } : {}) });
    },
  };
}

/** Every directory in one Region: the use cases' WorkSpaces port over one fake API. */
export function oneRegion<T extends object>(api: T): T & WorkspacesRegions<T> {
  const regional: T & WorkspacesRegions<T> = { ...api, forDirectory: () => regional };
  return regional;
}

/**
 * WorkSpaces and the directories registered with it. CreateWorkspaces makes a PENDING WorkSpace for a user
 * the directory knows and refuses one it does not (ResourceNotFound.User) or one who has a WorkSpace
 * already (ResourceExists.WorkSpace), as the local simulator does.
 */
export function fakeWorkspaces(opts: { users?: Record<string, string[]> } = {}) {
  const directories = new Map<string, DirectoryInfo>([
    [
      SIMPLE_AD,
      { directoryId: SIMPLE_AD, registrationCode: 'SLiad+ABC123', directoryType: 'SIMPLE_AD', alias: 'corp' },
    ],
    [
      AD_CONNECTOR,
      { directoryId: AD_CONNECTOR, registrationCode: 'SLiad+XYZ987', directoryType: 'AD_CONNECTOR' },
    ],
  ]);
  const users = new Map<string, Set<string>>(
    Object.entries(opts.users ?? {}).map(([dir, names]) => [dir, new Set(names.map((n) => n.toLowerCase()))]),
  );
  const workspaces = new Map<string, WorkspaceInfo & { tags: WorkspaceTag[] }>();
  const connections = new Map<string, Date>();
  const calls: Record<string, number> = {};
  const terminated: string[] = [];
  let n = 0;
  const count = (op: string) => {
    calls[op] = (calls[op] ?? 0) + 1;
  };
  const live = (ws: WorkspaceInfo) => ws.state !== 'TERMINATED' && ws.state !== 'TERMINATING';
  const view = ({ tags: _tags, ...ws }: WorkspaceInfo & { tags: WorkspaceTag[] }): WorkspaceInfo => ({
    ...ws,
  });
  const api: WorkspacesApi & WorkspacesRegions = {
    // One Region: every directory's calls reach this fake.
    forDirectory: () => api,
    async createWorkspaces(requests: NewWorkspace[]) {
      count('CreateWorkspaces');
      const pending: WorkspaceInfo[] = [];
      const failed: { userName: string; errorCode: string; errorMessage: string }[] = [];
      for (const r of requests) {
        const user = r.userName.toLowerCase();
        if (!users.get(r.directoryId)?.has(user)) {
          failed.push({
            userName: r.userName,
            errorCode: 'ResourceNotFound.User',
            errorMessage: 'The user was not found.',
          });
        } else if (
          [...workspaces.values()].some(
            (w) => live(w) && w.directoryId === r.directoryId && w.userName?.toLowerCase() === user,
          )
        ) {
          failed.push({
            userName: r.userName,
            errorCode: 'ResourceExists.WorkSpace',
            errorMessage: 'A WorkSpace exists.',
          });
        } else {
          const ws = {
            workspaceId: `ws-${String(++n).padStart(9, '0')}`,
            userName: r.userName,
            directoryId: r.directoryId,
            state: 'PENDING',
            tags: r.tags,
          };
          workspaces.set(ws.workspaceId, ws);
          pending.push(view(ws));
        }
      }
      return { pending, failed };
    },
    async describeByIds(ids) {
      count('DescribeWorkspaces');
      return ids.flatMap((id) => (workspaces.has(id) ? [view(workspaces.get(id)!)] : []));
    },
    async describeDirectory(directoryId) {
      count('DescribeWorkspaceDirectories');
      const found = directories.get(directoryId);
      return found ? { ...found } : undefined;
    },
    async describeTags(workspaceId) {
      count('DescribeTags');
      const ws = workspaces.get(workspaceId);
      return ws && live(ws) ? ws.tags.map((t) => ({ ...t })) : undefined;
    },
    async createTags(workspaceId, tags) {
      count('CreateTags');
      const ws = workspaces.get(workspaceId)!;
      ws.tags = [...ws.tags.filter((t) => !tags.some((n) => n.key === t.key)), ...tags];
    },
    async describeConnectionStatus(ids): Promise<ConnectionStatus[]> {
      count('DescribeWorkspacesConnectionStatus');
      return ids
        .filter((id) => workspaces.has(id))
        .map((id) => ({
          workspaceId: id,
          ...(connections.has(id) ? { lastConnectedAt: connections.get(id)! } : {}),
        }));
    },
    async findUserWorkspace(directoryId, userName) {
      count('DescribeWorkspaces');
      const found = [...workspaces.values()].find(
        (w) =>
          live(w) && w.directoryId === directoryId && w.userName?.toLowerCase() === userName.toLowerCase(),
      );
      return found ? view(found) : undefined;
    },
    async terminate(workspaceId) {
      count('TerminateWorkspaces');
      const ws = workspaces.get(workspaceId);
      if (!ws) return { errorCode: 'ResourceNotFoundException', errorMessage: 'not found' };
      ws.state = 'TERMINATING';
      terminated.push(workspaceId);
      return undefined;
    },
    calls: () => ({ ...calls }),
  };
  return {
    api,
    directories,
    workspaces,
    terminated,
    addUser(directoryId: string, userName: string) {
      users.set(directoryId, new Set([...(users.get(directoryId) ?? []), userName.toLowerCase()]));
    },
    hasUser(directoryId: string, userName: string) {
      return users.get(directoryId)?.has(userName.toLowerCase()) ?? false;
    },
    /** A WorkSpace that exists already (someone else's, or ours from a create whose answer was lost). */
    add(ws: { userName: string; directoryId?: string; state?: string; tags?: WorkspaceTag[] }) {
      const made = {
        workspaceId: `ws-${String(++n).padStart(9, '0')}`,
        userName: ws.userName,
        directoryId: ws.directoryId ?? SIMPLE_AD,
        state: ws.state ?? 'AVAILABLE',
        tags: ws.tags ?? [],
      };
      workspaces.set(made.workspaceId, made);
      // A WorkSpace's user is an account of its directory.
      const known = users.get(made.directoryId) ?? new Set<string>();
      known.add(made.userName.toLowerCase());
      users.set(made.directoryId, known);
      return made.workspaceId;
    },
    setState(workspaceId: string, state: string) {
      workspaces.get(workspaceId)!.state = state;
    },
    connected(workspaceId: string, at: Date) {
      connections.set(workspaceId, at);
    },
  };
}

/** Directory Service's ResetUserPassword: records the call, or refuses as scripted. */
export function fakeDirectory() {
  const resets: { directoryId: string; userName: string }[] = [];
  let refuse = false;
  const api: DirectoryApi = {
    async resetPassword({ directoryId, userName }) {
      if (refuse) throw new PasswordRejectedError('the directory rejected the password');
      resets.push({ directoryId, userName });
    },
  };
  return {
    api,
    resets,
    refuseNext() {
      refuse = true;
    },
  };
}

/** A hire as the table holds it after the webhook; `over` changes any field. */
export function sampleHire(over: Partial<HireRecord> = {}): HireRecord {
  const employeeId = over.person?.employeeId ?? 'E-1';
  return {
    hireId: `hr-${employeeId}`,
    source: 'hr',
    stage: 'RECEIVED',
    version: 1,
    person: {
      employeeId,
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
    executionName: `hire-hr-${employeeId}`,
    createdAt: '2027-03-01T00:00:00Z',
    updatedAt: '2027-03-01T00:00:00Z',
    ...over,
  };
}

export type AppDeps = AcceptHireDeps &
  ProvisionerDeps &
  ReconcileDeps &
  ReminderDeps &
  SendInvitationDeps &
  PasswordSetupDeps &
  Pick<PreflightDeps, 'preflightAccount' | 'directoryUsers'> & { stores: MemoryStores };

/**
 * The account the admin preflight reads, in memory: every value settable, every read answerable with a
 * refusal (`refuse.<read> = 'AccessDeniedException: ...'`). Starts as a healthy account.
 */
export function fakePreflightAccount() {
  const state = {
    appliedQuota: 100 as number,
    defaultQuota: 1 as number,
    inUse: 0,
    directories: {} as Record<string, string>,
    /** Bundle ids that exist (every Region); null: every bundle exists. */
    bundles: null as string[] | null,
    ses: {
      productionAccessEnabled: true,
      sendingEnabled: true,
      max24HourSend: 50_000,
      maxSendRate: 14,
      sentLast24Hours: 0,
    } as SesAccountReading,
    /** Identities verified for sending; null: every identity. */
    verified: null as string[] | null,
    refuse: {} as Partial<Record<keyof PreflightAccount, string>>,
    /** WorkSpaces counted (what counting cost: at most this many were asked for). */
    countedUpTo: [] as number[],
  };
  const answer = async <T>(name: keyof PreflightAccount, value: () => T) => {
    const reason = state.refuse[name];
    return reason ? { ok: false as const, reason } : { ok: true as const, value: value() };
  };
  const account: PreflightAccount = {
    appliedQuota: () => answer('appliedQuota', () => state.appliedQuota),
    defaultQuota: () => answer('defaultQuota', () => state.defaultQuota),
    workspacesInUse: (_region, atMost) => {
      state.countedUpTo.push(atMost);
      return answer('workspacesInUse', () => ({
        count: Math.min(state.inUse, atMost),
        complete: state.inUse <= atMost,
      }));
    },
    directoryState: (_region, id) => answer('directoryState', () => state.directories[id] ?? 'REGISTERED'),
    bundle: (_region, id) =>
      answer('bundle', () =>
        state.bundles === null || state.bundles.includes(id) ? { state: 'AVAILABLE' } : undefined,
      ),
    sesAccount: () => answer('sesAccount', () => ({ ...state.ses })),
    emailIdentity: (identity) =>
      answer('emailIdentity', () =>
        state.verified === null || state.verified.includes(identity) ? { verified: true } : undefined,
      ),
  };
  return { state, account };
}

/**
 * Everything a use case may take, in memory, sharing one table and one clock: `deps` satisfies every use
 * case's deps type, so a test passes it as it is (or a part of it).
 */
export function appWorld(
  opts: { start?: string; users?: Record<string, string[]>; config?: OnboardingConfig } = {},
) {
  const clock = testClock(opts.start);
  const config = opts.config ?? testConfig;
  const stores = memoryStores(clock, {
    watch: { provisioningTimeoutMinutes: config.provisioning.timeoutMinutes },
  });
  const ses = fakeSes();
  const mailer = memoryMailer(stores.ledger, ses);
  const sfn = fakeWorkflows();
  const ws = fakeWorkspaces({ users: opts.users ?? {} });
  const directory = fakeDirectory();
  const preflight = fakePreflightAccount();
  const { table: _table, seed: _seed, ...ports } = stores;
  const deps: AppDeps = {
    ...ports,
    stores,
    config,
    clock,
    mailer,
    workflows: sfn.workflows,
    workspaces: ws.api,
    directory: directory.api,
    publicBaseUrl: 'https://setup.example.com/',
    regionOf: () => 'ap-northeast-1',
    pause: async () => undefined,
    preflightAccount: preflight.account,
  };
  return { clock, config, stores, table: stores.table, ses, mailer, sfn, ws, directory, preflight, deps };
}

/** The sample configuration's AWS Managed Microsoft AD directory, the one with `createUsers: true`. */
export const MANAGED_AD = 'd-9067c0ffee';

/**
 * Directory Service Data over the fake WorkSpaces' directory users (an account it creates is one WorkSpaces
 * then knows), with CreateUser's client-token rule. `failNextCreate`: `lost` creates the user and then fails
 * (the answer lost), `refused` fails without creating (throttled).
 */
export function fakeDirectoryUsers(
  ws: Pick<ReturnType<typeof fakeWorkspaces>, 'addUser' | 'hasUser'>,
  opts: { dataAccess?: DataAccessStatus } = {},
) {
  const state = {
    dataAccess: opts.dataAccess ?? ('Enabled' as DataAccessStatus),
    failNextCreate: undefined as 'lost' | 'refused' | undefined,
  };
  const created: { directoryId: string; user: NewDirectoryUser; clientToken: string }[] = [];
  const tokens = new Map<string, string>();
  const calls: string[] = [];
  const api: DirectoryUsers = {
    async dataAccess() {
      calls.push('dataAccess');
      return state.dataAccess;
    },
    async describeUser(directoryId, userName) {
      calls.push('describeUser');
      return ws.hasUser(directoryId, userName) ? { userName, enabled: true } : undefined;
    },
    async createUser(directoryId, user, clientToken) {
      calls.push('createUser');
      if (state.failNextCreate === 'refused') {
        state.failNextCreate = undefined;
        throw new DirectoryUserError('CreateUser answered ThrottlingException', 'ThrottlingException', true);
      }
      const request = JSON.stringify([directoryId, user]);
      const earlier = tokens.get(clientToken);
      if (earlier === request) return;
      if (earlier || ws.hasUser(directoryId, user.userName)) {
        throw new DirectoryUserConflictError('CreateUser answered ConflictException');
      }
      tokens.set(clientToken, request);
      ws.addUser(directoryId, user.userName);
      created.push({ directoryId, user, clientToken });
      if (state.failNextCreate === 'lost') {
        state.failNextCreate = undefined;
        throw new DirectoryUserError(
          'CreateUser answered InternalServerException',
          'InternalServerException',
          true,
        );
      }
    },
  };
  return { api, state, created, calls };
}
