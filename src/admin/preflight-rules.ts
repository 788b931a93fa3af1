/**
 * The admin preflight's verdicts, one line each: what was checked, ok / red / unknown, the numbers, and what
 * to do in plain words. Pure: the use case (preflight.ts) reads the account and hands the readings here.
 */
import { pcoipVerdict } from '../kernel/hire/pcoip';
import { MAX_IDS_PER_CALL } from '../kernel/workspaces-api';

/** red: the wave would fail or stall; unknown: not checkable from here (the admin decides). */
export type CheckStatus = 'ok' | 'red' | 'unknown';

export interface PreflightLine {
  check: string;
  status: CheckStatus;
  numbers: string;
  /** What to do, in plain words; empty when there is nothing to do. */
  todo: string;
}

/** The WorkSpaces quota's codes in Service Quotas ("WorkSpaces", per Region). */
export const WORKSPACES_QUOTA = { serviceCode: 'workspaces', quotaCode: 'L-34278094' } as const;
/** "WorkSpaces per Region: 1": a new account's default, when Service Quotas answers neither call. */
export const DOCUMENTED_WORKSPACES_QUOTA = 1;

export type QuotaSource = 'applied' | 'aws-default' | 'documented-default';

export interface QuotaReading {
  value: number;
  source: QuotaSource;
  /** Why the applied value was not read (the refusal), when it was not. */
  fallbackReason?: string;
}

/** WorkSpaces counted in the Region; `complete` false: at least `count` (the count stopped at its limit). */
export interface InUseReading {
  count: number;
  complete: boolean;
}

const n = (value: number) => value.toLocaleString('en-US');
const line = (check: string, status: CheckStatus, numbers: string, todo = ''): PreflightLine => ({
  check,
  status,
  numbers,
  todo,
});

const QUOTA_SOURCE: Record<QuotaSource, string> = {
  applied: 'the account’s quota',
  'aws-default': 'AWS’s default quota',
  'documented-default': 'the documented default for a new account',
};

/** The wave's new WorkSpaces in a Region against the quota and the WorkSpaces already there. */
export function workspacesQuotaLine(
  region: string,
  wave: number,
  quota: QuotaReading,
  inUse: InUseReading | { unknown: string },
): PreflightLine {
  const check = `WorkSpaces quota (${region})`;
  const source = `${QUOTA_SOURCE[quota.source]}${quota.fallbackReason ? `; GetServiceQuota refused: ${quota.fallbackReason}` : ''}`;
  const ask = (needed: number) =>
    `request a quota increase to at least ${n(needed)} for Amazon WorkSpaces "WorkSpaces" (${WORKSPACES_QUOTA.serviceCode} ${WORKSPACES_QUOTA.quotaCode}) in ${region} (Service Quotas console), or split the wave`;
  if ('unknown' in inUse) {
    if (wave > quota.value)
      return line(check, 'red', `quota ${n(quota.value)} (${source}), wave ${n(wave)}`, ask(wave));
    return line(
      check,
      'unknown',
      `quota ${n(quota.value)} (${source}), wave ${n(wave)}, in use not counted: ${inUse.unknown}`,
      `count the WorkSpaces in ${region}: the quota must hold them plus ${n(wave)}`,
    );
  }
  const inUseText = `${inUse.complete ? '' : 'at least '}${n(inUse.count)} in use`;
  const needed = inUse.count + wave;
  const numbers = `quota ${n(quota.value)} (${source}), ${inUseText}, wave ${n(wave)}`;
  if (needed > quota.value) return line(check, 'red', `${numbers}: needs ${n(needed)}`, ask(needed));
  if (!inUse.complete)
    return line(
      check,
      'unknown',
      numbers,
      `count the WorkSpaces in ${region}: the quota must hold them plus ${n(wave)}`,
    );
  return line(check, 'ok', numbers);
}

export interface SesAccountReading {
  productionAccessEnabled: boolean;
  sendingEnabled: boolean;
  /** -1: unlimited, as GetAccount reports it. */
  max24HourSend: number;
  maxSendRate: number;
  sentLast24Hours: number;
}

export function sesProductionLine(account: SesAccountReading): PreflightLine {
  if (!account.sendingEnabled)
    return line(
      'SES sending',
      'red',
      'sending is paused for this account',
      'SES paused sending: see the account dashboard of the SES console',
    );
  if (!account.productionAccessEnabled)
    return line(
      'SES production access',
      'red',
      'sandbox: sends only to verified addresses',
      'request production access for SES in this Region (SES console, Account dashboard); until then invitations to unverified addresses are refused',
    );
  return line('SES production access', 'ok', 'out of the sandbox');
}

