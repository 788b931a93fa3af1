#!/usr/bin/env tsx
/**
 * `npm run admin -- <command>` (or the `onboarding-admin` bin): the admins' everyday tool on top of the
 * admin API. Readable tables by default, `--json` for scripts; the exit code is non-zero on every error
 * (1: the API or a step failed, 2: wrong usage).
 *
 *   status <hire>
 *   list [--stage S] [--since DATE] [--older-than 7d] [--limit N] [--cursor C] [--all]
 *   reinvite <hire> [--email NEW]
 *   reinvite --stage INVITED --older-than 7d [--dry-run]        bulk, with a progress bar and a summary
 *   resume <hire>
 *   cancel <hire> [--reason TEXT]
 *   adopt <hire>
 *   import <wave.csv> [--wave NAME] [--dry-run] [--skip-invalid] [--encoding E]
 *   report [--since DATE] [--wave NAME] [--html FILE] [--lang ja|en]
 *   allowlist --region REGION [--ip-ranges FILE|URL] [--format md|csv|json|cidr] [--diff OLD.json]
 *             [--directory ID] [--protocol PCOIP|WSP|DCV ...] [--global-accelerator] [--family 4|6] [--port N]
 *
 * <hire> is the hire id `list` prints (`hr-E-1`, `hibob-42`), or an employee id that only one hire has.
 *
 * The API and the token come from --url/--token, else ONBOARDING_API_URL/ONBOARDING_ADMIN_TOKEN, else the
 * running local cloud (.local-cloud.json). An AWS URL without a token is signed with SigV4 (IAM).
 */
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { AdoptResult } from '../src/admin/adopt';
import type { CancelResult } from '../src/admin/cancel';
import type { HireList } from '../src/admin/list';
import type { ReinviteResult } from '../src/admin/reinvite';
import type { HireStatus } from '../src/admin/status';
import type { HireSummary } from '../src/admin/summary';
import { decodeWave, ENCODING_LABEL_MESSAGE, encodingName, waveEncoding } from '../src/intake/wave/decode';
import type { ImportReport } from '../src/intake/wave/import-wave';
import { accountKey } from '../src/intake/wave/wave';
import { parseCsv } from '../src/kernel/csv';
import {
  ALLOWLIST_FORMATS,
  type AllowlistFormat,
  type AllowlistOptions,
  allowlistFor,
  diffAllowlists,
  formatAllowlist,
  formatDiff,
  IP_RANGES_URL,
  parseIpRanges,
  parseStreamingProtocol,
  type RuleFilter,
  type StreamingProtocol,
} from '../src/network/allowlist';
import type { RecoveryResult } from '../src/provisioning/reconcile';
import type { ReportAnswer } from '../src/report/load-report';
import { type AdminClient, ApiError, createAdminClient, isAwsApiUrl } from './client';
import { type Out, progressBar, table } from './output';
import { formatReport } from './report';
import { type LocalSession, SESSION_FILE } from './session';

export interface CliIo {
  stdout: Out;
  stderr: Out;
  env: Record<string, string | undefined>;
  cwd: string;
  fetch?: typeof fetch;
  /** Where a running local cloud leaves its URLs and token. */
  sessionFile?: string;
}

/** Wrong command line: exit 2 with the usage. */
class UsageError extends Error {
  override name = 'UsageError';
}

/** Already reported (e.g. a summary with failures): just exit non-zero. */
class ReportedFailure extends Error {
  override name = 'ReportedFailure';
}

