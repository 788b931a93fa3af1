import { describe, expect, it } from 'vitest';
import { main } from '../../cli/admin';
import { adminApiFunction } from '../../functions/admin-api/handler';
import type { AdminApiDeps } from '../../functions/admin-api/routes/route';
import { runPreflight } from '../../src/admin/preflight';
import type { PreflightLine } from '../../src/admin/preflight-rules';
import { parseAdminTokens } from '../../src/admin/tokens';
import { wavePreflightInput } from '../../src/intake/preflight-input';
import type { DataAccessStatus, DirectoryUsers } from '../../src/kernel/directory-users';
import { appWorld, SIMPLE_AD, testConfig } from '../support/fakes';
import { httpRequest } from '../support/lambda';

/**
 * The admin preflight: each check red or ok with its numbers and what to do, through the use case with an
 * in-memory account; the CLI's table and exit codes, and `import` refusing on a red line, through the admin
 * API's handler in this process.
 */
const TOKEN = 'alice-token-0123456789abcdefghij';
const HEADER = 'employeeId,givenName,familyName,email,userName,startDate';
const wave = (n: number, extra: string[] = []) =>
  [
    HEADER,
    ...Array.from({ length: n }, (_, i) => `W-${i},Given,Family,w${i}@example.com,wuser${i},2027-04-01`),
    ...extra,
  ].join('\n');

function world() {
  const w = appWorld();
  const deps: AdminApiDeps = { ...w.deps, tokens: async () => parseAdminTokens(`alice:${TOKEN}`) };
  const check = async (csv: string, skipInvalid = false) =>
    runPreflight(deps, await wavePreflightInput(deps, csv, skipInvalid));
  return { ...w, deps, check };
}

const lineOf = (lines: PreflightLine[], check: string) => {
  const found = lines.find((l) => l.check.startsWith(check));
  if (!found) throw new Error(`no line ${check}: ${lines.map((l) => l.check).join(', ')}`);
  return found;
};

describe('the WorkSpaces quota', () => {
  it('a new account (1 WorkSpace) and a wave of 3,000: red, with the numbers and the quota to ask for', async () => {
    const w = world();
    w.preflight.state.appliedQuota = 1;
    const report = await w.check(wave(3000));
    const quota = lineOf(report.lines, 'WorkSpaces quota (ap-northeast-1)');
    expect(quota).toMatchObject({ status: 'red', numbers: 'quota 1 (the account’s quota), wave 3,000' });
    expect(quota.todo).toContain('request a quota increase to at least 3,000');
    expect(quota.todo).toContain('workspaces L-34278094');
    expect(report.ok).toBe(false);
    // The wave alone is over the quota: nothing is counted.
    expect(w.preflight.state.countedUpTo).toEqual([]);
  });

  it('counts the WorkSpaces in use only as far as the verdict needs: 95 in use + 10 over a quota of 100 is red', async () => {
    const w = world();
    w.preflight.state.inUse = 95;
    const quota = lineOf((await w.check(wave(10))).lines, 'WorkSpaces quota');
    expect(quota).toMatchObject({
      status: 'red',
      numbers: 'quota 100 (the account’s quota), at least 91 in use, wave 10: needs 101',
    });
    expect(w.preflight.state.countedUpTo).toEqual([91]);
    w.preflight.state.inUse = 90;
    expect(lineOf((await w.check(wave(10))).lines, 'WorkSpaces quota')).toMatchObject({
      status: 'ok',
      numbers: 'quota 100 (the account’s quota), 90 in use, wave 10',
    });
  });

  it('GetServiceQuota refused: AWS’s default, said on the line; both refused: the documented default', async () => {
    const w = world();
    w.preflight.state.refuse.appliedQuota = 'AccessDeniedException: not allowed';
    const fallback = lineOf((await w.check(wave(1))).lines, 'WorkSpaces quota');
    expect(fallback).toMatchObject({
      status: 'ok',
      numbers:
        'quota 1 (AWS’s default quota; GetServiceQuota refused: AccessDeniedException: not allowed), 0 in use, wave 1',
    });
    w.preflight.state.refuse.defaultQuota = 'AccessDeniedException: not allowed';
    const documented = lineOf((await w.check(wave(2))).lines, 'WorkSpaces quota');
    expect(documented.status).toBe('red');
    expect(documented.numbers).toContain(
      'quota 1 (the documented default for a new account; GetServiceQuota refused',
    );
  });

  it('WorkSpaces in use not countable and the wave fits the quota: unknown, saying why', async () => {
    const w = world();
    w.preflight.state.refuse.workspacesInUse = 'ThrottlingException: Rate exceeded';
    const quota = lineOf((await w.check(wave(3))).lines, 'WorkSpaces quota');
    expect(quota.status).toBe('unknown');
    expect(quota.numbers).toContain('in use not counted: ThrottlingException: Rate exceeded');
  });
});

