import './polyfill';
import { randomUUID } from 'node:crypto';
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { StateMachine } from 'aws-local-stepfunctions';
import { type Budget, createTokenBucket, type TokenBucket } from '../../src/kernel/token-bucket';
import type { LocalClock } from '../clock';
import { SfnApiError, StatesError, TerminalStatesError } from './errors';
import { type EngineEvent, History, toWire, translateEngineEvent } from './history';
import { type Journal, type JournalEntry, openJournal, readJournal } from './journal';
import { EXECUTION_MAX_MS, PAYLOAD_MAX_BYTES, payloadBytes, validateRequest } from './limits';
import { type ExecutionStatusChangeEvent, statusChangeEvent } from './status-events';
import { TaskTokens } from './task-tokens';
import { lambdaParameters, lambdaResponse, replaceToken, splitResource, withDeadlines } from './tasks';
import {
  type PreparedDefinition,
  prepareDefinition,
  START_TIME_CONTEXT_FIELD,
  type TaskPlan,
  type WaitInput,
} from './transform';

export interface LocalStateMachine {
  name: string;
  /** already resolved ASL (no CloudFormation intrinsics) */
  definition: object;
}

export interface StepFunctionsOptions {
  clock: LocalClock;
  region?: string;
  accountId?: string;
  stateMachines: LocalStateMachine[];
  invokeLambda: (functionArn: string, event: unknown) => Promise<unknown>;
  onTaskError?: (err: unknown) => void;
  /**
   * Keep executions in this file between runs (see journal.ts); in memory only when absent. StartExecution
   * and StopExecution answer once their change is on disk there.
   */
  stateFile?: string;
  /**
   * Start the journal's RUNNING executions again at construction (default). False leaves that to
   * `resumeRunning()`: the local cloud first points the functions' environment at its services.
   */
  resumeRunning?: boolean;
  /**
   * Every status change (RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED) as the EventBridge event AWS
   * sends to the default bus. Not called for executions the endpoint aborts while it shuts down.
   */
  onStatusChange?: (event: ExecutionStatusChangeEvent) => void;
  /**
   * The StartExecution bucket of the account and Region (Standard workflows), refused with
   * ThrottlingException past it; default `START_BUDGET_TOKYO`, null for none.
   */
  startBudget?: Budget | null;
  /** The bucket's time in ms (real time by default, as on AWS; tests freeze it). */
  startBucketTimeMs?: () => number;
}

/**
 * Step Functions quotas, API action throttling: StartExecution of Standard workflows in every Region but
 * us-east-1, us-west-2 and eu-west-1 (Tokyo among them), bucket 800, refill 150 a second (docs/aws-facts.md).
 */
export const START_BUDGET_TOKYO: Budget = { ratePerSecond: 150, burst: 800 };

/** What `GET /_local/start-bucket` shows: the budget, the tokens left, the starts allowed and refused. */
export interface StartBucketState {
  budget: Budget | null;
  available: number | null;
  /** StartExecution calls that took a token. */
  allowed: number;
  throttled: number;
}

type Status = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

interface Machine {
  name: string;
  arn: string;
  definition: object;
  prepared: PreparedDefinition;
  engine: StateMachine;
  creationDate: number;
}

interface Execution {
  arn: string;
  name: string;
  machine: Machine;
  input: string;
  status: Status;
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  history: History;
  /** Aborted when the execution closes, for any reason: releases clock sleepers and pending tasks. */
  controller: AbortController;
  /** Set when the endpoint failed the execution itself: later engine events are not history. */
  historyClosed?: boolean;
  abortRun: () => void;
  done: Promise<void>;
  /** Resolves when the journal holds the execution's latest start or stop (at once without a journal). */
  durable: Promise<void>;
}

type Input = Record<string, unknown>;

// AWS execution-name rules: no whitespace, no `<>{}[]?*"#%\^|~`$&,;:/`, no control characters (\p{Cc});
// the length (1 to 80) is a model constraint, checked with the others in limits.ts.
const NAME_FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]|\p{Cc}/u;
const ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:(stateMachine|execution):/;

