import type { Clock } from '../kernel/clock';
import type { OnboardingConfig } from '../kernel/config/load';
import { STAGES } from '../kernel/hire/stages';
import type { StageIndex } from '../kernel/table/indexes';
import { buildReport, type HireReport, type ReportHire } from './report';

export interface ReportQuery {
  /** Hires whose stage changed at or after this ISO time (as `list --since`). */
  since?: string;
  /** Only the hires imported with this wave name. */
  wave?: string;
}

/** The report, with the admins' language and time zone (the configuration's defaults) for its HTML file. */
export interface ReportAnswer extends HireReport {
  locale: string;
  timeZone: string;
}

/**
 * The admin report: one Query per stage on the `stage` index (never a Scan, never a history read), each
 * hire read once in the report's projection, the stages read side by side.
 */
export async function hireReport(
  deps: { stageIndex: StageIndex; clock: Clock; config: OnboardingConfig },
  query: ReportQuery,
): Promise<ReportAnswer> {
  const now = deps.clock.now();
  const perStage = await Promise.all(
    STAGES.map((stage) =>
      deps.stageIndex.reportRows({
        stage,
        ...(query.since ? { since: query.since } : {}),
        ...(query.wave !== undefined ? { wave: query.wave } : {}),
      }),
    ),
  );
  const read = { queries: 0, itemsRead: 0 };
  for (const part of perStage) {
    read.queries += part.queries;
    read.itemsRead += part.itemsRead;
  }
  const report = buildReport(
    (function* (): Generator<ReportHire> {
      for (const part of perStage) yield* part.hires;
    })(),
    { now, filter: { ...query }, read },
  );
  const { locale, timeZone } = deps.config.defaults;
  return { ...report, locale, timeZone };
}