/** The wave's emails (one invitation each) against what is left of the 24-hour quota. */
export function sesQuotaLine(account: SesAccountReading, emails: number): PreflightLine {
  const check = 'SES 24-hour quota';
  if (account.max24HourSend < 0)
    return line(check, 'ok', `unlimited, ${n(account.sentLast24Hours)} sent in 24 h, wave ${n(emails)}`);
  const left = Math.max(0, account.max24HourSend - account.sentLast24Hours);
  const numbers = `${n(account.max24HourSend)} a day, ${n(account.sentLast24Hours)} sent in 24 h, ${n(left)} left, wave needs ${n(emails)}`;
  if (emails <= left) return line(check, 'ok', numbers);
  const days = account.max24HourSend > 0 ? Math.ceil(emails / account.max24HourSend) : undefined;
  return line(
    check,
    'red',
    numbers,
    `request a higher sending quota (SES console, Account dashboard)${days ? `, or spread the wave over at least ${days} day(s)` : ''}; invitations past the quota wait`,
  );
}

/** How long the wave's invitations take at the account's send rate. */
export function sesRateLine(account: SesAccountReading, emails: number): PreflightLine {
  const seconds =
    account.maxSendRate > 0 ? Math.ceil(emails / account.maxSendRate) : Number.POSITIVE_INFINITY;
  return line(
    'SES send rate',
    'ok',
    `${n(account.maxSendRate)} a second: ${n(emails)} invitation(s) take at least ${durationText(seconds)}`,
  );
}

/** Whether the sender is verified for sending: its address, or its domain. */
export function senderLine(
  address: string,
  identity: { identity: string; verified: boolean } | undefined,
): PreflightLine {
  const check = 'SES sender';
  if (identity?.verified) return line(check, 'ok', `${address}: ${identity.identity} verified`);
  const domain = address.slice(address.lastIndexOf('@') + 1);
  return line(
    check,
    'red',
    identity
      ? `${identity.identity} not verified yet`
      : `neither ${address} nor ${domain} is an SES identity`,
    `verify ${domain} (or ${address}) in SES in this Region: no invitation can be sent until then`,
  );
}

/** A directory must be REGISTERED with WorkSpaces (DescribeWorkspaceDirectories) to take WorkSpaces. */
export function directoryLine(directoryId: string, region: string, state: string | undefined): PreflightLine {
  const check = `directory ${directoryId}`;
  if (state === 'REGISTERED') return line(check, 'ok', `registered in ${region}`);
  if (state === undefined)
    return line(
      check,
      'red',
      `not registered with WorkSpaces in ${region}`,
      `register the directory with WorkSpaces in ${region}, or fix its id and Region in the configuration`,
    );
  return line(
    check,
    'red',
    `state ${state} in ${region}`,
    state === 'REGISTERING'
      ? 'wait until it is REGISTERED, then run the preflight again'
      : 'register the directory with WorkSpaces again (WorkSpaces console, Directories)',
  );
}

/** A bundle must exist in the Region; its protocol (from the configuration) against PCoIP's end of support. */
export function bundleLine(
  bundle: { bundleId: string; protocol: string; at: string },
  region: string,
  found: { state?: string } | undefined,
  now: Date,
): PreflightLine {
  const check = `bundle ${bundle.bundleId}`;
  if (!found)
    return line(
      check,
      'red',
      `not found in ${region}`,
      `fix config.${bundle.at}.bundleId: a bundle id of ${region} (DescribeWorkspaceBundles)`,
    );
  if (found.state && found.state !== 'AVAILABLE')
    return line(
      check,
      'red',
      `state ${found.state} in ${region}`,
      'wait until it is AVAILABLE, or choose another',
    );
  const verdict = pcoipVerdict([bundle], now);
  const protocol =
    bundle.protocol === 'WSP' ? 'Amazon DCV' : bundle.protocol === 'PCOIP' ? 'PCoIP' : bundle.protocol;
  if (verdict.outcome === 'refuse')
    return line(check, 'red', `${protocol} in ${region}`, verdict.problems[0]!);
  if (verdict.outcome === 'warn') return line(check, 'ok', `${protocol} in ${region}`, verdict.problems[0]!);
  return line(check, 'ok', `${protocol} in ${region}`);
}