/** The in-memory Step Functions service; `server.ts` puts the JSON protocol in front of it. */
export class LocalStepFunctions {
  readonly region: string;
  readonly accountId: string;
  private readonly clock: LocalClock;
  private readonly machines = new Map<string, Machine>();
  private readonly executions = new Map<string, Execution>();
  private readonly tokens = new TaskTokens();
  private readonly invokeLambda: StepFunctionsOptions['invokeLambda'];
  private readonly onTaskError: StepFunctionsOptions['onTaskError'];
  private readonly onStatusChange: StepFunctionsOptions['onStatusChange'];
  private readonly roleArn: string;
  private readonly journal: Journal | undefined;
  private closing = false;
  private startBudget: Budget | null = null;
  private startBucket: TokenBucket | null = null;
  private startCounts = { allowed: 0, throttled: 0 };
  private readonly startBucketTimeMs: (() => number) | undefined;
  private toResume: { execution: Execution; input: unknown }[] = [];

  constructor(opts: StepFunctionsOptions) {
    this.clock = opts.clock;
    this.region = opts.region ?? 'ap-northeast-1';
    this.accountId = opts.accountId ?? '000000000000';
    this.invokeLambda = opts.invokeLambda;
    this.onTaskError = opts.onTaskError;
    this.onStatusChange = opts.onStatusChange;
    this.roleArn = `arn:aws:iam::${this.accountId}:role/local-stepfunctions`;
    this.startBucketTimeMs = opts.startBucketTimeMs;
    this.setStartBudget(opts.startBudget === undefined ? START_BUDGET_TOKYO : opts.startBudget);
    for (const { name, definition } of opts.stateMachines) {
      const arn = this.stateMachineArn(name);
      if (this.machines.has(arn)) throw new Error(`state machine "${name}" is defined twice`);
      let prepared: PreparedDefinition;
      let engine: StateMachine;
      try {
        prepared = prepareDefinition(definition);
        // Built once: construction validates the definition and costs ~65 ms. ARNs are not checked here
        // because the rewritten Waits use a local resource; `tsx local/validate-asl.ts` checks the originals.
        engine = new StateMachine(prepared.engineDefinition as never, {
          validationOptions: { checkArn: false, checkPaths: true },
        });
      } catch (err) {
        throw new Error(`state machine "${name}": ${(err as Error).message}`, { cause: err });
      }
      this.machines.set(arn, { name, arn, definition, prepared, engine, creationDate: this.clock.nowMs() });
    }
    if (opts.stateFile) {
      const entries = readJournal(opts.stateFile);
      this.journal = openJournal(opts.stateFile, {
        snapshot: () => [...this.executions.values()].map(journalEntry),
        count: () => this.executions.size,
      });
      for (const entry of entries) this.restore(entry);
      if (opts.resumeRunning !== false) this.resumeRunning();
    }
  }

  /** Starts the restored RUNNING executions again from the beginning (once). */
  resumeRunning(): void {
    const pending = this.toResume;
    this.toResume = [];
    for (const { execution, input } of pending) {
      if (execution.status === 'RUNNING') this.run(execution, input);
    }
  }

  /** Writes the execution's current status to the journal; `durable` resolves when it is on disk. */
  private journalize(e: Execution): Promise<void> {
    if (!this.journal) return Promise.resolve();
    e.durable = this.journal.write(journalEntry(e));
    e.durable.catch(() => {}); // reported by the journal; a waiting caller sees the rejection
    return e.durable;
  }

  /** A journaled execution: closed ones come back as they ended, running ones start again. */
  private restore(entry: JournalEntry): void {
    const machine = this.machines.get(this.stateMachineArn(entry.machineName));
    if (!machine) return;
    const arn = `arn:aws:states:${this.region}:${this.accountId}:execution:${machine.name}:${entry.name}`;
    const execution: Execution = {
      arn,
      name: entry.name,
      machine,
      input: entry.input,
      status: entry.status as Status,
      startDate: entry.startDate,
      ...(entry.stopDate !== undefined ? { stopDate: entry.stopDate } : {}),
      ...(entry.output !== undefined ? { output: entry.output } : {}),
      ...(entry.error !== undefined ? { error: entry.error } : {}),
      ...(entry.cause !== undefined ? { cause: entry.cause } : {}),
      history: new History(),
      controller: new AbortController(),
      abortRun: () => {},
      done: Promise.resolve(),
      durable: Promise.resolve(),
    };
    this.executions.set(arn, execution);
    if (execution.status === 'RUNNING') this.toResume.push({ execution, input: JSON.parse(entry.input) });
  }

