import { randomUUID } from 'node:crypto';
import type { Clock } from '../../src/kernel/clock';
import { createTokenBucket, type TokenBucket } from '../../src/kernel/token-bucket';
import { directoryDataOperations } from './directory-data';
import { directoryOperations } from './directory-ops';
import { AwsError, ControlError, internalServerError, throttlingError } from './errors';
import { directoryDataModel, directoryServiceModel, type ServiceModel, workspacesModel } from './model';
import { ProvisioningPlan, type ProvisioningSettings } from './provisioning';
import { randomAlnum, seededRandom } from './random';
import {
  type DirectorySeed,
  emptyState,
  loadWorld,
  type SimContext,
  type SimCreatedUser,
  type SimDirectory,
  type SimState,
  type SimWorld,
  saveState,
  seedWorld,
  workspaceState,
} from './state';
import { type Operation, workspacesOperations } from './workspaces-ops';

export { ControlError } from './errors';
export type { ProvisioningSettings } from './provisioning';

export interface Budget {
  ratePerSecond: number;
  burst: number;
}

/** EventBridge "WorkSpaces Access" event (Admin Guide, cloudwatch-events). */
export interface WorkspacesAccessEvent {
  version: '0';
  id: string;
  'detail-type': 'WorkSpaces Access';
  source: 'aws.workspaces';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: {
    actionType: 'successfulLogin';
    workspaceId: string;
    directoryId: string;
    loginTime: string;
    clientPlatform: string;
    clientIpAddress: string;
    clientVersion: string;
  };
}

export interface WorkspacesSimulatorOptions {
  clock: Clock;
  /** The Region of a request whose signature names none, and of the control routes without `region`. */
  region?: string;
  /** Directories to seed in their Regions (the local cloud passes the configuration's). */
  directories?: DirectorySeed[];
  accountId?: string;
  /** How long a new WorkSpace stays PENDING (local clock); changeable at run time through setProvisioning. */
  provisioningDelayMs?: number;
  budget?: Budget | null;
  seed?: number;
  onLogin?: (event: WorkspacesAccessEvent) => void;
  stateFile?: string;
}

export interface FaultSettings {
  throttleRate?: number;
  serverErrorRate?: number;
  nextWorkspacesError?: number;
  /** The next n ds-data CreateUser calls create the user, then answer 500 (the answer is lost). */
  loseCreateUserAnswers?: number;
  budget?: Budget | null;
}

export interface Faults {
  throttleRate: number;
  serverErrorRate: number;
  nextWorkspacesError: number;
  loseCreateUserAnswers: number;
  budget: Budget | null;
}

export interface OperationCounts {
  requests: number;
  /** ThrottlingException answers, from the budget or injected. */
  throttled: number;
  /** 5xx answers, injected or not. */
  faults: number;
  /** Other 4xx answers (validation, not found, ...). */
  clientErrors: number;
}

export interface CallCounts {
  workspaces: OperationCounts;
  directoryService: OperationCounts;
  byOperation: Record<string, OperationCounts>;
}

/** All Regions together, and each Region on its own. */
export interface AllCallCounts extends CallCounts {
  regions: Record<string, CallCounts>;
}

export interface DirectoryInfo {
  region: string;
  directoryId: string;
  alias: string;
  directoryName: string;
  registrationCode: string;
  directoryType: SimDirectory['directoryType'];
  stage: string;
  users: string[];
  passwordResets: Record<string, number>;
  /** MANAGED_AD only: Directory Service Data's status and the users ds-data CreateUser made. */
  dataAccess?: string;
  createdUsers?: SimCreatedUser[];
}

export interface LoginDetails {
  clientPlatform?: string;
  clientIpAddress?: string;
  clientVersion?: string;
}

export interface SimResponse {
  status: number;
  body: unknown;
}

// Every operation served is validated against its model; one missing there means models/ needs update.ts.
for (const [model, table] of [
  [workspacesModel, workspacesOperations],
  [directoryServiceModel, directoryOperations],
  [directoryDataModel, directoryDataOperations],
] as const) {
  for (const name of Object.keys(table)) {
    if (!model.has(name))
      throw new Error(`${name} is not in the simulator's service model: run models/update.ts`);
  }
}

