import { describe, expect, it } from 'vitest';
import { acceptHire } from '../../../src/intake/accept-hire';
import { readinessDueAt, runReadinessChecks } from '../../../src/tracking/readiness-check';
import { AD_CONNECTOR, appWorld, sampleHire, testConfig } from '../../support/fakes';

/**
 * The readiness check on the in-memory table: put on the `ready` index with the hire, moved with its start
 * date, sent once to the manager (and the admins when configured) in the manager's language, off the index.
 */
const plenty = () => true;

function world(opts: Parameters<typeof appWorld>[0] = {}) {
  const w = appWorld({ start: '2027-03-01T00:00:00Z', ...opts });
  let n = 0;
  const deliver = (data: Record<string, unknown>, type = 'employee.hired') => {
    const body = {
      type,
      data: {
        employeeId: 'E-1',
        givenName: 'Hanako',
        familyName: 'Yamada',
        email: 'hanako.yamada@example.co.jp',
        userName: 'hyamada',
        timeZone: 'Asia/Tokyo',
        startDate: '2027-04-05',
        managerEmail: 'boss@example.co.jp',
        ...data,
      },
    };
    return acceptHire(w.deps, { webhookId: `msg-${++n}`, rawBody: Buffer.from(JSON.stringify(body)), body });
  };
  const run = () => runReadinessChecks(w.deps, plenty);
  return { ...w, deliver, run };
}

describe('readinessDueAt', () => {
  it('is the opening of business two business days before the start, or the next opening for a late hire', () => {
    const person = {
      person: { startDate: '2027-04-05', timeZone: 'Asia/Tokyo' },
      directoryId: 'd-95671a2b3c',
    };
    // Monday the 5th: Thursday the 1st, 09:00 JST.
    expect(readinessDueAt(testConfig, person, new Date('2027-03-01T00:00:00Z'))).toBe(
      '2027-04-01T00:00:00.000Z',
    );
    // Hired on Friday the 2nd at 10:00 JST, after that time: at once (inside business hours).
    expect(readinessDueAt(testConfig, person, new Date('2027-04-02T01:00:00Z'))).toBe(
      '2027-04-02T01:00:00.000Z',
    );
    // Hired on Saturday the 3rd: the next opening is Monday 09:00, the first day itself: no check.
    expect(readinessDueAt(testConfig, person, new Date('2027-04-03T01:00:00Z'))).toBeUndefined();
    const off = { ...testConfig, readinessCheck: { ...testConfig.readinessCheck, enabled: false } };
    expect(readinessDueAt(off, person, new Date('2027-03-01T00:00:00Z'))).toBeUndefined();
  });
});

describe('the readiness check', () => {
  it('is put on the index with a new hire and moved when HR moves the start date', async () => {
    const w = world();
    await w.deliver({});
    expect(w.table.ready.get('hr-E-1')).toBe('2027-04-01T00:00:00.000Z');
    await w.deliver({ startDate: '2027-04-12' }, 'employee.updated');
    expect(w.table.ready.get('hr-E-1')).toBe('2027-04-08T00:00:00.000Z');
  });

  it("goes out once, at its time, to the manager in the manager's language, then leaves the index", async () => {
    const w = world();
    await w.deliver({ managerLocale: 'en-US', locale: 'ja-JP' });
    w.clock.advance(Date.parse('2027-03-31T23:00:00Z') - w.clock.nowMs());
    expect(await w.run()).toEqual({ sent: 0, skipped: 0, failed: 0 });
    w.clock.advance(3_600_000);
    expect(await w.run()).toEqual({ sent: 1, skipped: 0, failed: 0 });
    expect(w.ses.sent).toHaveLength(1);
    const [mail] = w.ses.sent;
    expect(mail!.to).toEqual(['boss@example.co.jp']);
    expect(mail!.subject).toContain('At risk for day one');
    expect(mail!.text).toContain('The WorkSpace is still being prepared');
    expect(w.table.ready.has('hr-E-1')).toBe(false);
    expect(w.table.events.get('hr-E-1')?.at(-1)).toMatchObject({
      type: 'readiness-sent',
      detail: { verdict: 'at-risk', startDate: '2027-04-05' },
    });
    // Put back by accident (a retried write): the ledger still sends it once.
    w.stores.seed(w.table.hires.get('hr-E-1')!, { ready: '2027-04-01T00:00:00.000Z' });
    expect(await w.run()).toEqual({ sent: 1, skipped: 0, failed: 0 });
    expect(w.ses.sent).toHaveLength(1);
  });

  it('says ready in Japanese for a hire with a WorkSpace and a password set, copying the admins when asked', async () => {
    const config = { ...testConfig, readinessCheck: { ...testConfig.readinessCheck, copyAdmins: true } };
    const w = world({ config });
    w.stores.seed(
      sampleHire({
        stage: 'PASSWORD_SET',
        workspaceId: 'ws-1',
        invitedAt: '2027-03-25T00:00:00Z',
        passwordSetAt: '2027-03-26T00:00:00Z',
        person: { ...sampleHire().person, startDate: '2027-04-05', managerEmail: 'boss@example.co.jp' },
      }),
      { ready: '2027-03-01T00:00:00.000Z' },
    );
    expect(await w.run()).toMatchObject({ sent: 1 });
    const [mail] = w.ses.sent;
    expect(mail!.to).toEqual(['boss@example.co.jp', ...config.email.adminAddresses]);
    expect(mail!.subject).toContain('初日の準備完了');
    expect(mail!.tags).toMatchObject({ verdict: 'ready' });
  });

  it('reports sign-in as unknown for a company-password directory, and skips a hire with nobody to tell', async () => {
    const w = world();
    w.stores.seed(
      sampleHire({
        hireId: 'hr-E-2',
        directoryId: AD_CONNECTOR,
        stage: 'INVITED',
        workspaceId: 'ws-2',
        invitedAt: '2027-03-25T00:00:00Z',
        person: { ...sampleHire().person, startDate: '2027-04-05', managerEmail: 'boss@example.co.jp' },
      }),
      { ready: '2027-03-01T00:00:00.000Z' },
    );
    w.stores.seed(
      sampleHire({ hireId: 'hr-E-3', person: { ...sampleHire().person, startDate: '2027-04-05' } }),
      {
        ready: '2027-03-01T00:00:00.000Z',
      },
    );
    expect(await w.run()).toEqual({ sent: 1, skipped: 1, failed: 0 });
    expect(w.ses.sent[0]!.text).toContain('パスワードはこのオンボーディングの外で設定します');
    expect(w.table.events.get('hr-E-3')?.at(-1)).toMatchObject({
      type: 'readiness-skipped',
      detail: { reason: 'no-recipient' },
    });
    expect(w.table.ready.size).toBe(0);
  });

  it('is not sent for a cancelled hire or once the first day has begun', async () => {
    const w = world({ start: '2027-04-05T00:00:00Z' });
    w.stores.seed(
      sampleHire({ stage: 'CANCELLED', person: { ...sampleHire().person, managerEmail: 'b@example.com' } }),
      {
        ready: '2027-03-01T00:00:00.000Z',
      },
    );
    w.stores.seed(
      sampleHire({
        hireId: 'hr-E-4',
        person: { ...sampleHire().person, startDate: '2027-04-05', managerEmail: 'b@example.com' },
      }),
      { ready: '2027-03-01T00:00:00.000Z' },
    );
    expect(await w.run()).toEqual({ sent: 0, skipped: 2, failed: 0 });
    expect(w.ses.sent).toHaveLength(0);
  });
});