  stateMachineArn(name: string): string {
    return `arn:aws:states:${this.region}:${this.accountId}:stateMachine:${name}`;
  }

  /** A new StartExecution budget, its bucket full (null: no throttling); the counts start again. */
  setStartBudget(budget: Budget | null): void {
    this.startBudget = budget ? { ratePerSecond: budget.ratePerSecond, burst: budget.burst } : null;
    this.startBucket = budget
      ? createTokenBucket({ ...budget, ...(this.startBucketTimeMs ? { nowMs: this.startBucketTimeMs } : {}) })
      : null;
    this.startCounts = { allowed: 0, throttled: 0 };
  }

  startBucketState(): StartBucketState {
    return {
      budget: this.startBudget,
      available: this.startBucket ? Math.floor(this.startBucket.available()) : null,
      ...this.startCounts,
    };
  }

  /** Dispatches one JSON-protocol operation (`X-Amz-Target: AWSStepFunctions.<op>`). */
  async handle(op: string, input: Input): Promise<unknown> {
    if (op === 'StartExecution') {
      // Throttled before anything is read, as the WorkSpaces simulator does: a refused call changes nothing.
      if (this.startBucket && !this.startBucket.tryTake()) {
        this.startCounts.throttled += 1;
        throw new SfnApiError('ThrottlingException', 'Rate exceeded');
      }
      this.startCounts.allowed += 1;
    }
    validateRequest(op, input);
    switch (op) {
      case 'ListStateMachines':
        return this.listStateMachines(input);
      case 'DescribeStateMachine':
        return this.describeStateMachine(input);
      case 'StartExecution':
        return await this.startExecution(input);
      case 'DescribeExecution':
        return this.describeExecution(input);
      case 'ListExecutions':
        return this.listExecutions(input);
      case 'StopExecution':
        return await this.stopExecution(input);
      case 'GetExecutionHistory':
        return this.getExecutionHistory(input);
      case 'SendTaskSuccess':
        this.tokens.sendSuccess(input.taskToken, input.output);
        return {};
      case 'SendTaskFailure':
        this.tokens.sendFailure(input.taskToken, input.error, input.cause);
        return {};
      case 'SendTaskHeartbeat':
        this.tokens.sendHeartbeat(input.taskToken);
        return {};
      default:
        throw new SfnApiError('UnknownOperationException', `operation ${op} is not supported locally`);
    }
  }

  listStateMachines(input: Input): unknown {
    const all = [...this.machines.values()].map((m) => ({
      stateMachineArn: m.arn,
      name: m.name,
      type: 'STANDARD',
      creationDate: m.creationDate / 1000,
    }));
    const { items, nextToken } = paginate(all, input);
    return { stateMachines: items, ...(nextToken ? { nextToken } : {}) };
  }

  describeStateMachine(input: Input): unknown {
    const m = this.machine(input.stateMachineArn);
    return {
      stateMachineArn: m.arn,
      name: m.name,
      status: 'ACTIVE',
      definition: JSON.stringify(m.definition, null, 2),
      roleArn: this.roleArn,
      type: 'STANDARD',
      creationDate: m.creationDate / 1000,
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    };
  }