const USAGE = `usage: npm run admin -- <command> [options]

  status <hire>                               stage, timeline, WorkSpace, emails, next reminder
  list [--stage S] [--since DATE] [--older-than 7d] [--limit N] [--cursor C] [--all]
  reinvite <hire> [--email NEW]               fresh link and invitation now (FAILED: provision again)
  reinvite --stage S --older-than 7d [--dry-run]   bulk re-invite, with a progress bar and a summary
  resume <hire>                               drive on a hire stuck in RECEIVED, QUEUED or PROVISIONING
  cancel <hire> [--reason TEXT]               stop the workflow and reminders (the WorkSpace is kept)
  adopt <hire>                                confirm the existing WorkSpace the hire failed on as theirs
  import <wave.csv> [--wave NAME] [--dry-run] [--skip-invalid] [--encoding utf-8|utf-16le|utf-16be|shift_jis]
                                              onboard a migration wave through the webhook path (wave: the file name;
                                              the encoding is detected unless given)
  report [--since DATE] [--wave NAME] [--html FILE] [--lang ja|en]
                                              funnel, timings, stuck hires, waves and sources (HTML: one offline file)
  allowlist --region R [--ip-ranges FILE|URL] [--format md|csv|json|cidr] [--diff OLD.json] [--directory ID]
            [--protocol PCOIP|WSP|DCV ...] [--global-accelerator] [--family 4|6] [--port N]
                                              firewall rules from ip-ranges.json; cidr: one range a line

<hire>: the hire id list prints (hr-E-1, hibob-42), or an employee id only one hire has
options: --url URL (ONBOARDING_API_URL), --token T (ONBOARDING_ADMIN_TOKEN), --json, --help
`;

const OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  stage: { type: 'string' },
  since: { type: 'string' },
  'older-than': { type: 'string' },
  limit: { type: 'string' },
  cursor: { type: 'string' },
  all: { type: 'boolean' },
  email: { type: 'string' },
  reason: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'skip-invalid': { type: 'boolean' },
  region: { type: 'string' },
  'ip-ranges': { type: 'string' },
  format: { type: 'string' },
  diff: { type: 'string' },
  directory: { type: 'string' },
  protocol: { type: 'string', multiple: true },
  'global-accelerator': { type: 'boolean' },
  family: { type: 'string' },
  port: { type: 'string' },
  wave: { type: 'string' },
  encoding: { type: 'string' },
  html: { type: 'string' },
  lang: { type: 'string' },
} as const;

type Values = ReturnType<typeof parse>['values'];
const parse = (argv: string[]) =>
  parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });

export async function main(argv: string[], io: CliIo): Promise<number> {
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parse(argv));
  } catch (err) {
    io.stderr.write(`error: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const [command, ...args] = positionals;
  if (values.help || !command) {
    (values.help ? io.stdout : io.stderr).write(USAGE);
    return values.help ? 0 : 2;
  }
  try {
    switch (command) {
      case 'status':
        return await status(io, values, one(args, 'hire'));
      case 'list':
        return await list(io, values, args);
      case 'reinvite':
        return values.stage
          ? await bulkReinvite(io, values, args)
          : await reinviteOne(io, values, one(args, 'hire'));
      case 'resume':
        return await resume(io, values, one(args, 'hire'));
      case 'cancel':
        return await cancel(io, values, one(args, 'hire'));
      case 'adopt':
        return await adopt(io, values, one(args, 'hire'));
      case 'import':
        return await importWave(io, values, one(args, 'wave.csv'));
      case 'report':
        return await report(io, values, args);
      case 'allowlist':
        return await allowlist(io, values, args);
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (err) {
    return reportError(io, values, err);
  }
}

function reportError(io: CliIo, values: Values, err: unknown): number {
  if (err instanceof ReportedFailure) return 1;
  if (err instanceof UsageError) {
    io.stderr.write(`error: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (err instanceof ApiError) {
    if (values.json)
      io.stdout.write(`${JSON.stringify({ error: err.problem, status: err.status }, null, 2)}\n`);
    io.stderr.write(`error: ${err.message}\n`);
    for (const e of err.problem.errors ?? []) io.stderr.write(`  ${e.field}: ${e.message}\n`);
    if (err.status === 401) {
      io.stderr.write(
        'hint: set ONBOARDING_ADMIN_TOKEN (or --token), or start the local cloud with `npm start`\n',
      );
    }
    return 1;
  }
  io.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  return 1;
}

function one(args: string[], name: string): string {
  if (args.length !== 1 || !args[0]) throw new UsageError(`expected exactly one <${name}>`);
  return args[0];
}

function client(io: CliIo, values: Values): AdminClient {
  const sessionFile = io.sessionFile ?? SESSION_FILE;
  const session =
    existsSync(sessionFile) && !(values.url ?? io.env.ONBOARDING_API_URL)
      ? (JSON.parse(readFileSync(sessionFile, 'utf8')) as Pick<LocalSession, 'urls' | 'adminToken'>)
      : undefined;
  const baseUrl = values.url ?? io.env.ONBOARDING_API_URL ?? session?.urls.http;
  if (!baseUrl) {
    throw new UsageError(
      'no API: pass --url or set ONBOARDING_API_URL, or start the local cloud (`npm start`)',
    );
  }
  const token = values.token ?? io.env.ONBOARDING_ADMIN_TOKEN ?? session?.adminToken;
  if (!token && !isAwsApiUrl(baseUrl)) {
    io.stderr.write('warning: no admin token (--token or ONBOARDING_ADMIN_TOKEN): the API will answer 401\n');
  }
  return createAdminClient({ baseUrl, token, ...(io.fetch ? { fetch: io.fetch } : {}) });
}

/** The API's answers name the employee they are about. */
type Answer<T> = T & { employeeId: string };

const enc = encodeURIComponent;
const print = (io: CliIo, text: string) => io.stdout.write(text);
const printJson = (io: CliIo, value: unknown) => io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

// ---- status ----------------------------------------------------------------------------------------

async function status(io: CliIo, values: Values, employeeId: string): Promise<number> {
  const s = await client(io, values).request<HireStatus>('GET', `/admin/hires/${enc(employeeId)}`);
  if (values.json) {
    printJson(io, s);
    return 0;
  }
  const lines = [
    `Employee   ${s.employeeId}  (hire ${s.hireId}, version ${s.version})`,
    `Person     ${s.name} <${s.email}>  user ${s.userName}  starts ${s.startDate}`,
    `Stage      ${s.stage}  (changed ${s.updatedAt})`,
    `WorkSpace  ${s.workspace ? `${s.workspace.id}  ${s.workspace.state}${s.workspace.detail ? ` (${s.workspace.detail})` : ''}` : '-'}`,
    `Invited    ${s.invitedAt ? `${s.invitedAt}  (invitation ${s.invitationCount ?? 1})` : '-'}`,
    `Next       ${s.nextReminder ? `${s.nextReminder.step} at ${s.nextReminder.at}` : '-'}`,
    `Calendar   ${s.calendar.country ? `public holidays of ${s.calendar.country}` : 'weekdays'} and closures`,
    ...s.calendar.moves.map(
      (m) =>
        `           ${m.what} ${m.at} moved past ${m.movedPast.map((d) => `${d.name} (${d.date})`).join(', ')}`,
    ),
  ];
  const wait = s.waitingForDirectoryAccount;
  if (wait) {
    lines.push(
      `Waiting    for the directory account ${wait.userName} in ${wait.directoryId} (since ${wait.since}; tried again every run until ${wait.until}; admins ${wait.alertedAt ? `alerted ${wait.alertedAt}` : 'not alerted yet'})`,
    );
  }
  if (s.foreignWorkspace) {
    lines.push(
      `Existing   WorkSpace ${s.foreignWorkspace.workspaceId} (${s.foreignWorkspace.state}) of the user, not made for this hire: \`adopt ${s.employeeId}\` confirms it as theirs`,
    );
  }
  if (s.lastError)
    lines.push(`Last error ${s.lastError.error}: ${s.lastError.cause ?? ''} (${s.lastError.at})`);
  print(io, `${lines.join('\n')}\n\nEmails sent\n`);
  print(
    io,
    indent(
      table(
        ['EMAIL', 'STATUS', 'SENT AT'],
        s.emails.map((e) => [e.ledgerKey, e.status, e.sentAt ?? e.claimedAt]),
      ),
    ),
  );
  print(io, '\nTimeline\n');
  print(
    io,
    indent(
      table(
        ['AT', 'EVENT', 'STAGE', 'BY', 'DETAIL'],
        s.timeline.map((e) => [e.at, e.type, e.stage, e.by, e.detail ? compact(e.detail) : undefined]),
      ),
    ),
  );
  return 0;
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');

function compact(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ');
}

// ---- list ------------------------------------------------------------------------------------------

async function fetchPage(api: AdminClient, values: Values, cursor?: string, limit?: number) {
  return api.request<HireList>('GET', '/admin/hires', {
    query: {
      stage: values.stage,
      since: values.since,
      olderThan: values['older-than'],
      limit: limit ?? values.limit,
      cursor,
    },
  });
}

async function list(io: CliIo, values: Values, args: string[]): Promise<number> {
  if (args.length) throw new UsageError('list takes no positional arguments');
  const api = client(io, values);
  const hires: HireSummary[] = [];
  let cursor = values.cursor;
  do {
    const page = await fetchPage(api, values, cursor);
    hires.push(...page.hires);
    cursor = page.cursor;
  } while (values.all && cursor);
  if (values.json) {
    printJson(io, { hires, ...(cursor ? { cursor } : {}) });
    return 0;
  }
  print(
    io,
    table(
      ['HIRE', 'STAGE', 'NAME', 'EMAIL', 'START', 'USER NAME', 'WORKSPACE', 'INVITED', 'CHANGED'],
      hires.map((h) => [
        h.hireId,
        h.stage,
        h.name,
        h.email,
        h.startDate,
        markedUserName(h),
        h.workspaceId,
        h.invitedAt,
        h.updatedAt,
      ]),
    ),
  );
  print(io, `${hires.length} hire(s)${cursor ? `; more: --cursor ${cursor} (or --all)` : ''}\n`);
  return 0;
}

/** A user name that mixes scripts is marked: it may pass for another name in a table. */
const markedUserName = (h: HireSummary) =>
  h.userNameScripts ? `${h.userName} (mixed scripts: ${h.userNameScripts.join(' + ')})` : h.userName;

// ---- reinvite / cancel -----------------------------------------------------------------------------

async function reinviteOne(io: CliIo, values: Values, employeeId: string): Promise<number> {
  if (values['older-than']) throw new UsageError('--older-than is for a bulk re-invite with --stage');
  const result = await client(io, values).request<Answer<ReinviteResult>>(
    'POST',
    `/admin/hires/${enc(employeeId)}/reinvite`,
    {
      json: values.email ? { email: values.email } : {},
    },
  );
  if (values.json) printJson(io, result);
  else print(io, describeReinvite(result));
  return 0;
}

function describeReinvite(r: Answer<ReinviteResult>): string {
  if (r.outcome === 'retrying') {
    return `${r.employeeId}: provisioning again (execution ${r.executionName}); the invitation follows when the WorkSpace is ready\n`;
  }
  if (r.outcome === 'recently-invited') {
    return `${r.employeeId}: recently invited: invitation ${r.invitation} went to this address at ${r.invitedAt}, less than 5 minutes ago; nothing new sent; stage ${r.stage}\n`;
  }
  return `${r.employeeId}: invitation ${r.invitation} ${r.sent ? 'sent' : 'was sent already'}${r.emailChanged ? ' to the new address' : ''}; stage ${r.stage}\n`;
}

async function bulkReinvite(io: CliIo, values: Values, args: string[]): Promise<number> {
  if (args.length)
    throw new UsageError('bulk re-invite selects hires by --stage and --older-than, not by id');
  if (!values['older-than'])
    throw new UsageError('bulk re-invite needs --older-than (e.g. 7d) as well as --stage');
  if (values.email) throw new UsageError('--email is for one hire');
  const api = client(io, values);
  const hires: HireSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(api, values, cursor, 100);
    hires.push(...page.hires);
    cursor = page.cursor;
  } while (cursor);

  if (values['dry-run']) {
    if (values.json) printJson(io, { dryRun: true, wouldReinvite: hires.map((h) => h.hireId) });
    else {
      print(
        io,
        table(
          ['HIRE', 'STAGE', 'EMAIL', 'INVITED'],
          hires.map((h) => [h.hireId, h.stage, h.email, h.invitedAt]),
        ),
      );
      print(io, `${hires.length} hire(s) would be re-invited (dry run: nothing sent)\n`);
    }
    return 0;
  }
  const results: {
    employeeId: string;
    result: 'reinvited' | 'retrying' | 'skipped' | 'failed';
    detail?: string;
  }[] = [];
  const progress = progressBar(io.stderr, hires.length, 're-invited');
  for (const hire of hires) {
    try {
      const r = await api.request<Answer<ReinviteResult>>(
        'POST',
        `/admin/hires/${enc(hire.employeeId)}/reinvite`,
        { json: {} },
      );
      results.push(
        r.outcome === 'recently-invited'
          ? { employeeId: hire.employeeId, result: 'skipped', detail: 'invited less than 5 minutes ago' }
          : { employeeId: hire.employeeId, result: r.outcome === 'retrying' ? 'retrying' : 'reinvited' },
      );
    } catch (err) {
      // 409: the hire moved on since the list (activated, cancelled, re-invited by someone else).
      const skipped = err instanceof ApiError && err.status === 409;
      results.push({
        employeeId: hire.employeeId,
        result: skipped ? 'skipped' : 'failed',
        detail: err instanceof Error ? err.message : String(err),
      });
    }
    progress.update(results.length);
  }
  progress.finish();
  const count = (kind: string) => results.filter((r) => r.result === kind).length;
  const summary = {
    selected: hires.length,
    reinvited: count('reinvited'),
    retrying: count('retrying'),
    skipped: count('skipped'),
    failed: count('failed'),
  };
  if (values.json) printJson(io, { ...summary, results });
  else {
    const notable = results.filter((r) => r.detail);
    if (notable.length)
      print(
        io,
        table(
          ['EMPLOYEE', 'RESULT', 'DETAIL'],
          notable.map((r) => [r.employeeId, r.result, r.detail]),
        ),
      );
    print(
      io,
      `Re-invite ${values.stage} older than ${values['older-than']}: ${summary.selected} selected, ${summary.reinvited} re-invited, ${summary.retrying} provisioning again, ${summary.skipped} skipped (moved on), ${summary.failed} failed\n`,
    );
  }
  return summary.failed ? 1 : 0;
}

async function resume(io: CliIo, values: Values, employeeId: string): Promise<number> {
  const result = await client(io, values).request<Answer<RecoveryResult>>(
    'POST',
    `/admin/hires/${enc(employeeId)}/resume`,
    { json: {} },
  );
  if (values.json) printJson(io, result);
  else print(io, `${result.employeeId}: ${describeRecovery(result)}\n`);
  return 0;
}

function describeRecovery(r: RecoveryResult): string {
  const execution = r.execution === 'none' ? 'no workflow execution' : `workflow ${r.execution}`;
  switch (r.action) {
    case 'alive':
      return `nothing to do: ${r.stage}, ${execution}${r.stage === 'RECEIVED' ? '' : ', on the provisioner queue'}`;
    case 'started-execution':
      return `${r.stage} with ${execution}: started it again; it picks the hire up where it is`;
    case 'requeued':
      return `${r.stage}, ${execution} but off the provisioner queue: put back on it, due now`;
    case 'failed':
      return `${r.stage}, ${execution}: nothing can move it on, marked FAILED${r.alerted ? ' and the admins alerted' : ''}; reinvite provisions again`;
    case 'moved-on':
      return `moved on meanwhile (${r.stage})`;
  }
}

async function cancel(io: CliIo, values: Values, employeeId: string): Promise<number> {
  const result = await client(io, values).request<Answer<CancelResult>>(
    'POST',
    `/admin/hires/${enc(employeeId)}/cancel`,
    {
      json: values.reason ? { reason: values.reason } : {},
    },
  );
  if (values.json) printJson(io, result);
  else {
    print(
      io,
      `${result.employeeId}: CANCELLED (was ${result.fromStage}); workflow ${result.executionStopped ? 'stopped' : 'was not running'}${result.workspaceId ? `; WorkSpace ${result.workspaceId} kept` : ''}\n`,
    );
  }
  return 0;
}

async function adopt(io: CliIo, values: Values, employeeId: string): Promise<number> {
  const result = await client(io, values).request<Answer<AdoptResult>>(
    'POST',
    `/admin/hires/${enc(employeeId)}/adopt`,
    { json: {} },
  );
  if (values.json) printJson(io, result);
  else {
    print(
      io,
      `${result.employeeId}: WorkSpace ${result.workspaceId} confirmed; provisioning again with it (execution ${result.executionName}); the invitation follows when it is ready\n`,
    );
  }
  return 0;
}

// ---- import ----------------------------------------------------------------------------------------

/** Rows per request: small enough for a steady progress bar, far inside the API's time limit. */
export const IMPORT_CHUNK_ROWS = 50;

interface Chunk {
  text: string;
  lineOffset: number;
  rows: number;
}

/** Splits a wave into header + N rows per request, keeping every line number as in the file. */
export function chunkWave(
  text: string,
  rowsPerChunk = IMPORT_CHUNK_ROWS,
): { chunks: Chunk[]; duplicates: Problem[] } {
  const { records } = parseCsv(text);
  const [header, ...rows] = records;
  if (!header || rows.length === 0)
    return { chunks: [{ text, lineOffset: 0, rows: rows.length }], duplicates: [] };
  const headerText = text.slice(0, header.end);
  const headerLines = headerText.match(/\r\n|\r|\n/g)?.length ?? 0;
  const chunks: Chunk[] = [];
  for (let i = 0; i < rows.length; i += rowsPerChunk) {
    const part = rows.slice(i, i + rowsPerChunk);
    chunks.push({
      text: headerText + text.slice(part[0]!.start, part[part.length - 1]!.end),
      lineOffset: part[0]!.line - (headerLines + 1),
      rows: part.length,
    });
  }
  // Each request checks its own rows; the same employee or account in two requests is caught here.
  const columns = header.fields.map((f) => f.trim());
  const [idColumn, userColumn, directoryColumn] = ['employeeId', 'userName', 'directoryId'].map((c) =>
    columns.indexOf(c),
  ) as [number, number, number];
  const duplicates: Problem[] = [];
  const firstEmployee = new Map<string, number>();
  const firstAccount = new Map<string, { line: number; userName: string }>();
  for (const row of rows) {
    const id = idColumn >= 0 ? row.fields[idColumn]?.trim() : undefined;
    const earlier = id ? firstEmployee.get(id) : undefined;
    if (id && earlier !== undefined) {
      duplicates.push({ line: row.line, column: 'employeeId', message: `${id} is also on line ${earlier}` });
      continue;
    }
    if (id) firstEmployee.set(id, row.line);
    const userName = userColumn >= 0 ? row.fields[userColumn]?.trim() : undefined;
    if (!userName) continue;
    const directoryId = directoryColumn >= 0 ? row.fields[directoryColumn]?.trim() || undefined : undefined;
    const account = accountKey({ userName, ...(directoryId ? { directoryId } : {}) });
    const first = firstAccount.get(account);
    if (first === undefined) firstAccount.set(account, { line: row.line, userName });
    else
      duplicates.push({
        line: row.line,
        column: 'userName',
        message: `${userName} is the user name of line ${first.line} (${first.userName}): one account per person`,
      });
  }
  return { chunks, duplicates };
}

interface Problem {
  line: number;
  column?: string;
  message: string;
}

async function importWave(io: CliIo, values: Values, file: string): Promise<number> {
  const path = resolve(io.cwd, file);
  if (!existsSync(path)) throw new UsageError(`no such file: ${file}`);
  const declared = values.encoding === undefined ? undefined : waveEncoding(values.encoding);
  if (values.encoding !== undefined && declared === undefined)
    throw new UsageError(`--encoding ${ENCODING_LABEL_MESSAGE}`);
  // The file's bytes are decoded here, by the import's one rule, and travel as UTF-8.
  const decoded = decodeWave(readFileSync(path), declared);
  if (!decoded.ok) {
    const p = decoded.problem;
    if (values.json) printJson(io, { imported: false, total: 0, invalidLines: 1, problems: [p] });
    else io.stderr.write(`${table(['LINE', 'PROBLEM'], [[p.line, p.message]])}nothing was imported\n`);
    return 1;
  }
  const text = decoded.text;
  if (decoded.encoding !== 'utf-8')
    io.stderr.write(
      `read ${file} as ${encodingName(decoded.encoding)}${decoded.detected ? ' (detected; --encoding to say otherwise)' : ''}\n`,
    );
  const wave = values.wave ?? basename(path, extname(path));
  const api = client(io, values);
  const { chunks, duplicates } = chunkWave(text);
  const send = (chunk: Chunk, dryRun: boolean) =>
    api.request<ImportReport>('POST', '/admin/imports', {
      query: {
        dryRun,
        skipInvalid: values['skip-invalid'],
        lineOffset: chunk.lineOffset || undefined,
        wave,
      },
      text: { body: chunk.text, contentType: 'text/csv; charset=utf-8' },
    });

  // 1. Validate everything first: nothing is imported while any row is invalid (unless --skip-invalid).
  const problems = new Map<string, Problem>();
  const total = chunks.reduce((n, c) => n + c.rows, 0);
  const checking = progressBar(io.stderr, total, 'rows checked');
  let checked = 0;
  for (const chunk of chunks) {
    try {
      const report = await send(chunk, true);
      for (const p of report.problems ?? []) problems.set(problemKey(p), p);
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 400 && err.problem.errors)) throw err;
      for (const e of err.problem.errors) {
        const p = { line: e.line ?? 0, ...(e.column ? { column: e.column } : {}), message: e.message };
        problems.set(problemKey(p), p);
      }
    }
    checked += chunk.rows;
    checking.update(checked);
  }
  checking.finish();
  for (const p of duplicates) problems.set(problemKey(p), p);
  const sorted = [...problems.values()].sort((a, b) => a.line - b.line);
  const invalidLines = new Set(sorted.map((p) => p.line)).size;

  if (sorted.length && (!values['skip-invalid'] || values['dry-run'])) {
    if (values.json) printJson(io, { imported: false, total, invalidLines, problems: sorted });
    else {
      io.stderr.write(
        table(
          ['LINE', 'COLUMN', 'PROBLEM'],
          sorted.map((p) => [p.line, p.column, p.message]),
        ),
      );
      io.stderr.write(
        `${sorted.length} problem(s) on ${invalidLines} line(s) of ${total} row(s): nothing was imported${values['skip-invalid'] ? '' : ' (fix them, or --skip-invalid)'}\n`,
      );
    }
    return 1;
  }
  if (values['dry-run']) {
    if (values.json) printJson(io, { dryRun: true, total, valid: total, problems: [] });
    else print(io, `${total} row(s) valid; dry run: nothing imported\n`);
    return 0;
  }

  // 2. Import through the webhook path, chunk by chunk.
  const summary = { total, accepted: 0, known: 0, updated: 0, failed: 0, skipped: 0 };
  const rows: ImportReport['rows'] = [];
  const importing = progressBar(io.stderr, total, 'rows imported');
  let done = 0;
  for (const chunk of chunks) {
    const report = await send(chunk, false);
    summary.accepted += report.accepted;
    summary.known += report.known;
    summary.updated += report.updated ?? 0;
    summary.failed += report.failed;
    summary.skipped += report.skipped;
    rows.push(...report.rows);
    done += chunk.rows;
    importing.update(done);
  }
  importing.finish();
  if (values.json) printJson(io, { ...summary, wave, problems: sorted, rows });
  else {
    const failed = rows.filter((r) => r.outcome === 'failed');
    if (failed.length)
      print(
        io,
        table(
          ['LINE', 'EMPLOYEE', 'ERROR'],
          failed.map((r) => [r.line, r.employeeId, r.error]),
        ),
      );
    print(
      io,
      `Imported ${file} as wave ${wave}: ${summary.total} row(s), ${summary.accepted} new, ${summary.known} already known, ${summary.updated} updated, ${summary.skipped} invalid skipped, ${summary.failed} failed\n`,
    );
  }
  return summary.failed ? 1 : 0;
}

