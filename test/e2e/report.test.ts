import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliIo, main } from '../../cli/admin';
import { STAGES } from '../../src/kernel/hire/stages';
import type { ReportAnswer } from '../../src/report/load-report';
import { hireTable } from '../support/hires';
import { eventually, startTestCloud, type TestCloud } from '../support/local-cloud';

/**
 * The admin report end to end: a wave imported with the CLI and a webhook hire go through the local cloud,
 * one person signs in; `report --json` agrees with `list` for every stage, groups the wave and the source,
 * measures both times; `report --html` writes one file that names no network resource.
 */
let cloud: TestCloud;
let table: ReturnType<typeof hireTable>;

const ROOT = resolve(import.meta.dirname, '..', '..');
const DIRECTORY = 'd-95671a2b3c';
const dayAfter = (days: number) =>
  new Date(cloud.clock.nowMs() + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  cloud = await startTestCloud({ provisioningDelayMs: 30_000 });
  table = hireTable(cloud);
});
afterAll(async () => {
  table?.destroy();
  await cloud?.stop();
});

function capture() {
  let text = '';
  return { write: (s: string) => (text += s), isTTY: false, text: () => text };
}

async function cli(argv: string[]) {
  const stdout = capture();
  const stderr = capture();
  const io: CliIo = {
    stdout,
    stderr,
    cwd: ROOT,
    env: { ONBOARDING_API_URL: cloud.urls.http, ONBOARDING_ADMIN_TOKEN: cloud.adminToken },
    sessionFile: join(tmpdir(), 'no-such-local-cloud.json'),
  };
  const code = await main(argv, io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

async function get(path: string, token: string | null = cloud.adminToken) {
  const res = await fetch(cloud.urls.http + path, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe('report', () => {
  it('after a wave and a webhook hire: counts agree with list per stage, the wave, the source, both times', async () => {
    const users = ['rpt1', 'rpt2', 'rpt3'];
    await cloud.addUsers(DIRECTORY, ...users);
    const dir = mkdtempSync(join(tmpdir(), 'report-'));
    writeFileSync(
      join(dir, 'april-tokyo.csv'),
      [
        'employeeId,givenName,familyName,email,userName,startDate',
        ...users.map((u, i) => `R-${i + 1},Hanako,Yamada,${u}@example.co.jp,${u},${dayAfter(1)}`),
      ].join('\n'),
    );
    const imported = await cli(['import', join(dir, 'april-tokyo.csv')]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('as wave april-tokyo');
    // Starts in 100 days: waits in RECEIVED, outside the wave.
    expect(
      (await cloud.postHire({ employeeId: 'R-9', userName: 'rpt9', startDate: dayAfter(100) })).status,
    ).toBe(202);

    await cloud.driveUntil(async () => {
      const stages = await Promise.all(users.map((_, i) => table.stage(`hr-R-${i + 1}`)));
      return stages.every((s) => s === 'INVITED');
    }, 'the wave INVITED');
    const first = await table.get('hr-R-1');
    await cloud.advance('2h');
    await cloud.sim('/_sim/login', { workspaceId: first!.workspaceId });
    await eventually(async () => (await table.stage('hr-R-1')) === 'ACTIVE', { what: 'R-1 ACTIVE' });
    // The runs the two hours started (reminders, readiness) end first: the counts are of a table at rest.
    await cloud.settled();

    const run = await cli(['report', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ReportAnswer;
    for (const stage of STAGES) {
      const listed = await cli(['list', '--stage', stage, '--all', '--json']);
      expect(report.funnel.find((f) => f.stage === stage)?.count, stage).toBe(
        JSON.parse(listed.stdout).hires.length,
      );
    }
    expect(report.total).toBe(4);
    expect(report.waves).toEqual([
      { name: 'april-tokyo', total: 3, active: 1, stages: { INVITED: 2, ACTIVE: 1 } },
    ]);
    expect(report.sources).toEqual([
      { name: 'hr', total: 4, active: 1, stages: { RECEIVED: 1, INVITED: 2, ACTIVE: 1 } },
    ]);
    expect(report.timings.toInvitation.count).toBe(3);
    expect(report.timings.toFirstLogin).toMatchObject({ count: 1 });
    // Signed in 2 h after the invitation, on the local clock (a minute of provisioning runs either way).
    expect(report.timings.toFirstLogin.medianSeconds).toBeGreaterThanOrEqual(2 * 3600);
    expect(report.timings.toFirstLogin.medianSeconds).toBeLessThan(3 * 3600);
    expect(report.stuckTotal).toBe(0);
    // The sample configuration gives every hire Amazon DCV: no PCoIP WorkSpace to move.
    expect(report.pcoip).toEqual({ inUse: 0, endOfSupport: '2027-10-31' });
    // One Query per stage (each a page here), one item read per hire.
    expect(report.read).toEqual({ queries: STAGES.length, itemsRead: 4 });

    const wave = JSON.parse(
      (await cli(['report', '--wave', 'april-tokyo', '--json'])).stdout,
    ) as ReportAnswer;
    expect(wave.total).toBe(3);
    expect(wave.filter).toEqual({ wave: 'april-tokyo' });

    const text = await cli(['report']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ACTIVE\s+1$/m);
    expect(text.stdout).toMatch(/^april-tokyo\s+3\s+1 \(33%\)/m);
    expect(text.stdout).toContain('PCoIP WorkSpaces still in use: 0 (AWS ends PCoIP support on 2027-10-31)');
  });

  it('--html writes one self-contained file in the configured language, or --lang', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'report-html-'));
    const ja = await cli(['report', '--html', join(dir, 'ja.html')]);
    expect(ja.code).toBe(0);
    expect(ja.stderr).toContain('ja.html');
    const html = readFileSync(join(dir, 'ja.html'), 'utf8');
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('オンボーディング レポート');
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(|src=/i);
    expect(html).toContain('<svg');

    expect((await cli(['report', '--html', join(dir, 'en.html'), '--lang', 'en'])).code).toBe(0);
    expect(readFileSync(join(dir, 'en.html'), 'utf8')).toContain('Onboarding report');

    const bad = await cli(['report', '--html', join(dir, 'fr.html'), '--lang', 'fr']);
    expect(bad.code).toBe(2);
    expect(existsSync(join(dir, 'fr.html'))).toBe(false);
  });

  it('refuses a bad query or an unknown caller, and an import under an invisible wave name, changing nothing', async () => {
    expect((await get('/admin/report', null)).status).toBe(401);
    const bad = await get(`/admin/report?since=soon&wave=${encodeURIComponent('a\u202Eb')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { field: 'since', message: 'must be a date or time, e.g. 2025-04-01' },
      { field: 'wave', message: expect.stringContaining('U+202E') },
    ]);

    const before = await table.count();
    const res = await fetch(`${cloud.urls.http}/admin/imports?wave=${encodeURIComponent('x\u200By')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cloud.adminToken}`, 'content-type': 'text/csv' },
      body: `employeeId,givenName,familyName,email,userName,startDate\nR-50,A,B,a@example.com,rpt50,${dayAfter(3)}`,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors).toEqual([
      { field: 'wave', message: expect.stringContaining('U+200B') },
    ]);
    expect(await table.count()).toBe(before);
  });
});