  /** Answers once the execution is in the journal: a start the caller was told about survives a kill. */
  async startExecution(input: Input): Promise<unknown> {
    const machine = this.machine(input.stateMachineArn);
    const name = typeof input.name === 'string' ? input.name : randomUUID();
    if (NAME_FORBIDDEN.test(name)) throw new SfnApiError('InvalidName', `Invalid Name: '${name}'`);
    const inputText = typeof input.input === 'string' ? input.input : '{}';
    let parsed: unknown;
    try {
      parsed = JSON.parse(inputText);
    } catch {
      throw new SfnApiError('InvalidExecutionInput', 'Invalid State Machine Execution Input: not valid JSON');
    }
    const arn = `arn:aws:states:${this.region}:${this.accountId}:execution:${machine.name}:${name}`;
    const existing = this.executions.get(arn);
    if (existing) {
      // As on AWS (Standard): a repeated start of a RUNNING execution with the same input is idempotent.
      if (existing.status === 'RUNNING' && existing.input === inputText) {
        await existing.durable;
        return { executionArn: existing.arn, startDate: existing.startDate / 1000 };
      }
      throw new SfnApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const execution: Execution = {
      arn,
      name,
      machine,
      input: inputText,
      status: 'RUNNING',
      startDate: this.clock.nowMs(),
      history: new History(),
      controller: new AbortController(),
      abortRun: () => {},
      done: Promise.resolve(),
      durable: Promise.resolve(),
    };
    // In the map at once, so a concurrent duplicate start finds it (and waits for the same write).
    this.executions.set(arn, execution);
    try {
      await this.journalize(execution);
    } catch (err) {
      this.executions.delete(arn);
      throw new SfnApiError('InternalFailure', `could not journal the execution: ${String(err)}`, 500);
    }
    this.run(execution, parsed);
    this.publish(execution);
    return { executionArn: arn, startDate: execution.startDate / 1000 };
  }

  describeExecution(input: Input): unknown {
    const e = this.execution(input.executionArn);
    return {
      executionArn: e.arn,
      stateMachineArn: e.machine.arn,
      name: e.name,
      status: e.status,
      startDate: e.startDate / 1000,
      ...(e.stopDate !== undefined ? { stopDate: e.stopDate / 1000 } : {}),
      input: e.input,
      inputDetails: { included: true },
      ...(e.output !== undefined ? { output: e.output, outputDetails: { included: true } } : {}),
      ...(e.error !== undefined ? { error: e.error } : {}),
      ...(e.cause !== undefined ? { cause: e.cause } : {}),
    };
  }

  listExecutions(input: Input): unknown {
    const machine = this.machine(input.stateMachineArn);
    const filter = input.statusFilter;
    const all = [...this.executions.values()]
      .filter((e) => e.machine === machine && (filter === undefined || e.status === filter))
      .reverse()
      .map((e) => ({
        executionArn: e.arn,
        stateMachineArn: machine.arn,
        name: e.name,
        status: e.status,
        startDate: e.startDate / 1000,
        ...(e.stopDate !== undefined ? { stopDate: e.stopDate / 1000 } : {}),
      }));
    const { items, nextToken } = paginate(all, input);
    return { executions: items, ...(nextToken ? { nextToken } : {}) };
  }

  async stopExecution(input: Input): Promise<unknown> {
    const e = this.execution(input.executionArn);
    const error = typeof input.error === 'string' ? input.error : undefined;
    const cause = typeof input.cause === 'string' ? input.cause : undefined;
    this.stop(e, 'ABORTED', error, cause);
    // A stop the caller was told about must not come back to life after a restart.
    await e.durable.catch(() => undefined);
    return { stopDate: (e.stopDate ?? this.clock.nowMs()) / 1000 };
  }

  getExecutionHistory(input: Input): unknown {
    const e = this.execution(input.executionArn);
    const events = e.history.events.map(toWire);
    if (input.reverseOrder === true) events.reverse();
    const { items, nextToken } = paginate(events, input);
    return { events: items, ...(nextToken ? { nextToken } : {}) };
  }

  /** Aborts every running execution and waits until none of them has anything left pending. */
  async close(): Promise<void> {
    // Executions still running stay RUNNING in the journal (their aborts below are not written): they
    // start again on the next start.
    this.closing = true;
    await this.journal?.flush();
    const running = [...this.executions.values()].filter((e) => e.status === 'RUNNING');
    for (const e of running)
      this.stop(e, 'ABORTED', 'States.Aborted', 'local Step Functions endpoint closed');
    await Promise.all(running.map((e) => e.done));
    await this.journal?.close();
  }

  private machine(arn: unknown): Machine {
    if (typeof arn !== 'string') throw new SfnApiError('ValidationException', 'stateMachineArn is required');
    if (!ARN.test(arn)) throw new SfnApiError('InvalidArn', `Invalid Arn: '${arn}'`);
    const machine = this.machines.get(arn);
    if (!machine) throw new SfnApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  }

  private execution(arn: unknown): Execution {
    if (typeof arn !== 'string') throw new SfnApiError('ValidationException', 'executionArn is required');
    if (!ARN.test(arn)) throw new SfnApiError('InvalidArn', `Invalid Arn: '${arn}'`);
    const execution = this.executions.get(arn);
    if (!execution) throw new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return execution;
  }

  private run(e: Execution, input: unknown): void {
    const { prepared, engine } = e.machine;
    // The engine cannot make task tokens; every `$$.Task.Token` resolves to this per-run placeholder,
    // which the task handler swaps for a fresh real token each time the task is entered.
    const placeholder = `local-task-token-${randomUUID()}`;
    // Every Task (and rewritten Wait) runs through a local handler keyed by state name.
    const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [stateName, plan] of prepared.tasks) {
      handlers[stateName] = (taskInput) => this.runTask(e, stateName, plan, taskInput, placeholder);
    }
    for (const stateName of prepared.waits) {
      handlers[stateName] = (waitInput) => this.runWait(e, waitInput as WaitInput);
    }
    const run = engine.run(input as never, {
      overrides: { taskResourceLocalHandlers: handlers as never },
      noThrowOnAbort: true,
      context: {
        Execution: {
          Id: e.arn,
          Name: e.name,
          RoleArn: this.roleArn,
          [START_TIME_CONTEXT_FIELD]: new Date(e.startDate).toISOString(),
        },
        StateMachine: { Id: e.machine.arn, Name: e.machine.name },
        Task: { Token: placeholder },
      },
    });
    e.abortRun = run.abort;
    const { signal } = e.controller;
    // The definition's TimeoutSeconds or AWS's one-year maximum, whichever comes first, on the movable clock.
    const ownDeadline =
      prepared.timeoutSeconds !== undefined ? e.startDate + prepared.timeoutSeconds * 1000 : Infinity;
    const [deadline, cause] =
      ownDeadline <= e.startDate + EXECUTION_MAX_MS
        ? [ownDeadline, 'The execution exceeded its TimeoutSeconds']
        : [
            e.startDate + EXECUTION_MAX_MS,
            'The execution ran longer than the maximum execution time of one year',
          ];
    this.clock
      .sleepUntil(deadline, signal)
      .then(() => this.stop(e, 'TIMED_OUT', 'States.Timeout', cause))
      .catch(() => {});
    // The engine's events are recorded first, so a state output over the quota fails the execution
    // before a success at its end could count.
    const recorded = this.record(e, run.eventLogs as AsyncGenerator<EngineEvent>);
    const result = run.result.then(
      async (output) => {
        await recorded;
        const text = JSON.stringify(output ?? null);
        if (Buffer.byteLength(text, 'utf8') > PAYLOAD_MAX_BYTES) {
          this.finish(e, 'FAILED', {
            error: 'States.DataLimitExceeded',
            cause: tooLarge('execution', 'produced an output'),
          });
        } else {
          this.finish(e, 'SUCCEEDED', { output: text });
        }
      },
      async (err: unknown) => {
        await recorded;
        // ExecutionError wraps the state's error: its name is the Step Functions Error, message the Cause.
        const inner = (err as { cause?: unknown }).cause;
        const failure = inner instanceof Error ? inner : (err as Error);
        this.finish(e, 'FAILED', { error: failure?.name ?? 'States.Runtime', cause: failure?.message });
      },
    );
    e.done = Promise.all([result, recorded]).then(() => {});
  }