/** The directory accounts of the wave's users in one directory, as the use case found them. */
export type UsersReading =
  | { kind: 'not-checkable'; reason: string }
  | {
      kind: 'checked';
      exist: number;
      willBeCreated: number;
      missing: string[];
      /** Users not looked up (the per-run limit, or lookups that failed). */
      notChecked: number;
      /** Why some were not looked up. */
      notCheckedReason?: string;
    };

export function usersLine(directoryId: string, users: number, reading: UsersReading): PreflightLine {
  const check = `users in ${directoryId}`;
  if (reading.kind === 'not-checkable')
    return line(
      check,
      'unknown',
      `${n(users)} user(s) not checked: ${reading.reason}`,
      'make sure each user exists in the directory before provisioning (a missing one waits, then fails with an alert)',
    );
  const parts = [`${n(reading.exist)} exist`];
  if (reading.willBeCreated) parts.push(`${n(reading.willBeCreated)} will be created`);
  if (reading.missing.length) parts.push(`${n(reading.missing.length)} missing`);
  if (reading.notChecked)
    parts.push(`${n(reading.notChecked)} not checked (${reading.notCheckedReason ?? 'limit'})`);
  const numbers = `${n(users)} user(s): ${parts.join(', ')}`;
  if (reading.missing.length)
    return line(
      check,
      'red',
      numbers,
      `create ${listSome(reading.missing)} in the directory, or let the product create accounts (createUsers with Directory Service Data enabled)`,
    );
  if (reading.notChecked)
    return line(check, 'unknown', numbers, 'run the preflight on a smaller file to check the rest');
  return line(check, 'ok', numbers);
}

/** Rows that are invalid, and rows that conflict (the same employee or account twice, a name another hire holds). */
export function rowsLines(
  rows: number,
  problems: readonly { line: number; message: string; conflict?: boolean | undefined }[],
  skipInvalid: boolean,
): PreflightLine[] {
  const byKind = (conflict: boolean) =>
    problems
      .filter((p) => Boolean(p.conflict) === conflict)
      .map((p) => (p.line > 0 ? `line ${p.line}: ${p.message}` : p.message));
  const invalid = new Set(problems.filter((p) => !p.conflict).map((p) => p.line)).size;
  const conflicts = byKind(true);
  const lines: PreflightLine[] = [];
  if (invalid === 0) lines.push(line('rows', 'ok', `${n(rows)} row(s) valid`));
  else if (skipInvalid) lines.push(line('rows', 'ok', `${n(invalid)} of ${n(rows)} row(s) invalid, skipped`));
  else
    lines.push(
      line(
        'rows',
        'red',
        `${n(invalid)} of ${n(rows)} row(s) invalid (${listSome(byKind(false), 1)})`,
        'fix them (`import --dry-run` lists every problem), or import with --skip-invalid',
      ),
    );
  lines.push(
    conflicts.length === 0
      ? line('user-name and employee conflicts', 'ok', 'none')
      : line(
          'user-name and employee conflicts',
          'red',
          `${n(conflicts.length)}: ${listSome(conflicts, 2)}`,
          'one account per person: give each row its own employee id and user name',
        ),
  );
  return lines;
}

/**
 * The least time the wave's WorkSpaces calls take at the API budget: CreateWorkspaces 25 at a time, the same
 * number of DescribeWorkspaces polls at 25 ids each, and one DescribeWorkspaceDirectories per directory (the
 * registration code every invitation carries).
 */
export function apiTimeLine(
  region: string,
  wave: number,
  directories: number,
  budget: { ratePerSecond: number },
): PreflightLine {
  const batches = Math.ceil(wave / MAX_IDS_PER_CALL);
  const calls = 2 * batches + directories;
  const seconds = Math.ceil(calls / budget.ratePerSecond);
  return line(
    `WorkSpaces API time (${region})`,
    'ok',
    `${n(calls)} call(s) (${n(batches)} create, ${n(batches)} poll, ${n(directories)} directory) at ${budget.ratePerSecond}/s: at least ${durationText(seconds)}, plus about 20 minutes of provisioning`,
  );
}

/** A check whose reading failed: unknown, with the reason. */
export function unreadLine(check: string, reason: string, todo: string): PreflightLine {
  return line(check, 'unknown', `not read: ${reason}`, todo);
}

/** The exit rule: a red line fails the preflight; unknown lines are shown but do not. */
export function preflightPasses(lines: readonly PreflightLine[]): boolean {
  return !lines.some((l) => l.status === 'red');
}

function listSome(items: readonly string[], most = 3): string {
  const shown = items.slice(0, most).join('; ');
  return items.length > most ? `${shown}; and ${n(items.length - most)} more` : shown;
}

function durationText(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'forever';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}