const WORKSPACES_PREFIX = 'WorkspacesService';
const DS_PREFIX = 'DirectoryService_20150416';
const DEFAULT_BUDGET: Budget = { ratePerSecond: 2, burst: 5 };
const SAVE_DEBOUNCE_MS = 100;

const zeroCounts = (): OperationCounts => ({ requests: 0, throttled: 0, faults: 0, clientErrors: 0 });

function addCounts(total: OperationCounts, counts: OperationCounts): void {
  total.requests += counts.requests;
  total.throttled += counts.throttled;
  total.faults += counts.faults;
  total.clientErrors += counts.clientErrors;
}

function sumCalls(all: CallCounts[]): CallCounts {
  const sum: CallCounts = { workspaces: zeroCounts(), directoryService: zeroCounts(), byOperation: {} };
  for (const calls of all) {
    addCounts(sum.workspaces, calls.workspaces);
    addCounts(sum.directoryService, calls.directoryService);
    for (const [op, counts] of Object.entries(calls.byOperation)) {
      sum.byOperation[op] ??= zeroCounts();
      addCounts(sum.byOperation[op], counts);
    }
  }
  return sum;
}

function checkRate(name: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new ControlError(400, `${name} must be a number between 0 and 1`);
  }
  return value;
}

export class WorkspacesSimulator {
  readonly region: string;
  readonly accountId: string;
  private readonly clock: Clock;
  private readonly plan: ProvisioningPlan;
  private readonly initialBudget: Budget | null;
  private readonly seed: number;
  private readonly stateFile: string | undefined;
  private readonly onLogin: ((event: WorkspacesAccessEvent) => void) | undefined;
  private readonly seeds: DirectorySeed[];

  private world: SimWorld;
  private faultState: Faults;
  /** The API budget is per account and Region: one bucket per Region, made on its first request. */
  private budget: Budget | null = null;
  private buckets = new Map<string, TokenBucket>();
  private faultRandom: () => number;
  private idRandom: () => number;
  private counts = new Map<
    string,
    Map<string, { service: 'workspaces' | 'directoryService'; counts: OperationCounts }>
  >();
  private saveTimer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private unsaved = false;

  constructor(opts: WorkspacesSimulatorOptions) {
    this.clock = opts.clock;
    this.region = opts.region ?? 'ap-northeast-1';
    this.accountId = opts.accountId ?? '000000000000';
    this.plan = new ProvisioningPlan(
      opts.provisioningDelayMs ?? 30_000,
      workspacesModel.enumOf('WorkspaceState'),
    );
    this.initialBudget = opts.budget === undefined ? DEFAULT_BUDGET : opts.budget;
    this.seed = opts.seed ?? 1;
    this.stateFile = opts.stateFile;
    this.onLogin = opts.onLogin;
    this.seeds = opts.directories ?? [];
    this.faultRandom = seededRandom(this.seed);
    this.idRandom = seededRandom(this.seed ^ 0x5eed);
    this.world =
      (this.stateFile && loadWorld(this.stateFile, this.plan.delayMs, this.region)) ||
      seedWorld(this.clock, this.region, this.seeds);
    this.faultState = noFaults();
    this.applyBudget(this.initialBudget);
  }

  private applyBudget(budget: Budget | null): void {
    if (budget !== null && (typeof budget !== 'object' || typeof budget.ratePerSecond !== 'number')) {
      throw new ControlError(400, 'budget must be {ratePerSecond, burst} or null');
    }
    this.budget = budget ? { ratePerSecond: budget.ratePerSecond, burst: budget.burst } : null;
    this.buckets.clear();
    this.faultState.budget = budget ? { ratePerSecond: budget.ratePerSecond, burst: budget.burst } : null;
  }

  private bucketFor(region: string): TokenBucket | null {
    if (!this.budget) return null;
    let bucket = this.buckets.get(region);
    if (!bucket) {
      bucket = createTokenBucket(this.budget);
      this.buckets.set(region, bucket);
    }
    return bucket;
  }

  /** The state of one Region; a Region nothing was seeded in starts empty, as a new Region of an account. */
  private stateOf(region: string): SimState {
    this.world.regions[region] ??= emptyState();
    return this.world.regions[region];
  }

