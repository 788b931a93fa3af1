import { describe, expect, it } from 'vitest';
import { listHires } from '../../src/admin/list';
import { parseReportQuery } from '../../src/admin/query-schema';
import { reinvite } from '../../src/admin/reinvite';
import { importWave } from '../../src/intake/wave/import-wave';
import type { HireRecord } from '../../src/kernel/hire/record';
import { STAGES, type Stage } from '../../src/kernel/hire/stages';
import { hireReport } from '../../src/report/load-report';
import { buildReport, type ReportHire, STUCK_LISTED, timing, waveNameProblem } from '../../src/report/report';
import { appWorld, sampleHire } from '../support/fakes';

const NOW = new Date('2027-03-25T12:00:00Z');
const HOUR = 3_600_000;
const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * HOUR).toISOString();
const read = { queries: 10, itemsRead: 0 };

function row(n: number, over: Partial<ReportHire> = {}): ReportHire {
  return {
    employeeId: `E-${n}`,
    stage: 'INVITED',
    source: 'hr',
    createdAt: at(48),
    updatedAt: at(24),
    ...over,
  };
}

describe('the report rules', () => {
  it('median and 90th percentile by nearest rank: values some hire had', () => {
    expect(timing([])).toEqual({ count: 0 });
    expect(timing([7])).toEqual({ count: 1, medianSeconds: 7, p90Seconds: 7 });
    expect(timing([10, 1, 9, 2, 8, 3, 7, 4, 6, 5])).toEqual({ count: 10, medianSeconds: 5, p90Seconds: 9 });
    expect(timing([1, 2, 3, 100])).toEqual({ count: 4, medianSeconds: 2, p90Seconds: 100 });
  });

  it('every stage in the funnel, zero included; the times from the first invitation', () => {
    const report = buildReport(
      [
        // Invited 2 h after creation, re-invited later: time to invitation counts the first one.
        row(1, { stage: 'ACTIVE', firstInvitedAt: at(46), invitedAt: at(30), activeAt: at(40) }),
        // An item from before firstInvitedAt existed: its invitedAt.
        row(2, { invitedAt: at(44) }),
        row(3, { stage: 'RECEIVED', watchAt: at(-1) }),
      ],
      { now: NOW, filter: {}, read },
    );
    expect(report.total).toBe(3);
    expect(report.funnel.map((f) => f.stage)).toEqual([...STAGES]);
    expect(Object.fromEntries(report.funnel.map((f) => [f.stage, f.count]))).toMatchObject({
      RECEIVED: 1,
      INVITED: 1,
      ACTIVE: 1,
      FAILED: 0,
    });
    expect(report.timings.toInvitation).toEqual({ count: 2, medianSeconds: 2 * 3600, p90Seconds: 4 * 3600 });
    expect(report.timings.toFirstLogin).toEqual({ count: 1, medianSeconds: 6 * 3600, p90Seconds: 6 * 3600 });
  });

  it('stuck: a watched stage past its expected time, and the admin stages, each with what to do, oldest first', () => {
    const report = buildReport(
      [
        row(1, { stage: 'QUEUED', updatedAt: at(5), watchAt: at(1) }),
        row(2, { stage: 'PROVISIONING', updatedAt: at(1), watchAt: at(-1) }),
        row(3, { stage: 'FAILED', updatedAt: at(10), lastError: 'WorkspaceError' }),
        row(4, { stage: 'FAILED', updatedAt: at(9), foreignWorkspace: true, lastError: 'ForeignWorkspace' }),
        row(5, { stage: 'BOUNCED', updatedAt: at(8), bounceType: 'Complaint' }),
        row(6, { stage: 'ESCALATED', updatedAt: at(7), escalatedAt: at(7) }),
        row(7, { stage: 'INVITED', updatedAt: at(300) }),
        row(8, { stage: 'ACTIVE', bounceType: 'Bounce', escalatedAt: at(30) }),
      ],
      { now: NOW, filter: {}, read },
    );
    expect(report.stuck).toEqual([
      {
        employeeId: 'E-3',
        stage: 'FAILED',
        since: at(10),
        error: 'WorkspaceError',
        action: 'reinvite',
        command: 'npm run admin -- reinvite E-3',
      },
      {
        employeeId: 'E-4',
        stage: 'FAILED',
        since: at(9),
        error: 'ForeignWorkspace',
        action: 'adopt',
        command: 'npm run admin -- adopt E-4',
      },
      {
        employeeId: 'E-5',
        stage: 'BOUNCED',
        since: at(8),
        action: 'reinvite-email',
        command: 'npm run admin -- reinvite E-5 --email NEW',
      },
      {
        employeeId: 'E-6',
        stage: 'ESCALATED',
        since: at(7),
        action: 'reinvite',
        command: 'npm run admin -- reinvite E-6',
      },
      {
        employeeId: 'E-1',
        stage: 'QUEUED',
        since: at(5),
        expectedBy: at(1),
        action: 'resume',
        command: 'npm run admin -- resume E-1',
      },
    ]);
    expect(report.stuckTotal).toBe(5);
    expect(report.attention).toEqual({
      bounced: 1,
      complaints: 1,
      everBounced: 2,
      escalated: 1,
      everEscalated: 2,
      failed: 2,
    });
  });

  it('lists the longest waiting stuck hires and counts them all', () => {
    const many = Array.from({ length: STUCK_LISTED + 5 }, (_, i) =>
      row(i, { stage: 'FAILED', updatedAt: new Date(NOW.getTime() - i * 1000).toISOString() }),
    );
    const report = buildReport(many, { now: NOW, filter: {}, read });
    expect(report.stuckTotal).toBe(STUCK_LISTED + 5);
    expect(report.stuck).toHaveLength(STUCK_LISTED);
    expect(report.stuck[0]!.employeeId).toBe(`E-${STUCK_LISTED + 4}`);
  });

  it('progress per wave (imported hires only) and per HR source', () => {
    const report = buildReport(
      [
        row(1, { wave: 'april', stage: 'ACTIVE' }),
        row(2, { wave: 'april' }),
        row(3, { wave: 'may', source: 'hibob', stage: 'FAILED' }),
        row(4, { source: 'hibob', stage: 'ACTIVE' }),
      ],
      { now: NOW, filter: {}, read },
    );
    expect(report.waves).toEqual([
      { name: 'april', total: 2, active: 1, stages: { ACTIVE: 1, INVITED: 1 } },
      { name: 'may', total: 1, active: 0, stages: { FAILED: 1 } },
    ]);
    expect(report.sources).toEqual([
      { name: 'hibob', total: 2, active: 1, stages: { FAILED: 1, ACTIVE: 1 } },
      { name: 'hr', total: 2, active: 1, stages: { ACTIVE: 1, INVITED: 1 } },
    ]);
  });

  it('counts the PCoIP WorkSpaces still in use, with the day AWS ends PCoIP support', () => {
    const report = buildReport(
      [
        row(1, { stage: 'ACTIVE', protocol: 'PCOIP', workspaceId: 'ws-aaaaaaaa1' }),
        row(2, { stage: 'INVITED', protocol: 'PCOIP', workspaceId: 'ws-aaaaaaaa2' }),
        // No WorkSpace yet, a DCV one, and one HR's cancel terminated: none of them streams with PCoIP.
        row(3, { stage: 'QUEUED', protocol: 'PCOIP' }),
        row(4, { stage: 'ACTIVE', protocol: 'WSP', workspaceId: 'ws-aaaaaaaa4' }),
        row(5, {
          stage: 'CANCELLED',
          protocol: 'PCOIP',
          workspaceId: 'ws-aaaaaaaa5',
          workspaceTerminatedAt: at(1),
        }),
      ],
      { now: NOW, filter: {}, read },
    );
    expect(report.pcoip).toEqual({ inUse: 2, endOfSupport: '2027-10-31' });
  });

  it('a wave name: not blank, at most 100 characters, nothing invisible', () => {
    expect(waveNameProblem('2027-04 Tokyo')).toBeUndefined();
    expect(waveNameProblem('  ')).toBe('must not be blank');
    expect(waveNameProblem('w'.repeat(101))).toBe('must be at most 100 characters');
    expect(waveNameProblem('april\u202Eevil')).toMatch(/U\+202E/);
  });

  it("the route's query: since as an ISO time, wave checked; every problem listed", () => {
    expect(parseReportQuery({ since: '2027-03-01', wave: 'april' })).toEqual({
      ok: true,
      query: { since: '2027-03-01T00:00:00.000Z', wave: 'april' },
    });
    expect(parseReportQuery({})).toEqual({ ok: true, query: {} });
    expect(parseReportQuery({ since: 'yesterday', wave: '' })).toEqual({
      ok: false,
      errors: [
        { field: 'since', message: 'must be a date or time, e.g. 2025-04-01' },
        { field: 'wave', message: 'must not be blank' },
      ],
    });
  });
});

