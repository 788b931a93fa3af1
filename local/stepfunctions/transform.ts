/**
 * Turns our ASL into what aws-local-stepfunctions can run faithfully. The engine has gaps (see
 * docs/decisions.md, "An in-process local cloud"): it waits in real time, applies a real-time 60 s default
 * timeout to every Task, never generates `$$.Task.Token`, ignores JSONata and overwrites
 * `$$.Execution.StartTime` with the real time. So:
 * - every Task runs through a local handler; its TimeoutSeconds/HeartbeatSeconds move to our plan (enforced
 *   on the movable clock) and the engine gets a timeout too long to ever fire;
 * - every Wait becomes a Task with a local handler that sleeps on the clock; Parameters let the engine
 *   evaluate SecondsPath/TimestampPath against the effective input exactly as a Wait would;
 * - the top-level TimeoutSeconds is removed (enforced on the clock);
 * - `$$.Execution.StartTime` points at a context field we fill from the clock.
 * The original definition is kept untouched for DescribeStateMachine.
 */

export type TaskKind = 'lambda-arn' | 'lambda-invoke' | 'callback' | 'unsupported';

export interface TaskPlan {
  kind: TaskKind;
  resource: string;
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
}

export interface PreparedDefinition {
  engineDefinition: Record<string, unknown>;
  tasks: Map<string, TaskPlan>;
  /** Names of Wait states rewritten into Tasks (reported as Wait states in the history). */
  waits: Set<string>;
  timeoutSeconds?: number;
}

/** Resource of a rewritten Wait; never called, its local handler answers. */
export const WAIT_RESOURCE = 'arn:aws:states:::local:wait';
/** Longest timeout Node's setTimeout can hold (2^31-1 ms); the engine arms one per Task. */
export const ENGINE_TASK_TIMEOUT_SECONDS = 2_147_483;
/** Context field that replaces `$$.Execution.StartTime` (the engine overwrites that one with real time). */
export const START_TIME_CONTEXT_FIELD = 'LocalStartTime';

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;

type Json = Record<string, unknown>;

export function prepareDefinition(definition: object): PreparedDefinition {
  const source = definition as Json;
  assertJsonPath(source, 'the state machine');
  const tasks = new Map<string, TaskPlan>();
  const waits = new Set<string>();
  const seen = new Set<string>();
  const engineDefinition = transformMachine(source, { tasks, waits, seen });
  let timeoutSeconds: number | undefined;
  if (typeof source.TimeoutSeconds === 'number') {
    timeoutSeconds = source.TimeoutSeconds;
    delete engineDefinition.TimeoutSeconds;
  }
  return {
    engineDefinition: rewriteStartTime(engineDefinition) as Json,
    tasks,
    waits,
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
  };
}

export function taskKind(resource: string): TaskKind {
  if (LAMBDA_ARN.test(resource)) return 'lambda-arn';
  if (/^arn:aws[a-z-]*:states:::lambda:invoke$/.test(resource)) return 'lambda-invoke';
  if (/^arn:aws[a-z-]*:states:::lambda:invoke\.waitForTaskToken$/.test(resource)) return 'callback';
  return 'unsupported';
}

interface Collect {
  tasks: Map<string, TaskPlan>;
  waits: Set<string>;
  seen: Set<string>;
}

function transformMachine(machine: Json, collect: Collect): Json {
  const states = machine.States;
  if (!states || typeof states !== 'object') throw new Error('a state machine needs "States"');
  const out: Json = {};
  for (const [name, state] of Object.entries(states as Record<string, Json>)) {
    // Handlers are keyed by state name across the whole machine, nested ones included.
    if (collect.seen.has(name)) throw new Error(`state name "${name}" is used twice; names must be unique`);
    collect.seen.add(name);
    assertJsonPath(state, `state "${name}"`);
    out[name] = transformState(name, state, collect);
  }
  return { ...machine, States: out };
}

function transformState(name: string, state: Json, collect: Collect): Json {
  switch (state.Type) {
    case 'Task':
      return transformTask(name, state, collect);
    case 'Wait':
      collect.waits.add(name);
      return transformWait(state);
    case 'Map': {
      const copy: Json = { ...state };
      for (const key of ['ItemProcessor', 'Iterator']) {
        if (copy[key]) copy[key] = transformMachine(copy[key] as Json, collect);
      }
      return copy;
    }
    case 'Parallel':
      return {
        ...state,
        Branches: ((state.Branches as Json[]) ?? []).map((branch) => transformMachine(branch, collect)),
      };
    default:
      return state;
  }
}

function transformTask(name: string, state: Json, collect: Collect): Json {
  for (const key of ['TimeoutSecondsPath', 'HeartbeatSecondsPath']) {
    if (key in state) throw new Error(`state "${name}": ${key} is not supported by the local Step Functions`);
  }
  const resource = String(state.Resource);
  const plan: TaskPlan = { kind: taskKind(resource), resource };
  if (typeof state.TimeoutSeconds === 'number') plan.timeoutSeconds = state.TimeoutSeconds;
  if (typeof state.HeartbeatSeconds === 'number') plan.heartbeatSeconds = state.HeartbeatSeconds;
  collect.tasks.set(name, plan);
  const { TimeoutSeconds: _t, HeartbeatSeconds: _h, ...rest } = state;
  return { ...rest, TimeoutSeconds: ENGINE_TASK_TIMEOUT_SECONDS };
}

/** Payload the rewritten Wait's handler receives: the effective input plus the wait spec, paths resolved. */
export interface WaitInput {
  input: unknown;
  seconds?: number;
  timestamp?: string;
}

function transformWait(state: Json): Json {
  const parameters: Json = { 'input.$': '$' };
  if ('Seconds' in state) parameters.seconds = state.Seconds;
  else if ('SecondsPath' in state) parameters['seconds.$'] = state.SecondsPath;
  else if ('Timestamp' in state) parameters.timestamp = state.Timestamp;
  else if ('TimestampPath' in state) parameters['timestamp.$'] = state.TimestampPath;
  const task: Json = {
    Type: 'Task',
    Resource: WAIT_RESOURCE,
    Parameters: parameters,
    TimeoutSeconds: ENGINE_TASK_TIMEOUT_SECONDS,
  };
  for (const key of ['Comment', 'InputPath', 'OutputPath', 'Next', 'End']) {
    if (key in state) task[key] = state[key];
  }
  return task;
}

function assertJsonPath(node: Json, where: string): void {
  if (node.QueryLanguage !== undefined && node.QueryLanguage !== 'JSONPath') {
    throw new Error(
      `${where} declares QueryLanguage ${JSON.stringify(node.QueryLanguage)}: only JSONPath is supported (aws-local-stepfunctions silently ignores JSONata)`,
    );
  }
}

function rewriteStartTime(value: unknown): unknown {
  if (typeof value === 'string') {
    // A function replacer: in a replacement string "$$" would mean a single "$".
    return value.replaceAll('$$.Execution.StartTime', () => `$$.Execution.${START_TIME_CONTEXT_FIELD}`);
  }
  if (Array.isArray(value)) return value.map(rewriteStartTime);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteStartTime(v)]));
  }
  return value;
}
