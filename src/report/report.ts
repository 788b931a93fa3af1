/**
 * The admin report (`npm run admin -- report`): pure rules over one small projection of each hire item,
 * read from the stage index (src/report/load-report.ts). Every figure comes from fields the hire item
 * carries (`createdAt`, `firstInvitedAt`, `activeAt`, `watchAt`, `bounce`, `escalatedAt`, `wave`,
 * `source`), so no history item is read per hire.
 */
import { unsafeCharacterProblem } from '../kernel/hire/hire';
import { isPcoipInUse, PCOIP_END_OF_SUPPORT } from '../kernel/hire/pcoip';
import type { ReportHire } from '../kernel/hire/record';
import { STAGES, type Stage } from '../kernel/hire/stages';
import { isWatched } from '../kernel/hire/watched-stages';

export type { ReportHire } from '../kernel/hire/record';

/** Seconds; absent when no hire has the timing yet. */
export interface Timing {
  count: number;
  medianSeconds?: number;
  p90Seconds?: number;
}

export type StuckAction = 'resume' | 'adopt' | 'reinvite' | 'reinvite-email';

export interface StuckHire {
  employeeId: string;
  stage: Stage;
  /** When the hire entered its stage (its last change). */
  since: string;
  /** Watched stages: when it should have moved on. */
  expectedBy?: string;
  error?: string;
  action: StuckAction;
  /** The admin CLI command that does it. */
  command: string;
}

/** Hires per stage, with how many finished (ACTIVE). */
export interface Progress {
  name: string;
  total: number;
  active: number;
  stages: Partial<Record<Stage, number>>;
}

export interface HireReport {
  generatedAt: string;
  filter: { since?: string; wave?: string };
  total: number;
  /** Every stage, in the stage table's order, zero included. */
  funnel: { stage: Stage; count: number }[];
  timings: { toInvitation: Timing; toFirstLogin: Timing };
  /** Needing an admin, oldest first; at most STUCK_LISTED of `stuckTotal`. */
  stuck: StuckHire[];
  stuckTotal: number;
  /** Now in BOUNCED / ESCALATED; `ever`: hires that bounced or escalated at some point (also recovered). */
  attention: {
    bounced: number;
    complaints: number;
    everBounced: number;
    escalated: number;
    everEscalated: number;
    failed: number;
  };
  waves: Progress[];
  sources: Progress[];
  /** WorkSpaces this product made that still stream with PCoIP, and the day AWS ends PCoIP support. */
  pcoip: { inUse: number; endOfSupport: string };
  /** How the report was read: DynamoDB Query requests and items they read. */
  read: { queries: number; itemsRead: number };
}

/** The report lists this many stuck hires; the total says how many there are. */
export const STUCK_LISTED = 200;

/** A wave name: what `import --wave` stores on each hire (default the file's name). */
export function waveNameProblem(name: string): string | undefined {
  if (name.trim().length === 0) return 'must not be blank';
  if (name.length > 100) return 'must be at most 100 characters';
  return unsafeCharacterProblem(name);
}

/** What an admin does about a hire the report lists as stuck; undefined when nothing is overdue. */
export function stuckAction(hire: ReportHire, nowMs: number): StuckAction | undefined {
  if (isWatched(hire.stage)) {
    return hire.watchAt !== undefined && Date.parse(hire.watchAt) <= nowMs ? 'resume' : undefined;
  }
  switch (hire.stage) {
    case 'FAILED':
      return hire.foreignWorkspace ? 'adopt' : 'reinvite';
    case 'BOUNCED':
      return 'reinvite-email';
    case 'ESCALATED':
      return 'reinvite';
    default:
      return undefined;
  }
}

const COMMANDS: Record<StuckAction, (id: string) => string> = {
  resume: (id) => `npm run admin -- resume ${id}`,
  adopt: (id) => `npm run admin -- adopt ${id}`,
  reinvite: (id) => `npm run admin -- reinvite ${id}`,
  'reinvite-email': (id) => `npm run admin -- reinvite ${id} --email NEW`,
};

