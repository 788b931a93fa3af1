import { createHash } from 'node:crypto';
import type { Actor } from '../../admin/deps';
import { WaveInvalidError } from '../../kernel/errors';
import { type HireInput, hireIdFor, storedHireIdsFor } from '../../kernel/hire/hire';
import { describeError, log } from '../../kernel/log';
import { claimKey, heldUserNames } from '../../kernel/user-names';
import { acceptHire } from '../accept-hire';
import { hireParseOptions, hrRecordOf } from '../hire-input';
import type { AcceptHireDeps, AcceptResult } from '../ports';
import { importPacing, pacedStarts, type StartPacing } from './paced-starts';
import { type ParsedWave, parseWave, type WaveProblem } from './wave';

/** Rows per request: keeps one call well inside the API's 30 s; the CLI sends bigger files in chunks. */
export const MAX_WAVE_ROWS = 1000;
// Parallel rows: each is a few DynamoDB writes and one StartExecution (no WorkSpaces calls here).
const CONCURRENCY = 8;

export interface ImportedRow {
  line: number;
  employeeId: string;
  outcome: 'accepted' | 'known' | 'updated' | 'would-import' | 'failed';
  hireId?: string;
  stage?: string;
  error?: string;
}

export interface ImportReport {
  dryRun: boolean;
  total: number;
  accepted: number;
  known: number;
  /** Known employees whose record changed (an HR change, as through the webhook). */
  updated: number;
  failed: number;
  /** Rows left out because they were invalid (only with skipInvalid). */
  skipped: number;
  problems: WaveProblem[];
  rows: ImportedRow[];
  /** How the file was read (the admin API adds it: src/intake/wave/decode.ts). */
  encoding?: string;
}

/**
 * Onboards a migration wave: every row is validated first (the webhook's own parser) and nothing is
 * imported while any row is invalid, unless `skipInvalid`. Each row then goes through `acceptHire`, the
 * webhook's path: idempotent by employee id, and provisioning happens in the provisioner's batches inside
 * the WorkSpaces API budget; their executions start paced under Step Functions' StartExecution bucket
 * (paced-starts.ts). Importing the same file twice changes nothing.
 */
export async function importWave(
  deps: AcceptHireDeps & { startPacing?: StartPacing },
  input: {
    csv: string;
    dryRun: boolean;
    skipInvalid: boolean;
    lineOffset?: number;
    by: Actor;
    /** Stored on each new hire: the report's progress per wave. */
    wave?: string;
  },
): Promise<ImportReport> {
  const directoryOf = (hire: HireInput) => hrRecordOf(deps.config, hire).directoryId;
  const wave = parseWave(input.csv, {
    ...hireParseOptions(deps.config, deps.clock.now()),
    directoryOf,
    ...(input.lineOffset ? { lineOffset: input.lineOffset } : {}),
  });
  if (wave.total > MAX_WAVE_ROWS) {
    throw new WaveInvalidError(
      [{ line: 1, message: `at most ${MAX_WAVE_ROWS} rows per request, got ${wave.total}: split the file` }],
      wave.total,
    );
  }
  if (wave.total <= MAX_WAVE_ROWS) await checkStoredUserNames(deps, wave, directoryOf);
  const headerBroken = wave.problems.length > 0 && wave.rows.length === 0;
  if (wave.problems.length && (!input.skipInvalid || headerBroken)) {
    throw new WaveInvalidError(wave.problems, wave.total);
  }
  const report: ImportReport = {
    dryRun: input.dryRun,
    total: wave.total,
    accepted: 0,
    known: 0,
    updated: 0,
    failed: 0,
    skipped: wave.invalidLines.length,
    problems: wave.problems,
    rows: [],
  };
  if (input.dryRun) {
    report.rows = wave.rows.map((r) => ({
      line: r.line,
      employeeId: r.hire.employeeId,
      outcome: 'would-import',
    }));
    return report;
  }
  const rowDeps = { ...deps, workflows: pacedStarts(deps.workflows, deps.startPacing ?? importPacing()) };
  const results: ImportedRow[] = new Array(wave.rows.length);
  let next = 0;
  const worker = async () => {
    while (next < wave.rows.length) {
      const index = next++;
      const row = wave.rows[index]!;
      const rawBody = Buffer.from(JSON.stringify(row.event), 'utf8');
      // Same row, same id: a repeated import is a sender's retry to the webhook path, not a new delivery.
      const webhookId = `import-${createHash('sha256').update(rawBody).digest('base64url').slice(0, 32)}`;
      const base = { line: row.line, employeeId: row.hire.employeeId };
      try {
        const result = await acceptHire(rowDeps, {
          webhookId,
          rawBody,
          body: row.event,
          by: input.by,
          detail: { via: 'import', line: row.line, ...(input.wave ? { wave: input.wave } : {}) },
          ...(input.wave ? { wave: input.wave } : {}),
        });
        if (result.outcome === 'accepted' || result.outcome === 'known' || result.outcome === 'updated') {
          results[index] = { ...base, outcome: result.outcome, hireId: result.hireId, stage: result.stage };
        } else {
          results[index] = { ...base, outcome: 'failed', error: notImported(result) };
        }
      } catch (err) {
        log.error('import: row failed', { line: row.line, error: describeError(err) });
        results[index] = {
          ...base,
          outcome: 'failed',
          error: err instanceof Error ? err.message : String(err),
        };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, wave.rows.length) }, worker));
  report.rows = results;
  for (const row of results) {
    if (row.outcome === 'accepted') report.accepted++;
    else if (row.outcome === 'known') report.known++;
    else if (row.outcome === 'updated') report.updated++;
    else if (row.outcome === 'failed') report.failed++;
  }
  return report;
}

function notImported(result: AcceptResult): string {
  if (result.outcome === 'conflict') {
    const fields = result.errors?.map((e) => `${e.field.replace(/^data\./, '')} ${e.message}`).join('; ');
    return `not imported: ${fields || result.detail}`;
  }
  return `not imported: ${result.outcome}`;
}

/**
 * One account per person, against what is stored: a row whose user name another employee's hire holds
 * (not CANCELLED) is a problem on its userName column, found before anything is imported (also a dry run).
 */
export async function checkStoredUserNames(
  deps: AcceptHireDeps,
  wave: ParsedWave,
  directoryOf: (hire: HireInput) => string,
) {
  if (wave.rows.length === 0) return;
  const wanted = wave.rows.map((row) => ({
    directoryId: directoryOf(row.hire),
    userName: row.hire.userName,
    hireId: hireIdFor(deps.config.hrSource, row.hire.employeeId),
  }));
  const held = await heldUserNames(deps, wanted);
  if (held.size === 0) return;
  const kept: ParsedWave['rows'] = [];
  for (const [i, row] of wave.rows.entries()) {
    const holder = held.get(claimKey(wanted[i]!.directoryId, wanted[i]!.userName));
    if (!holder || storedHireIdsFor(deps.config.hrSource, row.hire.employeeId).includes(holder.hireId)) {
      kept.push(row);
      continue;
    }
    wave.problems.push({
      line: row.line,
      column: 'userName',
      message: `${row.hire.userName} is already the user name of employee ${holder.employeeId} (a hire that is not cancelled): one account per person`,
      conflict: true,
    });
  }
  wave.rows = kept;
  wave.problems.sort((a, b) => a.line - b.line);
  wave.invalidLines = [...new Set(wave.problems.map((p) => p.line))].sort((a, b) => a - b);
}