  private context(region = this.region): SimContext {
    return {
      state: this.stateOf(region),
      clock: this.clock,
      region,
      accountId: this.accountId,
      newWorkspaceId: () => {
        for (;;) {
          const id = `ws-${randomAlnum(this.idRandom, 9)}`;
          const taken = Object.values(this.world.regions).some((s) =>
            s.workspaces.some((w) => w.workspaceId === id),
          );
          if (!taken) return id;
        }
      },
      newWorkspacePath: (userName) =>
        this.plan.pathFor(userName, this.clock.nowMs(), () => {
          if (this.faultState.nextWorkspacesError <= 0) return false;
          this.faultState.nextWorkspacesError -= 1;
          return true;
        }),
      changed: () => this.changed(),
    };
  }

  private countsFor(
    region: string,
    service: 'workspaces' | 'directoryService',
    operation: string,
  ): OperationCounts {
    let regional = this.counts.get(region);
    if (!regional) {
      regional = new Map();
      this.counts.set(region, regional);
    }
    let entry = regional.get(operation);
    if (!entry) {
      entry = { service, counts: zeroCounts() };
      regional.set(operation, entry);
    }
    return entry.counts;
  }

  /**
   * Answers one awsJson1_1 request. `target` is the X-Amz-Target header; `region` the Region the request
   * was signed for (its state, its API budget), the default Region when not given.
   */
  dispatch(target: string, rawBody: string, requestId: string, region = this.region): SimResponse {
    const dot = target.indexOf('.');
    const prefix = target.slice(0, dot);
    const operationName = target.slice(dot + 1);
    const isWorkspaces = prefix === WORKSPACES_PREFIX;
    const table = isWorkspaces
      ? workspacesOperations
      : prefix === DS_PREFIX
        ? directoryOperations
        : undefined;
    const operation: Operation | undefined = dot > 0 ? table?.[operationName] : undefined;
    const model: ServiceModel = isWorkspaces ? workspacesModel : directoryServiceModel;
    const errorBody = (error: AwsError) =>
      isWorkspaces
        ? { __type: error.type, message: error.message }
        : { __type: error.type, Message: error.message, RequestId: requestId };
    if (!operation) {
      return {
        status: 400,
        body: errorBody(new AwsError('UnknownOperationException', `Unknown operation ${target}`)),
      };
    }
    const counts = this.countsFor(region, isWorkspaces ? 'workspaces' : 'directoryService', operationName);
    counts.requests += 1;

    // Faults and the budget apply to WorkSpaces only: its 2 req/s budget per account and Region is what the
    // design guards.
    if (isWorkspaces) {
      const { throttleRate, serverErrorRate } = this.faultState;
      const bucket = this.bucketFor(region);
      if ((throttleRate > 0 && this.faultRandom() < throttleRate) || (bucket && !bucket.tryTake())) {
        counts.throttled += 1;
        return { status: 400, body: errorBody(throttlingError()) };
      }
      if (serverErrorRate > 0 && this.faultRandom() < serverErrorRate) {
        counts.faults += 1;
        return { status: 500, body: errorBody(internalServerError()) };
      }
    }

    try {
      const input = jsonObjectBody(rawBody);
      model.validate(operationName, input);
      return { status: 200, body: operation(this.context(region), input) };
    } catch (err) {
      const error =
        err instanceof AwsError
          ? err
          : isWorkspaces
            ? internalServerError()
            : new AwsError('ServiceException', 'An exception has occurred in Directory Service.', 500);
      if (!(err instanceof AwsError)) console.error('[workspaces-sim] operation failed', operationName, err);
      if (error.status >= 500) counts.faults += 1;
      else counts.clientErrors += 1;
      return { status: error.status, body: errorBody(error) };
    }
  }