describe('the report use case (in-memory table)', () => {
  const seedMany = (w: ReturnType<typeof appWorld>) => {
    const stages: Stage[] = ['RECEIVED', 'QUEUED', 'INVITED', 'INVITED', 'ACTIVE', 'FAILED', 'BOUNCED'];
    stages.forEach((stage, i) => {
      const hire: HireRecord = sampleHire({
        stage,
        person: { ...sampleHire().person, employeeId: `E-${i}`, userName: `user${i}` },
        ...(i % 2 ? { wave: 'april' } : {}),
        updatedAt: new Date(w.clock.nowMs() - i * HOUR).toISOString(),
      });
      w.stores.seed(hire);
    });
  };

  it('counts per stage agree with the list, stage by stage; one Query per stage', async () => {
    const w = appWorld();
    seedMany(w);
    const report = await hireReport(w.deps, {});
    for (const stage of STAGES) {
      const listed = await listHires(w.deps, { stage, limit: 100 });
      expect(report.funnel.find((f) => f.stage === stage)?.count, stage).toBe(listed.hires.length);
    }
    expect(report.total).toBe(7);
    expect(report.read).toEqual({ queries: STAGES.length, itemsRead: 7 });
    expect(report).toMatchObject({ locale: w.config.defaults.locale, timeZone: w.config.defaults.timeZone });
  });

  it('reads the protocol and WorkSpace of each hire for the PCoIP count', async () => {
    const w = appWorld();
    const base = sampleHire();
    w.stores.seed(sampleHire({ stage: 'ACTIVE', protocol: 'PCOIP', workspaceId: 'ws-pcoip0001' }));
    w.stores.seed(
      sampleHire({
        stage: 'INVITED',
        protocol: 'WSP',
        workspaceId: 'ws-dcv000002',
        person: { ...base.person, employeeId: 'E-2', userName: 'user2' },
      }),
    );
    const report = await hireReport(w.deps, {});
    expect(report.pcoip).toEqual({ inUse: 1, endOfSupport: '2027-10-31' });
  });

  it('by wave and since (the stage changed at or after, as the list)', async () => {
    const w = appWorld();
    seedMany(w);
    expect((await hireReport(w.deps, { wave: 'april' })).total).toBe(3);
    const since = new Date(w.clock.nowMs() - 2.5 * HOUR).toISOString();
    const report = await hireReport(w.deps, { since });
    expect(report.total).toBe(3);
    expect(report.filter).toEqual({ since });
  });

  it('a wave import stores the wave on each new hire; a known employee keeps the wave it came with', async () => {
    const w = appWorld();
    const csv = (ids: number[]) =>
      [
        'employeeId,givenName,familyName,email,userName,startDate',
        ...ids.map((n) => `W-${n},Hanako,Yamada,w${n}@example.co.jp,wuser${n},2027-04-01`),
      ].join('\n');
    await importWave(w.deps, {
      csv: csv([1, 2]),
      dryRun: false,
      skipInvalid: false,
      by: 'token:ops',
      wave: 'april',
    });
    await importWave(w.deps, {
      csv: csv([2, 3]),
      dryRun: false,
      skipInvalid: false,
      by: 'token:ops',
      wave: 'may',
    });
    expect(w.table.hires.get('hr-W-1')?.wave).toBe('april');
    expect(w.table.hires.get('hr-W-2')?.wave).toBe('april');
    expect(w.table.hires.get('hr-W-3')?.wave).toBe('may');
    const report = await hireReport(w.deps, {});
    expect(report.waves.map((g) => [g.name, g.total])).toEqual([
      ['april', 2],
      ['may', 1],
    ]);
  });

  it('a re-invite keeps the first invitation time the report measures', async () => {
    const w = appWorld();
    const first = new Date(w.clock.nowMs() - 48 * HOUR).toISOString();
    w.stores.seed(
      sampleHire({
        stage: 'INVITED',
        workspaceId: 'ws-0123456789',
        invitationCount: 1,
        invitedAt: first,
        firstInvitedAt: first,
        invitedTo: 'hanako.yamada@example.co.jp',
      }),
    );
    await reinvite(w.deps, { hireId: 'hr-E-1', by: 'token:ops' });
    const hire = w.table.hires.get('hr-E-1')!;
    expect(hire.invitationCount).toBe(2);
    expect(hire.invitedAt).toBe(w.clock.now().toISOString());
    expect(hire.firstInvitedAt).toBe(first);
  });
});