  private async record(e: Execution, events: AsyncGenerator<EngineEvent>): Promise<void> {
    for await (const event of events) {
      if (e.historyClosed) continue;
      if (event.type === 'ExecutionAborted') {
        // We stopped the engine: a timeout or StopExecution.
        const details = { error: e.error, cause: e.cause };
        e.history.add(
          e.status === 'TIMED_OUT' ? 'ExecutionTimedOut' : 'ExecutionAborted',
          this.clock.nowMs(),
          details,
        );
        continue;
      }
      if (
        event.type === 'StateExited' &&
        event.state &&
        payloadBytes(event.state.output) > PAYLOAD_MAX_BYTES
      ) {
        // A terminal error no Catch sees: the execution fails where the state ended, as on AWS.
        const cause = tooLarge(`state '${event.state.name}'`, 'produced an output');
        this.stop(e, 'FAILED', 'States.DataLimitExceeded', cause);
        e.history.add('ExecutionFailed', this.clock.nowMs(), { error: 'States.DataLimitExceeded', cause });
        e.historyClosed = true;
        continue;
      }
      const translated = translateEngineEvent(event, e.machine.prepared.waits, this.roleArn);
      if (translated) e.history.add(translated.type, this.clock.nowMs(), translated.details);
    }
  }

  private finish(e: Execution, status: Status, fields: Partial<Execution>): void {
    if (e.status !== 'RUNNING') return;
    Object.assign(e, fields, { status, stopDate: this.clock.nowMs() });
    e.controller.abort();
    if (!this.closing) void this.journalize(e);
    this.publish(e);
  }

