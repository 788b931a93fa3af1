/**
 * The admin preflight: before a wave (or one hire) starts, what the AWS account would refuse or slow down:
 * the WorkSpaces quota per Region, SES's sandbox, quota, rate and sender, each directory and bundle, each
 * user's directory account, the rows' conflicts and the time the WorkSpaces calls take at the API budget.
 * Reads only; the verdicts are preflight-rules.ts's.
 */
import type { Clock } from '../kernel/clock';
import type { BundleChoice, OnboardingConfig } from '../kernel/config/config';
import { configuredBundles, findDirectory, senderAddress } from '../kernel/config/config';
import type { DirectoryUsers } from '../kernel/directory-users';
import { log } from '../kernel/log';
import {
  apiTimeLine,
  bundleLine,
  DOCUMENTED_WORKSPACES_QUOTA,
  directoryLine,
  type InUseReading,
  type PreflightLine,
  preflightPasses,
  type QuotaReading,
  rowsLines,
  type SesAccountReading,
  senderLine,
  sesProductionLine,
  sesQuotaLine,
  sesRateLine,
  type UsersReading,
  unreadLine,
  usersLine,
  WORKSPACES_QUOTA,
  workspacesQuotaLine,
} from './preflight-rules';

/** A reading of the account: the value, or why it could not be read (the refusal, named). */
export type Reading<T> = { ok: true; value: T } | { ok: false; reason: string };

/** What the preflight reads of the AWS account; src/admin/adapters/preflight-account.ts on AWS. */
export interface PreflightAccount {
  /** Service Quotas GetServiceQuota: the value applied to this account. */
  appliedQuota(region: string, code: { serviceCode: string; quotaCode: string }): Promise<Reading<number>>;
  /** Service Quotas GetAWSDefaultServiceQuota. */
  defaultQuota(region: string, code: { serviceCode: string; quotaCode: string }): Promise<Reading<number>>;
  /** WorkSpaces in the Region (DescribeWorkspaces, paced), counting at most `atMost`. */
  workspacesInUse(region: string, atMost: number): Promise<Reading<InUseReading>>;
  /** The directory's WorkSpaces state; undefined when WorkSpaces does not know it there. */
  directoryState(region: string, directoryId: string): Promise<Reading<string | undefined>>;
  /** The bundle, or undefined when the Region has none of that id. */
  bundle(region: string, bundleId: string): Promise<Reading<{ state?: string } | undefined>>;
  /** SES v2 GetAccount. */
  sesAccount(): Promise<Reading<SesAccountReading>>;
  /** SES v2 GetEmailIdentity; undefined when SES does not know the identity. */
  emailIdentity(identity: string): Promise<Reading<{ verified: boolean } | undefined>>;
}

export interface PreflightDeps {
  config: OnboardingConfig;
  clock: Clock;
  regionOf: (directoryId: string) => string;
  preflightAccount: PreflightAccount;
  /** Absent where the directory accounts cannot be read (no adapter): users are "cannot be checked". */
  directoryUsers?: DirectoryUsers | undefined;
}

/** One hire of the wave, as it would be provisioned. */
export interface PreflightHire {
  /** Absent for a one-hire preflight that names no user: its account is not looked up. */
  userName?: string;
  directoryId: string;
  bundle: BundleChoice;
}

export interface PreflightInput {
  hires: PreflightHire[];
  /** Data rows read (valid or not). */
  rows: number;
  /** The rows' problems (line 0: not from a file); `conflict` marks the same employee or account twice, or a name another hire holds. */
  problems: { line: number; message: string; conflict?: boolean | undefined }[];
  skipInvalid?: boolean;
}

export interface PreflightReport {
  checkedAt: string;
  hires: number;
  /** True when no line is red (unknown lines do not fail it). */
  ok: boolean;
  red: number;
  unknown: number;
  lines: PreflightLine[];
}

/** WorkSpaces counted per Region at most (25 a call: 20 calls, about 8 s at 2 a second with bursts of 5). */
export const MAX_COUNTED_WORKSPACES = 500;
/** Directory users looked up per preflight; more is "not checked" (a smaller file checks the rest). */
export const MAX_USER_LOOKUPS = 500;
const USER_LOOKUP_CONCURRENCY = 4;