  /**
   * Answers one Directory Service Data (REST-JSON) request, `POST /Users/<operation>?DirectoryId=...`: the
   * model's checks on the query and the JSON body, then the operation. Errors carry `Message` and, where the
   * model has one, `Reason`, with the model's HTTP status.
   */
  dispatchData(
    operation: string,
    directoryId: string | null,
    rawBody: string,
    region = this.region,
  ): SimResponse {
    const handler = directoryDataOperations[operation];
    const errorBody = (error: AwsError) => ({
      __type: error.type,
      Message: error.message,
      ...(error.reason ? { Reason: error.reason } : {}),
    });
    if (!handler) {
      return {
        status: 404,
        body: errorBody(new AwsError('UnknownOperationException', `Unknown operation ${operation}`, 404)),
      };
    }
    const counts = this.countsFor(region, 'directoryService', operation);
    counts.requests += 1;
    try {
      const body = jsonObjectBody(rawBody);
      // DirectoryId travels in the query string (the model's `location: querystring`).
      const input = {
        ...body,
        ...(directoryId !== null ? { DirectoryId: directoryId } : {}),
      };
      directoryDataModel.validate(operation, input);
      const answer = handler(this.context(region), input);
      if (operation === 'CreateUser' && this.faultState.loseCreateUserAnswers > 0) {
        // The user is created; only the answer is lost on its way back.
        this.faultState.loseCreateUserAnswers -= 1;
        throw internalServerError();
      }
      return { status: 200, body: answer };
    } catch (err) {
      const error = err instanceof AwsError ? err : internalServerError();
      if (!(err instanceof AwsError)) console.error('[workspaces-sim] operation failed', operation, err);
      if (error.status >= 500) counts.faults += 1;
      else counts.clientErrors += 1;
      return { status: error.status, body: errorBody(error) };
    }
  }

  /** Every Region's calls summed, with each Region's own under `regions`. */
  calls(): AllCallCounts {
    const regions = Object.fromEntries([...this.counts.keys()].map((r) => [r, this.regionCalls(r)]));
    return { ...sumCalls(Object.values(regions)), regions };
  }

  /** One Region's calls. */
  regionCalls(region: string): CallCounts {
    const result: CallCounts = { workspaces: zeroCounts(), directoryService: zeroCounts(), byOperation: {} };
    for (const [operation, { service, counts }] of this.counts.get(region) ?? []) {
      result.byOperation[operation] = { ...counts };
      addCounts(result[service], counts);
    }
    return result;
  }

  resetCalls(): void {
    this.counts.clear();
  }

  faults(): Faults {
    return { ...this.faultState, budget: this.faultState.budget ? { ...this.faultState.budget } : null };
  }

  setFaults(settings: FaultSettings): Faults {
    const next = { ...this.faultState };
    if (settings.throttleRate !== undefined)
      next.throttleRate = checkRate('throttleRate', settings.throttleRate);
    if (settings.serverErrorRate !== undefined) {
      next.serverErrorRate = checkRate('serverErrorRate', settings.serverErrorRate);
    }
    if (settings.nextWorkspacesError !== undefined) {
      const n = settings.nextWorkspacesError;
      if (!Number.isInteger(n) || n < 0)
        throw new ControlError(400, 'nextWorkspacesError must be an integer >= 0');
      next.nextWorkspacesError = n;
    }
    if (settings.loseCreateUserAnswers !== undefined) {
      const n = settings.loseCreateUserAnswers;
      if (!Number.isInteger(n) || n < 0)
        throw new ControlError(400, 'loseCreateUserAnswers must be an integer >= 0');
      next.loseCreateUserAnswers = n;
    }
    if (settings.budget !== undefined) {
      try {
        this.applyBudget(settings.budget);
      } catch (err) {
        throw err instanceof ControlError ? err : new ControlError(400, (err as Error).message);
      }
      next.budget = this.faultState.budget;
    }
    this.faultState = next;
    return this.faults();
  }

  provisioning(): ProvisioningSettings {
    return this.plan.settings();
  }

  /** Provisioning delay and scripted state paths for the WorkSpaces created from now on. */
  setProvisioning(body: Record<string, unknown>): ProvisioningSettings {
    return this.plan.update(body);
  }

  /** Puts a directory in another Directory Service stage (Impaired, Inoperable, ...) or back to Active. */
  setDirectoryStage(directoryId: string, stage: string): void {
    const stages = directoryServiceModel.enumOf('DirectoryStage');
    if (!stages.includes(stage)) throw new ControlError(400, `stage must be one of ${stages.join(', ')}`);
    this.directory(directoryId).stage = stage;
    this.changed();
  }