/** The report over every hire read, in one pass (a 100,000-hire report holds only counts and durations). */
export function buildReport(
  hires: Iterable<ReportHire>,
  ctx: { now: Date; filter: HireReport['filter']; read: HireReport['read'] },
): HireReport {
  const nowMs = ctx.now.getTime();
  const byStage = new Map<Stage, number>();
  const toInvitation: number[] = [];
  const toFirstLogin: number[] = [];
  const stuck: StuckHire[] = [];
  const waves = new Map<string, Progress>();
  const sources = new Map<string, Progress>();
  const attention = { bounced: 0, complaints: 0, everBounced: 0, escalated: 0, everEscalated: 0, failed: 0 };
  let total = 0;
  let pcoipInUse = 0;
  for (const hire of hires) {
    total++;
    if (isPcoipInUse(hire)) pcoipInUse++;
    byStage.set(hire.stage, (byStage.get(hire.stage) ?? 0) + 1);
    const created = Date.parse(hire.createdAt);
    const firstInvited = Date.parse(hire.firstInvitedAt ?? hire.invitedAt ?? '');
    if (!Number.isNaN(firstInvited)) {
      toInvitation.push((firstInvited - created) / 1000);
      const active = Date.parse(hire.activeAt ?? '');
      if (!Number.isNaN(active)) toFirstLogin.push((active - firstInvited) / 1000);
    }
    if (hire.bounceType) attention.everBounced++;
    if (hire.escalatedAt) attention.everEscalated++;
    if (hire.stage === 'BOUNCED') {
      attention.bounced++;
      if (hire.bounceType === 'Complaint') attention.complaints++;
    }
    if (hire.stage === 'ESCALATED') attention.escalated++;
    if (hire.stage === 'FAILED') attention.failed++;
    const action = stuckAction(hire, nowMs);
    if (action) {
      stuck.push({
        employeeId: hire.employeeId,
        stage: hire.stage,
        since: hire.updatedAt,
        ...(isWatched(hire.stage) && hire.watchAt ? { expectedBy: hire.watchAt } : {}),
        ...(hire.lastError && hire.stage === 'FAILED' ? { error: hire.lastError } : {}),
        action,
        command: COMMANDS[action](hire.employeeId),
      });
    }
    if (hire.wave !== undefined) count(waves, hire.wave, hire.stage);
    count(sources, hire.source, hire.stage);
  }
  stuck.sort((a, b) => a.since.localeCompare(b.since) || a.employeeId.localeCompare(b.employeeId));
  return {
    generatedAt: ctx.now.toISOString(),
    filter: ctx.filter,
    total,
    funnel: STAGES.map((stage) => ({ stage, count: byStage.get(stage) ?? 0 })),
    timings: { toInvitation: timing(toInvitation), toFirstLogin: timing(toFirstLogin) },
    stuck: stuck.slice(0, STUCK_LISTED),
    stuckTotal: stuck.length,
    attention,
    waves: sorted(waves),
    sources: sorted(sources),
    pcoip: { inUse: pcoipInUse, endOfSupport: PCOIP_END_OF_SUPPORT },
    read: ctx.read,
  };
}

function count(groups: Map<string, Progress>, name: string, stage: Stage) {
  let group = groups.get(name);
  if (!group) {
    group = { name, total: 0, active: 0, stages: {} };
    groups.set(name, group);
  }
  group.total++;
  if (stage === 'ACTIVE') group.active++;
  group.stages[stage] = (group.stages[stage] ?? 0) + 1;
}

const sorted = (groups: Map<string, Progress>) =>
  [...groups.values()].sort((a, b) => a.name.localeCompare(b.name));

/** Median and 90th percentile by the nearest-rank method (a value some hire actually had). */
export function timing(seconds: number[]): Timing {
  if (seconds.length === 0) return { count: 0 };
  const values = Float64Array.from(seconds).sort();
  const rank = (p: number) => values[Math.max(0, Math.ceil(p * values.length) - 1)]!;
  return { count: values.length, medianSeconds: rank(0.5), p90Seconds: rank(0.9) };
}