  /** The status change event, as Step Functions sends it to EventBridge; never while shutting down. */
  private publish(e: Execution): void {
    if (!this.onStatusChange || this.closing) return;
    const event = statusChangeEvent({
      executionArn: e.arn,
      stateMachineArn: e.machine.arn,
      name: e.name,
      status: e.status,
      startDate: e.startDate,
      stopDate: e.stopDate,
      input: e.input,
      output: e.output,
      region: this.region,
      accountId: this.accountId,
      now: this.clock.now(),
    });
    try {
      this.onStatusChange(event);
    } catch (err) {
      console.error('[stepfunctions] status change listener failed', err);
    }
  }

  private stop(e: Execution, status: Status, error: string | undefined, cause: string | undefined): void {
    if (e.status !== 'RUNNING') return;
    this.finish(e, status, { error, cause });
    e.abortRun();
  }

  private async runWait(e: Execution, input: WaitInput): Promise<unknown> {
    let atMs: number;
    if (typeof input.seconds === 'number' && input.seconds >= 0) {
      atMs = this.clock.nowMs() + input.seconds * 1000;
    } else if (typeof input.timestamp === 'string' && !Number.isNaN(Date.parse(input.timestamp))) {
      atMs = Date.parse(input.timestamp);
    } else {
      throw new StatesError('States.Runtime', `Wait: invalid seconds/timestamp ${JSON.stringify(input)}`);
    }
    try {
      await this.clock.sleepUntil(atMs, e.controller.signal);
    } catch {
      throw new StatesError('States.Runtime', 'execution stopped');
    }
    return input.input;
  }

  private async runTask(
    e: Execution,
    stateName: string,
    plan: TaskPlan,
    input: unknown,
    placeholder: string,
  ): Promise<unknown> {
    // The engine calls this in the same tick as it emits StateEntered, which our history reader sees a
    // few microtasks later; one macrotask keeps TaskScheduled after TaskStateEntered.
    await nextMacrotask();
    const { signal } = e.controller;
    if (signal.aborted) throw new StatesError('States.Runtime', 'execution stopped');
    const log = (type: string, details?: Record<string, unknown>) => {
      if (!signal.aborted) e.history.add(type, this.clock.nowMs(), details);
    };
    const lambdaArn = plan.kind === 'lambda-arn';
    // AWS names the Lambda ARN of a plain Lambda task, the state otherwise.
    const what = `state/task '${lambdaArn ? plan.resource : stateName}'`;
    if (payloadBytes(input) > PAYLOAD_MAX_BYTES) {
      throw new TerminalStatesError('States.DataLimitExceeded', tooLarge(what, 'was given an input'));
    }
    const [resourceType, resource] = splitResource(plan.resource);
    const taskFields = lambdaArn ? {} : { resourceType, resource };
    const scheduled = { timeoutInSeconds: plan.timeoutSeconds, heartbeatInSeconds: plan.heartbeatSeconds };
    try {
      const output = await withDeadlines(this.clock, plan, signal, async (onHeartbeat, taskSignal) => {
        switch (plan.kind) {
          case 'lambda-arn': {
            log('LambdaFunctionScheduled', {
              resource: plan.resource,
              input: JSON.stringify(input),
              ...scheduled,
            });
            log('LambdaFunctionStarted');
            return this.invoke(plan.resource, input);
          }
          case 'lambda-invoke': {
            log('TaskScheduled', {
              ...taskFields,
              region: this.region,
              parameters: JSON.stringify(input),
              ...scheduled,
            });
            log('TaskStarted', taskFields);
            const { FunctionName, Payload } = lambdaParameters(input);
            return lambdaResponse(await this.invoke(FunctionName, Payload));
          }
          case 'callback': {
            let succeed!: (output: unknown) => void;
            let fail!: (error: StatesError) => void;
            const answered = new Promise<unknown>((res, rej) => {
              succeed = res;
              fail = rej;
            });
            answered.catch(() => {}); // may settle while the Lambda call is still running, or after it failed
            // Timed out or stopped: settle so the token below is closed (late answers get TaskTimedOut).
            taskSignal.addEventListener(
              'abort',
              () => fail(new StatesError('States.Runtime', 'task closed')),
              {
                once: true,
              },
            );
            // Registered before the Lambda runs: in-process, it may answer before invoke() returns.
            const token = this.tokens.issue({
              executionArn: e.arn,
              stateName,
              succeed,
              fail,
              heartbeat: onHeartbeat,
            });
            try {
              const parameters = replaceToken(input, placeholder, token);
              log('TaskScheduled', {
                ...taskFields,
                region: this.region,
                parameters: JSON.stringify(parameters),
                ...scheduled,
              });
              log('TaskStarted', taskFields);
              const { FunctionName, Payload } = lambdaParameters(parameters);
              const response = lambdaResponse(await this.invoke(FunctionName, Payload));
              log('TaskSubmitted', { ...taskFields, output: JSON.stringify(response) });
              return await answered;
            } finally {
              this.tokens.close(token);
            }
          }
          default:
            log('TaskScheduled', { ...taskFields, region: this.region, parameters: JSON.stringify(input) });
            throw new StatesError(
              'States.Runtime',
              `Task resource ${plan.resource} is not supported by the local Step Functions (Lambda only)`,
            );
        }
      });
      const out = JSON.stringify(output ?? null);
      if (Buffer.byteLength(out, 'utf8') > PAYLOAD_MAX_BYTES) {
        throw new TerminalStatesError('States.DataLimitExceeded', tooLarge(what));
      }
      if (lambdaArn) log('LambdaFunctionSucceeded', { output: out, outputDetails: { truncated: false } });
      else log('TaskSucceeded', { ...taskFields, output: out, outputDetails: { truncated: false } });
      return output;
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      const timedOut = error.name === 'States.Timeout' || error.name === 'States.HeartbeatTimeout';
      const kind = lambdaArn ? 'LambdaFunction' : 'Task';
      log(`${kind}${timedOut ? 'TimedOut' : 'Failed'}`, {
        ...taskFields,
        error: error.name,
        cause: error.message,
      });
      throw error;
    }
  }