  /** Turns Directory Service Data on or off for a Managed AD directory (as EnableDirectoryDataAccess would). */
  setDataAccess(directoryId: string, status: string): void {
    const statuses = directoryServiceModel.enumOf('DataAccessStatus');
    if (!statuses.includes(status))
      throw new ControlError(400, `status must be one of ${statuses.join(', ')}`);
    const directory = this.directory(directoryId);
    if (directory.directoryType !== 'MANAGED_AD') {
      throw new ControlError(409, `directory ${directoryId} is ${directory.directoryType}, not MANAGED_AD`);
    }
    directory.dataAccess = status;
    this.changed();
  }

  /** A directory in whichever Region it is (directory ids are unique across Regions). */
  private directory(directoryId: string): SimDirectory {
    for (const state of Object.values(this.world.regions)) {
      const directory = state.directories.find((d) => d.directoryId === directoryId);
      if (directory) return directory;
    }
    throw new ControlError(404, `unknown directory ${directoryId}`);
  }

  addUsers(directoryId: string, userNames: string[]): void {
    const directory = this.directory(directoryId);
    for (const name of userNames) {
      if (typeof name !== 'string' || name.length < 1 || name.length > 63) {
        throw new ControlError(400, 'user names must be strings of 1 to 63 characters');
      }
    }
    const known = new Set(directory.users.map((u) => u.toLowerCase()));
    for (const name of userNames) {
      if (!known.has(name.toLowerCase())) {
        directory.users.push(name);
        known.add(name.toLowerCase());
      }
    }
    this.changed();
  }

  removeUser(directoryId: string, userName: string): boolean {
    const directory = this.directory(directoryId);
    const before = directory.users.length;
    directory.users = directory.users.filter((u) => u.toLowerCase() !== userName.toLowerCase());
    this.changed();
    return directory.users.length < before;
  }

  /** The directories of every Region, or of one. */
  directories(region?: string): DirectoryInfo[] {
    return Object.entries(this.world.regions)
      .filter(([name]) => region === undefined || name === region)
      .flatMap(([name, state]) => state.directories.map((d) => ({ region: name, ...d })))
      .map((d) => ({
        region: d.region,
        directoryId: d.directoryId,
        alias: d.alias,
        directoryName: d.directoryName,
        registrationCode: d.registrationCode,
        directoryType: d.directoryType,
        stage: d.stage,
        users: [...d.users],
        passwordResets: { ...d.passwordResets },
        ...(d.directoryType === 'MANAGED_AD'
          ? {
              dataAccess: d.dataAccess ?? 'Disabled',
              createdUsers: (d.createdUsers ?? []).map((u) => ({ ...u })),
            }
          : {}),
      }));
  }

  /** How many times ResetUserPassword succeeded for this user. */
  passwordResetCount(directoryId: string, userName: string): number {
    const directory = this.directory(directoryId);
    const user = directory.users.find((u) => u.toLowerCase() === userName.toLowerCase()) ?? userName;
    return directory.passwordResets[user] ?? 0;
  }

  /**
   * The whole state with derived WorkSpace states, for `GET /_sim/state` and for people debugging: every
   * Region, or only `region`. Each directory and WorkSpace names its Region.
   */
  snapshot(region?: string) {
    const ctx = this.context();
    const workspaces = Object.entries(this.world.regions)
      .filter(([name]) => region === undefined || name === region)
      .flatMap(([name, state]) => state.workspaces.map((w) => ({ region: name, w, tags: state.tags })));
    return {
      region: this.region,
      regions: Object.keys(this.world.regions),
      accountId: this.accountId,
      now: this.clock.now().toISOString(),
      provisioningDelayMs: this.plan.delayMs,
      provisioning: this.plan.settings(),
      faults: this.faults(),
      directories: this.directories(region),
      workspaces: workspaces.map(({ region: wsRegion, w, tags }) => ({
        region: wsRegion,
        workspaceId: w.workspaceId,
        directoryId: w.directoryId,
        userName: w.userName,
        bundleId: w.bundleId,
        state: workspaceState(ctx, w),
        createdAt: new Date(w.createdAtMs).toISOString(),
        path: w.path.map((p) =>
          p.untilMs === undefined
            ? { state: p.state }
            : { state: p.state, until: new Date(p.untilMs).toISOString() },
        ),
        protocols: w.properties.Protocols,
        connected: w.connected,
        lastLoginAt: w.lastLoginMs === undefined ? null : new Date(w.lastLoginMs).toISOString(),
        tags: tags[w.workspaceId] ?? [],
      })),
    };
  }