export async function runPreflight(deps: PreflightDeps, input: PreflightInput): Promise<PreflightReport> {
  const { config } = deps;
  const account = deps.preflightAccount;
  const now = deps.clock.now();
  const lines: PreflightLine[] = [...rowsLines(input.rows, input.problems, input.skipInvalid ?? false)];

  const byRegion = groupBy(input.hires, (h) => deps.regionOf(h.directoryId));
  for (const [region, hires] of byRegion) {
    const quota = await quotaOf(account, region);
    lines.push(
      workspacesQuotaLine(
        region,
        hires.length,
        quota,
        await inUseOf(account, region, quota.value - hires.length),
      ),
    );
  }

  const emails = input.hires.length;
  const ses = await account.sesAccount();
  if (ses.ok)
    lines.push(sesProductionLine(ses.value), sesQuotaLine(ses.value, emails), sesRateLine(ses.value, emails));
  else lines.push(unreadLine('SES account', ses.reason, 'allow ses:GetAccount, or check the SES console'));
  lines.push(await senderOf(account, senderAddress(config.email.from)));

  const byDirectory = groupBy(input.hires, (h) => h.directoryId);
  for (const [directoryId, hires] of byDirectory) {
    const region = deps.regionOf(directoryId);
    const state = await account.directoryState(region, directoryId);
    lines.push(
      state.ok
        ? directoryLine(directoryId, region, state.value)
        : unreadLine(
            `directory ${directoryId}`,
            state.reason,
            'allow workspaces:DescribeWorkspaceDirectories',
          ),
    );
    lines.push(usersLine(directoryId, hires.length, await usersOf(deps, directoryId, hires)));
  }

  const bundles = groupBy(input.hires, (h) => `${deps.regionOf(h.directoryId)}#${h.bundle.bundleId}`);
  for (const [key, hires] of bundles) {
    const region = key.slice(0, key.indexOf('#'));
    const bundle = hires[0]!.bundle;
    const found = await account.bundle(region, bundle.bundleId);
    const at = configuredBundles(config).find((b) => b.bundleId === bundle.bundleId)?.at ?? 'bundles';
    lines.push(
      found.ok
        ? bundleLine({ ...bundle, at }, region, found.value, now)
        : unreadLine(`bundle ${bundle.bundleId}`, found.reason, 'allow workspaces:DescribeWorkspaceBundles'),
    );
  }

  for (const [region, hires] of byRegion) {
    const directories = new Set(hires.map((h) => h.directoryId)).size;
    lines.push(apiTimeLine(region, hires.length, directories, config.provisioning.apiBudget));
  }

  const red = lines.filter((l) => l.status === 'red').length;
  const unknown = lines.filter((l) => l.status === 'unknown').length;
  log.info('admin preflight', { hires: input.hires.length, red, unknown });
  return {
    checkedAt: now.toISOString(),
    hires: input.hires.length,
    ok: preflightPasses(lines),
    red,
    unknown,
    lines,
  };
}

/** The applied quota, else AWS's default, else the documented default, saying which. */
async function quotaOf(account: PreflightAccount, region: string): Promise<QuotaReading> {
  const applied = await account.appliedQuota(region, WORKSPACES_QUOTA);
  if (applied.ok) return { value: applied.value, source: 'applied' };
  const fallback = await account.defaultQuota(region, WORKSPACES_QUOTA);
  if (fallback.ok) return { value: fallback.value, source: 'aws-default', fallbackReason: applied.reason };
  return { value: DOCUMENTED_WORKSPACES_QUOTA, source: 'documented-default', fallbackReason: applied.reason };
}

/**
 * The WorkSpaces in the Region, counted only as far as the verdict needs: one past the room the quota leaves
 * the wave (then it is red however many more there are), at most MAX_COUNTED_WORKSPACES.
 */
async function inUseOf(
  account: PreflightAccount,
  region: string,
  room: number,
): Promise<InUseReading | { unknown: string }> {
  if (room < 0) return { unknown: 'not needed, the wave alone is over the quota' };
  const read = await account.workspacesInUse(region, Math.min(room + 1, MAX_COUNTED_WORKSPACES));
  return read.ok ? read.value : { unknown: read.reason };
}

/** The sender address verified itself, or through its domain. */
async function senderOf(account: PreflightAccount, address: string): Promise<PreflightLine> {
  const domain = address.slice(address.lastIndexOf('@') + 1);
  let unread: string | undefined;
  for (const identity of [address, domain]) {
    const read = await account.emailIdentity(identity);
    if (!read.ok) {
      unread = read.reason;
      continue;
    }
    if (read.value?.verified) return senderLine(address, { identity, verified: true });
  }
  if (unread)
    return unreadLine(
      'SES sender',
      unread,
      `allow ses:GetEmailIdentity, or check ${domain} in the SES console`,
    );
  return senderLine(address, undefined);
}

async function usersOf(
  deps: PreflightDeps,
  directoryId: string,
  hires: PreflightHire[],
): Promise<UsersReading> {
  const directory = findDirectory(deps.config, directoryId);
  const users = deps.directoryUsers;
  if (!users)
    return { kind: 'not-checkable', reason: 'directory accounts are not readable from this deployment' };
  if (directory?.type !== 'MANAGED_AD')
    return {
      kind: 'not-checkable',
      reason: `a ${directory?.type ?? 'unknown'} directory's accounts are not readable (Directory Service Data: AWS Managed Microsoft AD only)`,
    };
  let access: string;
  try {
    access = await users.dataAccess(directoryId);
  } catch (err) {
    return { kind: 'not-checkable', reason: `Directory Service Data not read: ${refusal(err)}` };
  }
  if (access !== 'Enabled') {
    return { kind: 'not-checkable', reason: `Directory Service Data is ${access}: enable it to check users` };
  }
  const create = directory.createUsers === true;
  const named = hires.flatMap((h) => (h.userName ? [h.userName] : []));
  const todo = named.slice(0, MAX_USER_LOOKUPS);
  const reading = { kind: 'checked' as const, exist: 0, willBeCreated: 0, missing: [] as string[] };
  let failed = 0;
  let failure: string | undefined;
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const userName = todo[next++]!;
      try {
        const found = await users.describeUser(directoryId, userName);
        if (found) reading.exist++;
        else if (create) reading.willBeCreated++;
        else reading.missing.push(userName);
      } catch (err) {
        failed++;
        failure ??= `lookups failed: ${refusal(err)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(USER_LOOKUP_CONCURRENCY, todo.length) }, worker));
  const notChecked = hires.length - todo.length + failed;
  const reason =
    failure ?? (named.length < hires.length ? 'no user name given' : `at most ${MAX_USER_LOOKUPS} a run`);
  return { ...reading, notChecked, ...(notChecked ? { notCheckedReason: reason } : {}) };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** An error as a line says it: its name and message (SDK errors name the AWS error code). */
export function refusal(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