  /** Calls the Lambda in-process, with JSON round trips as over the wire; errors become States errors. */
  private async invoke(functionArn: string, payload: unknown): Promise<unknown> {
    let result: unknown;
    try {
      result = await this.invokeLambda(functionArn, JSON.parse(JSON.stringify(payload ?? {})));
    } catch (err) {
      this.onTaskError?.(err);
      const error = err instanceof Error ? err : new Error(String(err));
      const errorType = error.name || 'Error';
      // As on AWS: the Error is the Lambda's errorType, the Cause the Lambda's error JSON.
      throw new StatesError(errorType, JSON.stringify({ errorType, errorMessage: error.message }));
    }
    return result === undefined ? null : JSON.parse(JSON.stringify(result));
  }
}

function journalEntry(e: Execution): JournalEntry {
  return {
    machineName: e.machine.name,
    name: e.name,
    input: e.input,
    status: e.status,
    startDate: e.startDate,
    ...(e.stopDate !== undefined ? { stopDate: e.stopDate } : {}),
    ...(e.output !== undefined ? { output: e.output } : {}),
    ...(e.error !== undefined ? { error: e.error } : {}),
    ...(e.cause !== undefined ? { cause: e.cause } : {}),
  };
}

/** The Cause of States.DataLimitExceeded, worded as AWS words it for a task's result. */
function tooLarge(what: string, did = 'returned a result'): string {
  return `The ${what} ${did} with a size exceeding the maximum number of bytes service limit.`;
}

/** `maxResults` is 0 to 1000 (validated); 0 or absent means the default page of 100. */
function paginate<T>(all: T[], input: Input): { items: T[]; nextToken?: string } {
  const max = typeof input.maxResults === 'number' && input.maxResults > 0 ? input.maxResults : 100;
  let offset = 0;
  if (input.nextToken !== undefined) {
    const decoded = Number(Buffer.from(String(input.nextToken), 'base64url').toString('utf8'));
    if (!Number.isInteger(decoded) || decoded < 0) throw new SfnApiError('InvalidToken', 'Invalid Token');
    offset = decoded;
  }
  const items = all.slice(offset, offset + max);
  const next = offset + max;
  return next < all.length
    ? { items, nextToken: Buffer.from(String(next)).toString('base64url') }
    : { items };
}