describe('SES', () => {
  it('the sandbox: red lines for production access and the 24-hour quota, the rate says how long', async () => {
    const w = world();
    w.preflight.state.ses = {
      productionAccessEnabled: false,
      sendingEnabled: true,
      max24HourSend: 200,
      maxSendRate: 1,
      sentLast24Hours: 20,
    };
    const report = await w.check(wave(3000));
    expect(lineOf(report.lines, 'SES production access')).toMatchObject({
      status: 'red',
      numbers: 'sandbox: sends only to verified addresses',
    });
    expect(lineOf(report.lines, 'SES production access').todo).toContain('request production access');
    const quota = lineOf(report.lines, 'SES 24-hour quota');
    expect(quota).toMatchObject({
      status: 'red',
      numbers: '200 a day, 20 sent in 24 h, 180 left, wave needs 3,000',
    });
    expect(quota.todo).toContain('spread the wave over at least 15 day(s)');
    expect(lineOf(report.lines, 'SES send rate')).toMatchObject({
      status: 'ok',
      numbers: '1 a second: 3,000 invitation(s) take at least 50 min',
    });
  });

  it('out of the sandbox with room: ok; unlimited (-1) is ok', async () => {
    const w = world();
    const report = await w.check(wave(10));
    expect(lineOf(report.lines, 'SES production access').status).toBe('ok');
    expect(lineOf(report.lines, 'SES 24-hour quota').status).toBe('ok');
    w.preflight.state.ses.max24HourSend = -1;
    expect(lineOf((await w.check(wave(10))).lines, 'SES 24-hour quota').numbers).toMatch(/^unlimited/);
  });

  it('the sender: verified through its domain is ok; neither the address nor the domain: red, what to verify', async () => {
    const w = world();
    w.preflight.state.verified = ['example.co.jp'];
    expect(lineOf((await w.check(wave(1))).lines, 'SES sender')).toMatchObject({
      status: 'ok',
      numbers: 'workspaces@example.co.jp: example.co.jp verified',
    });
    w.preflight.state.verified = [];
    const red = lineOf((await w.check(wave(1))).lines, 'SES sender');
    expect(red).toMatchObject({
      status: 'red',
      numbers: 'neither workspaces@example.co.jp nor example.co.jp is an SES identity',
    });
    expect(red.todo).toContain('verify example.co.jp');
  });
});