  /** A user signs in from a client: the WorkSpace reports CONNECTED and the EventBridge event fires. */
  login(workspaceId: string, details: LoginDetails = {}): WorkspacesAccessEvent {
    const [region, ws] =
      Object.entries(this.world.regions)
        .map(([name, state]) => [name, state.workspaces.find((w) => w.workspaceId === workspaceId)] as const)
        .find(([, found]) => found) ?? [];
    if (!ws || !region) throw new ControlError(404, `unknown WorkSpace ${workspaceId}`);
    const state = workspaceState(this.context(), ws);
    if (state !== 'AVAILABLE')
      throw new ControlError(409, `WorkSpace ${workspaceId} is ${state}, not AVAILABLE`);
    const now = this.clock.now();
    ws.lastLoginMs = now.getTime();
    ws.connected = true;
    this.changed();
    const event: WorkspacesAccessEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'WorkSpaces Access',
      source: 'aws.workspaces',
      account: this.accountId,
      // EventBridge envelopes carry whole seconds.
      time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      // Published on the event bus of the WorkSpace's Region.
      region,
      resources: [],
      detail: {
        actionType: 'successfulLogin',
        workspaceId: ws.workspaceId,
        directoryId: ws.directoryId,
        loginTime: now.toISOString(),
        clientPlatform: details.clientPlatform ?? 'Windows',
        clientIpAddress: details.clientIpAddress ?? '198.51.100.24',
        clientVersion: details.clientVersion ?? '5.22.1.5228',
      },
    };
    try {
      this.onLogin?.(event);
    } catch (err) {
      // A failing listener must not undo the login the user already made.
      console.error('[workspaces-sim] onLogin listener failed', err);
    }
    return event;
  }

  /** Back to the seeded state, default faults, budget and provisioning, zero counters, fresh random sequences. */
  reset(): void {
    this.world = seedWorld(this.clock, this.region, this.seeds);
    this.plan.reset();
    this.faultState = noFaults();
    this.applyBudget(this.initialBudget);
    this.faultRandom = seededRandom(this.seed);
    this.idRandom = seededRandom(this.seed ^ 0x5eed);
    this.counts.clear();
    this.changed();
  }

  private changed(): void {
    if (!this.stateFile) return;
    this.unsaved = true;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.flush(), SAVE_DEBOUNCE_MS);
    this.saveTimer.unref();
  }

  /**
   * Before an answer goes out: a change the caller is told about (a WorkSpace created, a user added) is on
   * disk first, as AWS never forgets a WorkSpace it accepted. Nothing to do without a state file.
   */
  saveChanges(): Promise<void> {
    return this.unsaved ? this.flush() : this.saving;
  }

  /** Writes pending changes now (also used on close). */
  flush(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const file = this.stateFile;
    if (!file) return Promise.resolve();
    this.unsaved = false;
    const snapshot = structuredClone(this.world);
    this.saving = this.saving
      .then(() => saveState(file, snapshot))
      .catch((err) => console.error('[workspaces-sim] could not save state', file, err));
    return this.saving;
  }
}

/** A request's JSON body (empty: `{}`), or the SerializationException AWS answers for anything else. */
function jsonObjectBody(rawBody: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = rawBody.trim() === '' ? {} : JSON.parse(rawBody);
  } catch {
    throw new AwsError('SerializationException', 'Request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AwsError('SerializationException', 'Request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/** The fault settings a simulator starts with and goes back to on reset: none. */
function noFaults(): Faults {
  return {
    throttleRate: 0,
    serverErrorRate: 0,
    nextWorkspacesError: 0,
    loseCreateUserAnswers: 0,
    budget: null,
  };
}
