import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEW_ACCOUNT_WORKSPACES_QUOTA } from '../../local/service-quotas';
import { SANDBOX_ACCOUNT } from '../../local/ses-account';
import { adminCli } from '../support/admin-cli';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

/**
 * A wave that checks itself first, against a local cloud with a new AWS account's limits: one WorkSpace per
 * Region and SES in its sandbox. A 3,000-row wave is red on both, with the numbers and what to do, and
 * `import` refuses it; raised through the `/_sim` routes, it is green and the import goes ahead.
 */
let cloud: TestCloud;
let dir: string;
const ROWS = 3000;

const cli = (argv: string[]) => adminCli(cloud, argv, dir);

async function post(url: string, body: unknown) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function hires(): Promise<{ hires: { employeeId: string; stage: string }[] }> {
  const res = await fetch(`${cloud.urls.http}/admin/hires?limit=100`, {
    headers: { authorization: `Bearer ${cloud.adminToken}` },
  });
  return (await res.json()) as { hires: { employeeId: string; stage: string }[] };
}

/** The table line of a check: its status column and the rest. */
const row = (out: string, check: string) => out.split('\n').find((l) => l.includes(check)) ?? '';

beforeAll(async () => {
  // A new account's limits, asked for explicitly (the test cloud's own are roomy).
  cloud = await startTestCloud({ workspacesQuota: NEW_ACCOUNT_WORKSPACES_QUOTA });
  await post(`${cloud.urls.ses}/_sim/account`, SANDBOX_ACCOUNT);
  dir = mkdtempSync(join(tmpdir(), 'preflight-e2e-'));
  const lines = Array.from(
    { length: ROWS },
    (_, i) => `P-${i},Given${i},Family,p${i}@example.com,puser${i},2027-04-01`,
  );
  writeFileSync(
    join(dir, 'wave.csv'),
    ['employeeId,givenName,familyName,email,userName,startDate', ...lines].join('\n'),
  );
}, 300_000);

afterAll(async () => {
  await cloud?.stop();
});

describe('a 3,000-row wave on a new account', () => {
  it('preflight: red for the WorkSpaces quota and the SES sandbox, with the numbers and what to do; exit 1', async () => {
    const run = await cli(['preflight', 'wave.csv']);
    expect(run.code, run.stderr).toBe(1);
    const quota = row(run.stdout, 'WorkSpaces quota (ap-northeast-1)');
    expect(quota).toMatch(/^RED /);
    expect(quota).toContain('quota 1 (the account’s quota), wave 3,000');
    expect(quota).toContain('request a quota increase to at least 3,000');
    expect(row(run.stdout, 'SES production access')).toMatch(
      /^RED .*sandbox: sends only to verified addresses .*request production access/,
    );
    const sesQuota = row(run.stdout, 'SES 24-hour quota');
    expect(sesQuota).toMatch(/^RED /);
    expect(sesQuota).toContain('200 a day, 0 sent in 24 h, 200 left, wave needs 3,000');
    expect(sesQuota).toContain('spread the wave over at least 15 day(s)');
    expect(row(run.stdout, 'SES send rate')).toContain(
      '1 a second: 3,000 invitation(s) take at least 50 min',
    );
    expect(row(run.stdout, 'directory d-95671a2b3c')).toMatch(/^ok .*registered in ap-northeast-1/);
    expect(row(run.stdout, 'bundle ')).toMatch(/^ok .*Amazon DCV in ap-northeast-1/);
    // The directory accounts cannot be read here: said, and not a failure by itself.
    expect(row(run.stdout, 'users in d-95671a2b3c')).toMatch(/^\? +.*3,000 user\(s\) not checked/);
    expect(run.stdout).toContain('preflight failed: 3 red line(s), 1 not checkable (?)');
  });

  it('import refuses it: the same red lines, nothing imported', async () => {
    const run = await cli(['import', 'wave.csv']);
    expect(run.code).toBe(1);
    expect(row(run.stdout, 'WorkSpaces quota')).toMatch(/^RED /);
    expect(run.stderr).toContain('nothing was imported: fix the red line(s) first, or import with --force');
    expect((await hires()).hires).toHaveLength(0);
  });

  it('raised through /_sim/quotas and /_sim/account: green, and the import goes ahead', async () => {
    await post(`${cloud.urls.workspaces}/_sim/quotas`, { workspaces: 5000 });
    await post(`${cloud.urls.ses}/_sim/account`, {
      productionAccessEnabled: true,
      max24HourSend: 50_000,
      maxSendRate: 14,
    });
    const check = await cli(['preflight', 'wave.csv']);
    expect(check.code, check.stdout).toBe(0);
    expect(row(check.stdout, 'WorkSpaces quota')).toMatch(
      /^ok .*quota 5,000 \(the account’s quota\), 0 in use, wave 3,000/,
    );
    expect(check.stdout).not.toMatch(/^RED /m);

    const run = await cli(['import', 'wave.csv']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`${ROWS} row(s), ${ROWS} new`);
    const listed = (await hires()).hires;
    expect(listed).toHaveLength(100);
    for (const h of listed.slice(0, 5)) expect(['RECEIVED', 'QUEUED']).toContain(h.stage);
  }, 600_000);

  it('GET /admin/preflight for one hire: its directory, bundle and user name, a name another hire holds is red', async () => {
    const free = await cli(['preflight', '--user', 'newperson', '--json']);
    expect(free.code).toBe(0);
    const report = JSON.parse(free.stdout);
    expect(report).toMatchObject({ hires: 1, ok: true });
    expect(report.lines.map((l: { check: string }) => l.check)).toEqual(
      expect.arrayContaining(['WorkSpaces quota (ap-northeast-1)', 'SES sender', 'directory d-95671a2b3c']),
    );
    const taken = await cli(['preflight', '--user', 'puser7']);
    expect(taken.code).toBe(1);
    expect(row(taken.stdout, 'user-name and employee conflicts')).toMatch(
      /^RED .*puser7 is already the user name of employee P-7/,
    );
  });
});