describe('directories, bundles, users', () => {
  it('a deregistered directory and a bundle that is not there: red, each with what to do', async () => {
    const w = world();
    w.preflight.state.directories[SIMPLE_AD] = 'DEREGISTERED';
    w.preflight.state.bundles = [];
    const report = await w.check(wave(2));
    expect(lineOf(report.lines, `directory ${SIMPLE_AD}`)).toMatchObject({
      status: 'red',
      numbers: 'state DEREGISTERED in ap-northeast-1',
    });
    const bundle = lineOf(report.lines, `bundle ${testConfig.bundles.default.bundleId}`);
    expect(bundle).toMatchObject({ status: 'red', numbers: 'not found in ap-northeast-1' });
    expect(bundle.todo).toContain('config.bundles.default.bundleId');
  });

  it('a PCoIP bundle: ok with the end of support before it, red from 2027-10-31', async () => {
    const { bundleLine } = await import('../../src/admin/preflight-rules');
    const pcoip = { bundleId: 'wsb-8vbljg4r6', protocol: 'PCOIP', at: 'bundles.rules[0]' };
    const before = bundleLine(
      pcoip,
      'ap-northeast-1',
      { state: 'AVAILABLE' },
      new Date('2027-03-01T00:00:00Z'),
    );
    expect(before).toMatchObject({ status: 'ok', numbers: 'PCoIP in ap-northeast-1' });
    expect(before.todo).toContain('2027-10-31');
    const after = bundleLine(
      pcoip,
      'ap-northeast-1',
      { state: 'AVAILABLE' },
      new Date('2027-10-31T00:00:00Z'),
    );
    expect(after.status).toBe('red');
    expect(after.todo).toContain('choose an Amazon DCV bundle');
  });

  it('users: without the directory accounts adapter, "cannot be checked" (unknown), which does not fail the preflight', async () => {
    const w = world();
    const report = await w.check(wave(3));
    expect(lineOf(report.lines, `users in ${SIMPLE_AD}`)).toMatchObject({
      status: 'unknown',
      numbers: '3 user(s) not checked: directory accounts are not readable from this deployment',
    });
    expect(report.ok).toBe(true);
  });

  it('users in a Managed AD with Directory Service Data: exist, will be created (createUsers), or missing (red)', async () => {
    const managed = 'd-9067aaaaaa';
    const config = {
      ...testConfig,
      directories: [
        ...testConfig.directories,
        { ...testConfig.directories[0]!, id: managed, type: 'MANAGED_AD' as const, default: false },
      ],
    };
    const known = new Set(['wuser0', 'wuser1']);
    let access: DataAccessStatus = 'Enabled';
    const users: DirectoryUsers = {
      dataAccess: async () => access,
      describeUser: async (_d, name) => (known.has(name) ? { userName: name, enabled: true } : undefined),
      createUser: async () => undefined,
    };
    const w = appWorld({ config });
    const deps = { ...w.deps, directoryUsers: users };
    const csv = `${HEADER},directoryId\n${[0, 1, 2, 3].map((i) => `W-${i},G,F,w${i}@example.com,wuser${i},2027-04-01,${managed}`).join('\n')}`;
    const run = async () =>
      lineOf(
        (await runPreflight(deps, await wavePreflightInput(deps, csv, false))).lines,
        `users in ${managed}`,
      );
    const missing = await run();
    expect(missing).toMatchObject({ status: 'red', numbers: '4 user(s): 2 exist, 2 missing' });
    expect(missing.todo).toContain('create wuser2; wuser3 in the directory');
    const creating = {
      ...config,
      directories: config.directories.map((d) => (d.id === managed ? { ...d, createUsers: true } : d)),
    };
    Object.assign(deps, { config: creating });
    expect(await run()).toMatchObject({ status: 'ok', numbers: '4 user(s): 2 exist, 2 will be created' });
    access = 'Disabled';
    expect(await run()).toMatchObject({
      status: 'unknown',
      numbers: '4 user(s) not checked: Directory Service Data is Disabled: enable it to check users',
    });
  });
});

