import { parseDuration } from '../../src/kernel/duration';
import { ControlError } from './errors';

/**
 * How long a new WorkSpace takes and which states it passes through, on the simulator's clock.
 * By default it is PENDING for the provisioning delay, then AVAILABLE. A test (or a person) can change
 * the delay at run time and script the next WorkSpaces' paths through `/_sim/provisioning`, e.g.
 * PENDING 20m → IMPAIRED 10m → AVAILABLE, or PENDING forever. Changes apply to WorkSpaces created
 * afterwards: each WorkSpace keeps the path it was given at creation (as AWS's provisioning would).
 */
export interface PathStep {
  state: string;
  /** Until when (local clock, ms) this state lasts; the last step has none and lasts forever. */
  untilMs?: number;
}

interface ScriptedStep {
  state: string;
  /** How long the state lasts; undefined on the last step, or "the current delay" on a first PENDING. */
  forMs?: number;
}

interface ScriptedPath {
  userName?: string;
  steps: ScriptedStep[];
}

export interface ProvisioningSettings {
  delayMs: number;
  /** Paths waiting for the next WorkSpaces, in order; one with a userName waits for that user's. */
  queued: { userName?: string; path: { state: string; for?: number }[] }[];
}

// TerminateWorkspaces owns these; a scripted path never reaches them.
const NOT_SCRIPTABLE = new Set(['TERMINATING', 'TERMINATED']);

export class ProvisioningPlan {
  private delay: number;
  private queue: ScriptedPath[] = [];

  constructor(
    private readonly initialDelayMs: number,
    /** WorkspaceState values from the service model. */
    private readonly states: readonly string[],
  ) {
    this.delay = initialDelayMs;
  }

  get delayMs(): number {
    return this.delay;
  }

  settings(): ProvisioningSettings {
    return {
      delayMs: this.delay,
      queued: this.queue.map((p) => ({
        ...(p.userName ? { userName: p.userName } : {}),
        // `for` in milliseconds: what GET answers can be posted back as it is.
        path: p.steps.map((s) =>
          s.forMs === undefined ? { state: s.state } : { state: s.state, for: s.forMs },
        ),
      })),
    };
  }

  /** `{delay?: "40m"|ms, next?: [{userName?, path: [{state, for?}]}], clear?: true}`. All or nothing. */
  update(body: Record<string, unknown>): ProvisioningSettings {
    let delay = this.delay;
    if (body.delay !== undefined) delay = readDuration(body.delay, 'delay', false);
    let queue = body.clear === true ? [] : [...this.queue];
    if (body.next !== undefined) {
      if (!Array.isArray(body.next)) throw new ControlError(400, 'next must be a list of {userName?, path}');
      queue = [...queue, ...body.next.map((entry, i) => this.readPath(entry, `next[${i}]`))];
    }
    this.delay = delay;
    this.queue = queue;
    return this.settings();
  }

  reset(): void {
    this.delay = this.initialDelayMs;
    this.queue = [];
  }

  /**
   * The path of a WorkSpace created now for this user: a scripted one if queued (for this user first),
   * else PENDING for the delay and then AVAILABLE, or ERROR when `failed` (the nextWorkspacesError fault).
   */
  pathFor(userName: string, createdAtMs: number, failed: () => boolean): PathStep[] {
    const lower = userName.toLowerCase();
    let index = this.queue.findIndex((p) => p.userName?.toLowerCase() === lower);
    if (index < 0) index = this.queue.findIndex((p) => p.userName === undefined);
    const scripted = index >= 0 ? this.queue.splice(index, 1)[0]!.steps : undefined;
    const steps = scripted ?? [{ state: 'PENDING' }, { state: failed() ? 'ERROR' : 'AVAILABLE' }];
    let at = createdAtMs;
    return steps.map((step, i) => {
      if (i === steps.length - 1) return { state: step.state };
      at += step.forMs ?? this.delay;
      return { state: step.state, untilMs: at };
    });
  }

  private readPath(entry: unknown, where: string): ScriptedPath {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new ControlError(400, `${where} must be {userName?, path}`);
    const { userName, path } = entry as Record<string, unknown>;
    if (userName !== undefined && (typeof userName !== 'string' || userName === ''))
      throw new ControlError(400, `${where}.userName must be a user name`);
    if (!Array.isArray(path) || path.length === 0)
      throw new ControlError(400, `${where}.path must be a non-empty list of {state, for?}`);
    const steps = path.map((raw, i): ScriptedStep => {
      const at = `${where}.path[${i}]`;
      const step = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
      const state = step.state;
      if (typeof state !== 'string' || !this.states.includes(state) || NOT_SCRIPTABLE.has(state)) {
        const allowed = this.states.filter((s) => !NOT_SCRIPTABLE.has(s)).join(', ');
        throw new ControlError(400, `${at}.state must be one of ${allowed}`);
      }
      const last = i === path.length - 1;
      if (last && step.for !== undefined)
        throw new ControlError(400, `${at}: the last state lasts forever, so it takes no "for"`);
      if (step.for === undefined) {
        // Only the opening PENDING may borrow the delay; any other state needs its own duration.
        if (!last && i !== 0)
          throw new ControlError(400, `${at}.for is required (only the first PENDING defaults to the delay)`);
        return { state };
      }
      return { state, forMs: readDuration(step.for, `${at}.for`, true) };
    });
    if (steps[0]!.state !== 'PENDING')
      throw new ControlError(400, `${where}.path must start with PENDING, as every new WorkSpace does`);
    return { ...(typeof userName === 'string' ? { userName } : {}), steps };
  }
}

function readDuration(value: unknown, name: string, positive: boolean): number {
  const ms = parseDuration(value, { bareMilliseconds: true });
  if (!Number.isFinite(ms) || ms < 0 || (positive && ms === 0))
    throw new ControlError(400, `${name} must be a duration such as "40m", "1h30m" or milliseconds`);
  return ms;
}
