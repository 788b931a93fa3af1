/**
 * Execution history in the GetExecutionHistory shape. Engine events (aws-local-stepfunctions `eventLogs`)
 * are translated here; Task/Lambda events come from our own task handlers.
 */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  /** epoch ms on the local clock; the wire wants epoch seconds */
  timestamp: number;
  type: string;
  details?: Record<string, unknown>;
}

export class History {
  readonly events: HistoryEvent[] = [];

  add(type: string, timestamp: number, details?: Record<string, unknown>): void {
    const id = this.events.length + 1;
    this.events.push({ id, previousEventId: id - 1, timestamp, type, ...(details ? { details } : {}) });
  }
}

/** `TaskStateEntered` → `stateEnteredEventDetails`, `TaskFailed` → `taskFailedEventDetails`, ... */
export function detailsKey(type: string): string {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return `${type[0]!.toLowerCase()}${type.slice(1)}EventDetails`;
}

export function toWire(event: HistoryEvent): Record<string, unknown> {
  return {
    timestamp: event.timestamp / 1000,
    type: event.type,
    id: event.id,
    previousEventId: event.previousEventId,
    ...(event.details ? { [detailsKey(event.type)]: event.details } : {}),
  };
}

/** The subset of the engine's EventLog we read (the library does not export the type). */
export interface EngineEvent {
  type: string;
  input?: unknown;
  output?: unknown;
  Error?: string;
  Cause?: unknown;
  index?: number;
  state?: { name: string; type: string; input?: unknown; output?: unknown };
  parentState?: { name: string };
}

export interface Translated {
  type: string;
  details?: Record<string, unknown>;
}

/**
 * Maps one engine event to a history event, or undefined for engine-only events (StateFailed/Retried/
 * Caught: the task handlers already logged TaskFailed etc.; ExecutionAborted is decided by the caller).
 */
export function translateEngineEvent(
  event: EngineEvent,
  waits: Set<string>,
  roleArn: string,
): Translated | undefined {
  const json = (value: unknown) => JSON.stringify(value ?? null);
  // Rewritten Wait states run as Tasks in the engine; show them as what the definition says.
  const stateType = (state: { name: string; type: string }) => (waits.has(state.name) ? 'Wait' : state.type);
  switch (event.type) {
    case 'ExecutionStarted':
      return {
        type: 'ExecutionStarted',
        details: { input: json(event.input), inputDetails: { truncated: false }, roleArn },
      };
    case 'ExecutionSucceeded':
      return {
        type: 'ExecutionSucceeded',
        details: { output: json(event.output), outputDetails: { truncated: false } },
      };
    case 'ExecutionFailed':
      return { type: 'ExecutionFailed', details: { error: event.Error, cause: causeText(event.Cause) } };
    case 'StateEntered':
      if (!event.state) return undefined;
      return {
        type: `${stateType(event.state)}StateEntered`,
        details: {
          name: event.state.name,
          input: json(event.state.input),
          inputDetails: { truncated: false },
        },
      };
    case 'StateExited':
      if (!event.state) return undefined;
      return {
        type: `${stateType(event.state)}StateExited`,
        details: {
          name: event.state.name,
          output: json(event.state.output),
          outputDetails: { truncated: false },
        },
      };
    case 'MapIterationStarted':
    case 'MapIterationSucceeded':
    case 'MapIterationFailed':
      return { type: event.type, details: { name: event.parentState?.name, index: event.index } };
    default:
      return undefined;
  }
}

function causeText(cause: unknown): string | undefined {
  if (cause === undefined || cause === null) return undefined;
  if (typeof cause === 'string') return cause;
  if (cause instanceof Error) return cause.message;
  return JSON.stringify(cause);
}