const problemKey = (p: Problem) => `${p.line}|${p.column ?? ''}|${p.message}`;

// ---- report ----------------------------------------------------------------------------------------

const REPORT_LANGUAGES = ['ja', 'en'];

async function report(io: CliIo, values: Values, args: string[]): Promise<number> {
  if (args.length) throw new UsageError('report takes options only');
  const lang = values.lang?.toLowerCase();
  if (lang !== undefined && !REPORT_LANGUAGES.includes(lang))
    throw new UsageError(`--lang must be one of ${REPORT_LANGUAGES.join(', ')}`);
  const r = await client(io, values).request<ReportAnswer>('GET', '/admin/report', {
    query: { since: values.since, wave: values.wave },
  });
  if (values.html) {
    // Loaded on first use: the message catalogs stay out of every other command.
    const { renderReportHtml } = await import('../src/report/html');
    const path = resolve(io.cwd, values.html);
    writeFileSync(path, await renderReportHtml(r, { locale: lang ?? r.locale, timeZone: r.timeZone }));
    io.stderr.write(`wrote ${path}\n`);
  }
  if (values.json) printJson(io, r);
  else print(io, formatReport(r));
  return 0;
}

// ---- allowlist -------------------------------------------------------------------------------------

async function allowlist(io: CliIo, values: Values, args: string[]): Promise<number> {
  if (args.length) throw new UsageError('allowlist takes options only');
  if (!values.region) throw new UsageError('allowlist needs --region, e.g. --region ap-northeast-1');
  const format = (values.json ? 'json' : (values.format ?? 'md')) as AllowlistFormat;
  if (!ALLOWLIST_FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${ALLOWLIST_FORMATS.join(', ')}`);
  const filter: RuleFilter = {};
  if (values.family !== undefined) {
    if (values.family !== '4' && values.family !== '6') throw new UsageError('--family must be 4 or 6');
    filter.family = Number(values.family) as 4 | 6;
  }
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new UsageError('--port must be a port number (1-65535)');
    filter.port = port;
  }
  const opts: AllowlistOptions = {
    ...(values.directory ? { directory: values.directory } : {}),
    ...(values.protocol ? { protocols: values.protocol.map(streamingProtocol) } : {}),
    ...(values['global-accelerator'] ? { globalAccelerator: true } : {}),
  };
  const current = allowlistFor(
    parseIpRanges(await readJson(io, values['ip-ranges'] ?? IP_RANGES_URL)),
    values.region,
    opts,
  );
  if (values.diff) {
    const older = allowlistFor(parseIpRanges(await readJson(io, values.diff)), values.region, opts);
    print(io, formatDiff(diffAllowlists(older, current), format, filter));
  } else {
    print(io, formatAllowlist(current, format, filter));
  }
  return 0;
}

function streamingProtocol(value: string): StreamingProtocol {
  const protocol = parseStreamingProtocol(value);
  if (!protocol) throw new UsageError(`--protocol must be PCOIP, or WSP / DCV (Amazon DCV), not ${value}`);
  return protocol;
}

async function readJson(io: CliIo, source: string): Promise<unknown> {
  let text: string;
  if (/^https?:\/\//i.test(source)) {
    const res = await (io.fetch ?? fetch)(source);
    if (!res.ok) throw new Error(`GET ${source}: HTTP ${res.status}`);
    text = await res.text();
  } else {
    const path = resolve(io.cwd, source);
    if (!existsSync(path)) throw new UsageError(`no such file: ${source}`);
    text = readFileSync(path, 'utf8');
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${source} is not JSON: ${(err as Error).message}`);
  }
}

// ---- entry -----------------------------------------------------------------------------------------

const invokedDirectly = (() => {
  try {
    return !!process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  const code = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  });
  process.exitCode = code;
}
