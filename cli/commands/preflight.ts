import { UsageError } from '../args';
import { callRoute, type RouteAnswerOf } from '../call';
import type { AdminClient } from '../client';
import { command } from '../command';
import { type Out, table } from '../output';
import { readWaveFile } from '../wave-file';

export type PreflightReport = RouteAnswerOf<'preflightWave'>;

const STATUS = { ok: 'ok', red: 'RED', unknown: '?' } as const;

/** One aligned line per check, then what the result means for the wave. */
export function preflightTable(report: PreflightReport): string {
  const rows = report.lines.map((l) => [STATUS[l.status], l.check, l.numbers, l.todo]);
  const verdict = report.ok
    ? `preflight passed${report.unknown ? `: ${report.unknown} line(s) marked ? could not be checked from here; check them yourself` : ''}`
    : `preflight failed: ${report.red} red line(s)${report.unknown ? `, ${report.unknown} not checkable (?)` : ''}`;
  return `${table(['STATUS', 'CHECK', 'NUMBERS', 'WHAT TO DO'], rows)}${verdict}\n`;
}

/** The whole wave file in one request (the preflight writes nothing, so the import's chunks are not needed). */
export function wavePreflight(
  client: AdminClient,
  text: string,
  skipInvalid: boolean,
): Promise<PreflightReport> {
  return callRoute(client, 'preflightWave', { query: { skipInvalid }, csv: text });
}

export function printPreflight(out: Out, report: PreflightReport): void {
  out.write(preflightTable(report));
}

export const preflightCommand = command({
  name: 'preflight',
  usage: [
    'preflight <wave.csv> [--skip-invalid] [--encoding E]',
    'preflight [--directory ID] [--bundle ID] [--user NAME]',
  ],
  summary:
    'checks the account before a wave (or one hire): WorkSpaces quota, SES, directories, bundles, users, conflicts, API time; exit 1 on a red line, 0 otherwise (lines marked ? could not be checked and do not fail it)',
  options: {
    directory: { type: 'string' },
    bundle: { type: 'string' },
    user: { type: 'string' },
    'skip-invalid': { type: 'boolean' },
    encoding: { type: 'string' },
  },
  routes: ['preflightWave', 'preflightHire'],
  owns: 2,
  async run({ api, io, values, args, print, printJson }) {
    if (args.length > 1) throw new UsageError('expected at most one <wave.csv>');
    const file = args[0];
    const oneHire =
      values.directory !== undefined || values.bundle !== undefined || values.user !== undefined;
    if (file && oneHire)
      throw new UsageError('give a wave file, or --directory/--bundle/--user for one hire, not both');
    let report: PreflightReport;
    if (file) {
      const wave = readWaveFile(io, file, values.encoding);
      if (!wave.ok) {
        io.stderr.write(`${table(['LINE', 'PROBLEM'], [[wave.problem.line, wave.problem.message]])}`);
        return 1;
      }
      report = await wavePreflight(api(), wave.text, Boolean(values['skip-invalid']));
    } else {
      report = await callRoute(api(), 'preflightHire', {
        query: { directoryId: values.directory, bundleId: values.bundle, userName: values.user },
      });
    }
    if (values.json) printJson(report);
    else print(preflightTable(report));
    return report.ok ? 0 : 1;
  },
});