describe('rows and conflicts, and the API time', () => {
  it('the same employee or account twice is a conflict (red), an invalid row is red unless skipped', async () => {
    const w = world();
    const report = await w.check(
      wave(2, [
        'W-0,Again,Same,x@example.com,other,2027-04-01',
        'W-9,G,F,y@example.com,WUSER1,2027-04-01',
        'W-8,G,F,not-an-address,u8,2027-04-01',
      ]),
    );
    const conflicts = lineOf(report.lines, 'user-name and employee conflicts');
    expect(conflicts.status).toBe('red');
    expect(conflicts.numbers).toBe(
      '2: line 4: W-0 is also on line 2; line 5: WUSER1 is the user name of line 3 (wuser1): one account per person',
    );
    expect(lineOf(report.lines, 'rows')).toMatchObject({ status: 'red' });
    expect(lineOf(report.lines, 'rows').numbers).toMatch(/^1 of 5 row\(s\) invalid \(line 6: /);
    const skipped = await w.check(wave(2, ['W-8,G,F,not-an-address,u8,2027-04-01']), true);
    expect(lineOf(skipped.lines, 'rows')).toMatchObject({
      status: 'ok',
      numbers: '1 of 3 row(s) invalid, skipped',
    });
  });

  it('the time at the API budget: creates and polls 25 at a time plus a directory read per directory', async () => {
    const w = world();
    const time = lineOf((await w.check(wave(3000))).lines, 'WorkSpaces API time (ap-northeast-1)');
    // 120 creates + 120 polls + 1 directory read = 241 calls at the sample's 1.6 a second: 151 s.
    expect(time.numbers).toBe(
      '241 call(s) (120 create, 120 poll, 1 directory) at 1.6/s: at least 3 min, plus about 20 minutes of provisioning',
    );
  });
});

/** `npm run admin` in this process, its requests answered by the admin API's handler over `w.deps`. */
async function cli(w: ReturnType<typeof world>, argv: string[], files: Record<string, string> = {}) {
  const api = adminApiFunction(() => w.deps);
  const out = { stdout: '', stderr: '' };
  const fetchApi = (async (input: string | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const res = await api(
      httpRequest(init.method ?? 'GET', url.pathname, {
        headers,
        queryStringParameters: Object.fromEntries(url.searchParams.entries()),
        ...(init.body ? { body: String(init.body) } : {}),
      }),
    );
    return new Response(res.statusCode === 204 ? null : (res.body ?? ''), {
      status: res.statusCode ?? 200,
      headers: (res.headers ?? {}) as Record<string, string>,
    });
  }) as typeof fetch;
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'preflight-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const code = await main([...argv, '--url', 'http://admin.test', '--token', TOKEN], {
    stdout: { write: (t: string) => (out.stdout += t) },
    stderr: { write: (t: string) => (out.stderr += t) },
    env: {},
    cwd: dir,
    fetch: fetchApi,
    sessionFile: join(dir, 'none.json'),
  });
  return { code, ...out };
}

describe('npm run admin -- preflight / import', () => {
  it('prints one aligned line per check and exits 1 on a red line, 0 when none is red (unknown lines do not count)', async () => {
    const w = world();
    w.preflight.state.appliedQuota = 1;
    const red = await cli(w, ['preflight', 'wave.csv'], { 'wave.csv': wave(5) });
    expect(red.code).toBe(1);
    const lines = red.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^STATUS +CHECK +NUMBERS +WHAT TO DO$/);
    const column = lines[0]!.indexOf('CHECK');
    const quota = lines.find((l) => l.includes('WorkSpaces quota (ap-northeast-1)'))!;
    expect(quota.startsWith('RED')).toBe(true);
    expect(quota.indexOf('WorkSpaces quota')).toBe(column);
    expect(quota).toContain('quota 1 (the account’s quota), wave 5');
    expect(lines.at(-1)).toMatch(/^preflight failed: 1 red line\(s\), 1 not checkable \(\?\)$/);
    w.preflight.state.appliedQuota = 100;
    const green = await cli(w, ['preflight', 'wave.csv'], { 'wave.csv': wave(5) });
    expect(green.code).toBe(0);
    expect(green.stdout).toContain('preflight passed: 1 line(s) marked ? could not be checked from here');
  });

  it('one hire: GET /admin/preflight with its directory, bundle and user name; an unconfigured directory is a 400', async () => {
    const w = world();
    const run = await cli(w, ['preflight', '--user', 'newperson', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.hires).toBe(1);
    expect(lineOf(report.lines, `directory ${SIMPLE_AD}`).status).toBe('ok');
    const bad = await cli(w, ['preflight', '--directory', 'd-0000000000']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('directoryId: is not a configured directory');
  });

  it('import runs the preflight first: a red line refuses the wave (nothing imported) unless --force', async () => {
    const w = world();
    w.preflight.state.ses.productionAccessEnabled = false;
    const refused = await cli(w, ['import', 'wave.csv'], { 'wave.csv': wave(3) });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^RED +SES production access/m);
    expect(refused.stderr).toContain(
      'nothing was imported: fix the red line(s) first, or import with --force',
    );
    expect(w.table.hires.size).toBe(0);
    const forced = await cli(w, ['import', 'wave.csv', '--force'], { 'wave.csv': wave(3) });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/^RED +SES production access/m);
    expect(forced.stdout).toContain('3 new');
    expect(w.table.hires.size).toBe(3);
  });
});
