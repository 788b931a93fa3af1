import { InvalidTransitionError } from '../errors';
import type { HireEvent, HireRecord } from '../hire/record';
import { allowedFrom, canTransition, type Stage } from '../hire/stages';
import { type WatchPolicy, watchAfterMove } from '../hire/watched-stages';
import type { WorkQueueName } from './keys';

/**
 * The two writes of a hire item, and the rules both the DynamoDB store and the in-memory one follow (so a
 * unit test of a use case meets the same refusals as the table):
 *
 * - a **move** changes the stage, and only along the stage table (src/kernel/hire/stages.ts): `from` defaults to
 *   every stage the table allows into `to`, and a `from` the table does not allow is a programming error
 *   (InvalidTransitionError, before anything is written);
 * - an **update** changes fields of a hire that must still be in `stage`; the stage stays.
 *
 * Both are one conditional UpdateItem that also bumps `version`, so a retried Lambda or a racing duplicate
 * can neither skip nor repeat a step.
 */
interface HireWrite {
  set?: Partial<HireRecord>;
  remove?: (keyof HireRecord)[];
  /** Put the hire on a provisioner queue (or take it off with `null`). */
  work?: { queue: WorkQueueName; dueAt: string } | null;
  /** Put the hire on the reminder run's `due` index at this ISO time (or take it off with `null`). */
  due?: { at: string } | null;
  /** Put the hire on the `ready` index (its readiness check) at this ISO time, or take it off with `null`. */
  ready?: { at: string } | null;
  /**
   * When the reconciler should look at the hire (the `watch` index), or `null` for never. Left out, a move
   * (or an update of `provisionAt`) sets it by the rule of src/kernel/hire/watched-stages.ts, the one place it is decided;
   * other updates leave it as it was.
   */
  watch?: { at: string } | null;
  /** One line of the hire's history, written after the hire (its `stage` is the hire's stage after it). */
  event?: Omit<HireEvent, 'at' | 'stage'>;
  /** Also expect this `version`: two admins acting on the same snapshot cannot both succeed. */
  expectVersion?: number;
  /**
   * Also expect this to be the hire's current execution: an execution HR's reschedule replaced cannot act
   * for the hire any more (ExecutionSupersededError).
   */
  expectExecutionName?: string;
}

export interface StageMove extends HireWrite {
  to: Stage;
  /** Expected current stages, each one the stage table allows into `to`; defaults to all of those. */
  from?: readonly Stage[];
}

export interface FieldUpdate extends HireWrite {
  /** The stage the hire must still be in; it stays in it. */
  stage: Stage;
}

/** The stages a move expects the hire in: checked against the stage table before anything is written. */
export function expectedStages(hireId: string, move: StageMove): Stage[] {
  if (!move.from) return allowedFrom(move.to);
  for (const from of move.from) {
    if (!canTransition(from, move.to)) throw new InvalidTransitionError({ from, to: move.to, hireId });
  }
  return [...move.from];
}

/**
 * The watch time a write leaves: a time, `null` (off the index), or undefined (as it was). A move always
 * decides it by the rule; an update only when it changes the provisioning time.
 */
export function watchAfterWrite(
  write: HireWrite,
  stage: Stage,
  moved: boolean,
  ctx: { now: Date; policy: WatchPolicy },
): string | null | undefined {
  if (write.watch !== undefined) return write.watch?.at ?? null;
  if (!moved && write.set?.provisionAt === undefined) return undefined;
  return watchAfterMove(stage, { now: ctx.now, provisionAt: write.set?.provisionAt, policy: ctx.policy });
}

/** The provisioning timeout the watch times assume when the caller gives none (the sample config's). */
export const DEFAULT_WATCH_POLICY: WatchPolicy = { provisioningTimeoutMinutes: 60 };
