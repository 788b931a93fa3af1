import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { reinvite } from '../../src/admin/reinvite';
import { type InvitationDirectory, sendInvitation } from '../../src/invitations/send-invitation';
import { loadConfig } from '../../src/kernel/config/load';
import {
  ActionNotAllowedError,
  EmailInProgressError,
  StageConflictError,
  TransientError,
  VersionConflictError,
} from '../../src/kernel/errors';
import { RECENT_INVITATION_MS } from '../../src/kernel/hire/actions';
import type { HireRecord } from '../../src/kernel/hire/record';
import { setupAccess } from '../../src/kernel/hire/setup-access';
import { hashSetupToken } from '../../src/kernel/hire/setup-token';
import type { Stage } from '../../src/kernel/hire/stages';
import type { StageMove } from '../../src/kernel/table/hires';
import { runReminders } from '../../src/tracking/run-reminders';
import { setupLinkExpiry } from '../../src/tracking/schedule';
import { sendWithSetupLink } from '../../src/tracking/setup-link';
import { fakeSes, memoryMailer, oneRegion, sampleHire, testClock } from '../support/fakes';
import { memoryStores } from '../support/memory-stores';

/**
 * issueInvitation and the three paths that use it (the workflow's SendInvitation, admin re-invites and the
 * password reminders), on the in-memory table with the real mailer and a scripted SES: every branch of the
 * one order of writes (ledger claim → token → pointer → SES → pointer back or record).
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const config = loadConfig({ ONBOARDING_CONFIG_FILE: join(ROOT, 'config', 'onboarding.json') });
const SIMPLE_AD = 'd-95671a2b3c';
const AD_CONNECTOR = 'd-90676d4e5f';
const WORKSPACE = 'ws-0123456789';
const HOUR = 3_600_000;

const directories: Record<string, InvitationDirectory> = {
  [SIMPLE_AD]: {
    directoryId: SIMPLE_AD,
    registrationCode: 'SLiad+ABC123',
    directoryType: 'SIMPLE_AD',
    alias: 'corp',
  },
  [AD_CONNECTOR]: {
    directoryId: AD_CONNECTOR,
    registrationCode: 'SLiad+XYZ987',
    directoryType: 'AD_CONNECTOR',
  },
};

function world(over: Partial<HireRecord> = {}) {
  const clock = testClock();
  const stores = memoryStores(clock);
  const ses = fakeSes();
  const mailer = memoryMailer(stores.ledger, ses);
  const owners = stores.table.owners;
  const described: string[] = [];
  const hire: HireRecord = sampleHire({
    stage: 'PROVISIONING',
    version: 3,
    updatedAt: '2027-03-25T00:00:00Z',
    workspaceId: WORKSPACE,
    ...over,
  });
  stores.seed(hire);
  const { table, seed: _seed, ...ports } = stores;
  const deps = {
    ...ports,
    mailer,
    clock,
    config,
    publicBaseUrl: 'https://setup.example.com/',
    regionOf: (_directoryId: string) => 'ap-northeast-1',
    workspaces: oneRegion({
      describeDirectory: async (id: string) => {
        described.push(id);
        return directories[id];
      },
    }),
  };
  const adminDeps = {
    ...deps,
    workflows: {} as never,
    workspaces: oneRegion({ ...deps.workspaces, describeByIds: async () => [] }),
    pause: async () => undefined,
  };
  const now = () => clock.now();
  const current = async () => (await stores.hires.get(hire.hireId))!;
  /** The workflow's SendInvitation, with the directory the provisioner passes unless `passDirectory` is false. */
  const invite = (passDirectory = true) =>
    sendInvitation(deps, {
      hireId: hire.hireId,
      workspaceId: WORKSPACE,
      directory: passDirectory ? directories[hire.directoryId] : null,
    });
  /** The token in a sent email's setup link. */
  const tokenIn = (n: number) => /\/setup\/([A-Za-z0-9_-]{43})/.exec(ses.sent[n]?.text ?? '')?.[1];
  /** What the setup page would do with the link of sent email `n`. */
  const access = async (n: number) => {
    const hash = hashSetupToken(tokenIn(n)!);
    return setupAccess(table.tokens.get(hash), await current(), now());
  };
  /** Makes the stage write to `to` fail `times` times first, as a Lambda that dies before it would. */
  const failWrites = (to: Stage, times = 1) => {
    const real = stores.hires.move.bind(stores.hires);
    let left = times;
    return vi.spyOn(stores.hires, 'move').mockImplementation(async (id: string, change: StageMove) => {
      if (change.to === to && change.from?.includes('PROVISIONING') && left-- > 0) {
        throw new Error('Task timed out after 10.00 seconds');
      }
      return real(id, change);
    });
  };
  return {
    clock,
    stores,
    table,
    ses,
    owners,
    described,
    hire,
    deps,
    adminDeps,
    current,
    invite,
    tokenIn,
    access,
    failWrites,
  };
}

describe("the workflow's invitation", () => {
  it('sends invitation 1 whose link works the moment SES has it, then records INVITED', async () => {
    const w = world();
    let pointerAtSend: string | undefined;
    w.ses.onNext(async () => {
      pointerAtSend = (await w.current()).setupTokenHash;
    });
    expect(await w.invite()).toEqual({ invitation: 1, sent: true });

    expect(w.ses.sent).toHaveLength(1);
    expect(w.ses.sent[0]!.to).toEqual(['hanako.yamada@example.co.jp']);
    const hash = hashSetupToken(w.tokenIn(0)!);
    expect(pointerAtSend).toBe(hash);
    expect(await w.current()).toMatchObject({
      stage: 'INVITED',
      invitationCount: 1,
      invitedTo: 'hanako.yamada@example.co.jp',
      invitedAt: w.clock.now().toISOString(),
      firstInvitedAt: w.clock.now().toISOString(),
      setupTokenHash: hash,
      setupLinkTo: 'hanako.yamada@example.co.jp',
      setupLinkSentAt: w.clock.now().toISOString(),
      // Thursday 2027-03-25 10:00 JST plus 168 h is Thursday 04-01 10:00: the link works until 17:00 JST.
      setupTokenExpiresAt: '2027-04-01T08:00:00.000Z',
    });
    expect(await w.access(0)).toBe('open');
    expect(w.table.due.has(w.hire.hireId)).toBe(true);
    expect(w.owners.get(WORKSPACE)).toBe(w.hire.hireId);
    expect(w.described).toEqual([]);
    expect(await w.stores.history.list(w.hire.hireId)).toEqual([
      expect.objectContaining({
        type: 'invited',
        stage: 'INVITED',
        detail: { invitation: 1, workspaceId: WORKSPACE, locale: 'ja' },
      }),
    ]);
    expect(await w.stores.ledger.entries(w.hire.hireId)).toEqual([
      expect.objectContaining({
        ledgerKey: 'invitation#1',
        status: 'SENT',
        to: ['hanako.yamada@example.co.jp'],
      }),
    ]);
  });

  it('one "now" per invitation: the link lives until the deadline from invitedAt, even if the clock moves meanwhile', async () => {
    const w = world();
    const real = w.stores.setupTokens.put.bind(w.stores.setupTokens);
    vi.spyOn(w.stores.setupTokens, 'put').mockImplementation(async (...args) => {
      w.clock.advance(90_000);
      return real(...args);
    });
    await w.invite();
    const hire = await w.current();
    const deadline = setupLinkExpiry(config, hire, new Date(hire.invitedAt!));
    expect(hire.setupTokenExpiresAt).toBe(deadline.toISOString());
    expect(hire.setupLinkSentAt).toBe(hire.invitedAt);
  });

  it('links the allowlist page of the directory’s Region, for the hire’s protocol and language', async () => {
    const w = world();
    w.deps.regionOf = (directoryId: string) => (directoryId === SIMPLE_AD ? 'us-west-2' : 'ap-northeast-1');
    await w.invite();
    expect(w.ses.sent[0]!.text).toContain(
      'https://setup.example.com/network/us-west-2?protocol=PCOIP&lang=ja',
    );
  });

  it('asks Directory Service only when the provisioner did not pass the directory', async () => {
    const w = world();
    await w.invite(false);
    expect(w.described).toEqual([SIMPLE_AD]);
    expect(w.ses.sent).toHaveLength(1);
  });

  it('a retry after the email went out (timeout before INVITED) makes no new link: the emailed one works', async () => {
    const w = world();
    w.failWrites('INVITED');
    await expect(w.invite()).rejects.toThrow('Task timed out');
    expect(w.ses.sent).toHaveLength(1);
    expect((await w.current()).stage).toBe('PROVISIONING');

    w.clock.advance(60_000);
    expect(await w.invite()).toEqual({ invitation: 1, sent: false });
    expect(w.ses.sent).toHaveLength(1);
    expect(w.table.tokens.size).toBe(1);
    expect(await w.current()).toMatchObject({
      stage: 'INVITED',
      invitationCount: 1,
      invitedTo: 'hanako.yamada@example.co.jp',
      setupTokenHash: hashSetupToken(w.tokenIn(0)!),
    });
    expect(await w.access(0)).toBe('open');
    expect((await w.stores.history.list(w.hire.hireId)).map((e) => e.type)).toEqual(['invited']);
  });

  it('a retry while the first attempt is still with SES makes nothing and is retried (EmailInProgressError)', async () => {
    const w = world();
    const release = w.ses.holdNext();
    const first = w.invite();
    await vi.waitFor(() => expect(w.ses.sent).toHaveLength(1));

    // Its own name: the workflow retries it every minute until the claim could have gone stale.
    await expect(w.invite()).rejects.toBeInstanceOf(EmailInProgressError);
    expect(w.table.tokens.size).toBe(1);
    expect((await w.current()).setupTokenHash).toBe(hashSetupToken(w.tokenIn(0)!));

    release();
    expect(await first).toEqual({ invitation: 1, sent: true });
    expect(await w.access(0)).toBe('open');
  });

  it('SES refuses: nothing went out, the pointer moves back, the claim is freed; the retry sends a fresh link', async () => {
    const w = world();
    w.ses.refuseNext();
    await expect(w.invite()).rejects.toBeInstanceOf(TransientError);
    expect(w.ses.sent).toHaveLength(0);
    const after = await w.current();
    expect(after.stage).toBe('PROVISIONING');
    expect(after.setupTokenHash).toBeUndefined();
    expect(after.setupLinkSentAt).toBeUndefined();
    expect(await w.stores.ledger.entries(w.hire.hireId)).toEqual([]);

    expect(await w.invite()).toEqual({ invitation: 1, sent: true });
    expect(w.table.tokens.size).toBe(2);
    expect(await w.access(0)).toBe('open');
  });

  it('SES refuses after someone else moved the pointer on: it stays where they put it', async () => {
    const w = world();
    w.ses.onNext(async () => {
      const hire = await w.current();
      await w.stores.hires.update(hire.hireId, {
        stage: hire.stage,
        set: { setupTokenHash: 'someone-elses' },
      });
    }, 'refuse');
    await expect(w.invite()).rejects.toBeInstanceOf(TransientError);
    expect((await w.current()).setupTokenHash).toBe('someone-elses');
  });

  it('SES refuses and moving the link back fails too: still retried (TransientError), the claim is freed', async () => {
    const w = world();
    w.ses.onNext(async () => {
      vi.spyOn(w.stores.hires, 'get').mockRejectedValueOnce(new Error('DynamoDB unavailable'));
    }, 'refuse');
    await expect(w.invite()).rejects.toBeInstanceOf(TransientError);
    expect(await w.stores.ledger.entries(w.hire.hireId)).toEqual([]);
    expect(await w.invite()).toEqual({ invitation: 1, sent: true });
    expect(await w.access(0)).toBe('open');
  });

  it('AD Connector (company password): no link and no token; a link of an earlier invitation stops', async () => {
    const w = world({ directoryId: AD_CONNECTOR, setupTokenHash: 'from-before', setupTokenExpiresAt: 'x' });
    expect(await w.invite()).toEqual({ invitation: 1, sent: true });
    expect(w.ses.sent[0]!.text).not.toContain('/setup/');
    expect(w.table.tokens.size).toBe(0);
    const hire = await w.current();
    expect(hire).toMatchObject({ stage: 'INVITED', invitationCount: 1 });
    expect(hire.setupTokenHash).toBeUndefined();
  });

  it('a hire cancelled before its link moved: no email, the claim is freed, the stage conflict is reported', async () => {
    const w = world();
    const real = w.stores.setupTokens.put.bind(w.stores.setupTokens);
    vi.spyOn(w.stores.setupTokens, 'put').mockImplementation(async (...args) => {
      await w.stores.hires.move(w.hire.hireId, { to: 'CANCELLED', from: ['PROVISIONING'] });
      return real(...args);
    });
    await expect(w.invite()).rejects.toBeInstanceOf(StageConflictError);
    expect(w.ses.sent).toHaveLength(0);
    expect(await w.stores.ledger.entries(w.hire.hireId)).toEqual([]);
  });

  it('cancelled between SES and the record: the email is out, INVITED is not written, the conflict is reported', async () => {
    const w = world();
    w.ses.onNext(async () => {
      await w.stores.hires.move(w.hire.hireId, { to: 'CANCELLED', from: ['PROVISIONING'] });
    });
    await expect(w.invite()).rejects.toBeInstanceOf(StageConflictError);
    expect(w.ses.sent).toHaveLength(1);
    expect(await w.current()).toMatchObject({ stage: 'CANCELLED' });
    expect((await w.current()).invitationCount).toBeUndefined();
  });

  it('a write that gets in between is read again: INVITED is recorded once', async () => {
    const w = world();
    const real = w.stores.hires.move.bind(w.stores.hires);
    let interfered = false;
    vi.spyOn(w.stores.hires, 'move').mockImplementation(async (id: string, change: StageMove) => {
      if (change.to === 'INVITED' && !interfered) {
        interfered = true;
        await w.stores.hires.update(id, { stage: 'PROVISIONING', set: { department: 'x' } as never });
      }
      return real(id, change);
    });
    expect(await w.invite()).toEqual({ invitation: 1, sent: true });
    expect(interfered).toBe(true);
    expect((await w.stores.history.list(w.hire.hireId)).map((e) => e.type)).toEqual(['invited']);
  });

  it('a hire that never stops changing: TransientError (the workflow retries), the email is out once', async () => {
    const w = world();
    const real = w.stores.hires.move.bind(w.stores.hires);
    vi.spyOn(w.stores.hires, 'move').mockImplementation(async (id: string, change: StageMove) => {
      if (change.to === 'INVITED') {
        await w.stores.hires.update(id, { stage: 'PROVISIONING' });
      }
      return real(id, change);
    });
    await expect(w.invite()).rejects.toBeInstanceOf(TransientError);
    expect(w.ses.sent).toHaveLength(1);
  });

  it('found sent to another address (an HR change since): records where it went, keeps the new address', async () => {
    const w = world();
    await w.stores.ledger.claim(w.hire.hireId, 'invitation#1', 300_000);
    await w.stores.ledger.markSent(w.hire.hireId, 'invitation#1', 'msg-0', ['old@example.co.jp']);
    expect(await w.invite()).toEqual({ invitation: 1, sent: false });
    expect(w.ses.sent).toHaveLength(0);
    expect(w.table.tokens.size).toBe(0);
    expect(await w.current()).toMatchObject({
      stage: 'INVITED',
      invitedTo: 'old@example.co.jp',
      person: { email: 'hanako.yamada@example.co.jp' },
    });
  });

  it('already INVITED with this WorkSpace: a late retry does nothing', async () => {
    const w = world();
    await w.invite();
    expect(await w.invite()).toEqual({ invitation: 1, sent: false });
    expect(w.ses.sent).toHaveLength(1);
  });
});

describe('the link helper', () => {
  it('a renderer that fails after the link moved: the link moves back and the claim is freed', async () => {
    const w = world({ stage: 'INVITED', setupTokenHash: 'hash-a', setupLinkTo: 'a@example.com' });
    await expect(
      sendWithSetupLink(w.deps, {
        hire: await w.current(),
        ledgerKey: 'reminder#1#1',
        to: 'a@example.com',
        setupLink: true,
        now: w.clock.now(),
        render: () => {
          throw new Error('no template');
        },
      }),
    ).rejects.toThrow('no template');
    expect(await w.current()).toMatchObject({ setupTokenHash: 'hash-a', setupLinkTo: 'a@example.com' });
    expect(await w.stores.ledger.entries(w.hire.hireId)).toEqual([]);
  });

  it('a reminder run that read an older version: no link, no email, the claim is freed', async () => {
    const w = world({ stage: 'INVITED', setupTokenHash: 'hash-a' });
    const stale = await w.current();
    await w.stores.hires.update(stale.hireId, { stage: 'INVITED' });
    await expect(
      sendWithSetupLink(w.deps, {
        hire: stale,
        ledgerKey: 'reminder#1#1',
        to: 'a@example.com',
        setupLink: true,
        now: w.clock.now(),
        expectVersion: stale.version,
        render: async () => ({ to: ['a@example.com'], subject: 's', html: 'h', text: 't' }),
      }),
    ).rejects.toBeInstanceOf(VersionConflictError);
    expect(w.ses.sent).toHaveLength(0);
    expect((await w.current()).setupTokenHash).toBe('hash-a');
    expect(await w.stores.ledger.entries(w.hire.hireId)).toEqual([]);
  });
});

describe('admin re-invites', () => {
  const by = 'token:test';
  async function invited(over: Partial<HireRecord> = {}) {
    const w = world(over);
    await w.invite();
    return w;
  }

  it('within 5 minutes to the same address: nothing new (recently-invited); after that a new link, the old one explains', async () => {
    const w = await invited();
    const before = await w.current();
    w.clock.advance(RECENT_INVITATION_MS - 1_000);
    expect(await reinvite(w.adminDeps, { hireId: w.hire.hireId, by })).toEqual({
      outcome: 'recently-invited',
      hireId: w.hire.hireId,
      stage: 'INVITED',
      invitation: 1,
      invitedAt: before.invitedAt,
      emailChanged: false,
    });
    expect(w.ses.sent).toHaveLength(1);
    expect((await w.current()).version).toBe(before.version);

    w.clock.advance(2_000);
    expect(await reinvite(w.adminDeps, { hireId: w.hire.hireId, by })).toMatchObject({
      outcome: 'invited',
      invitation: 2,
      sent: true,
    });
    expect(w.ses.sent).toHaveLength(2);
    expect(await w.access(1)).toBe('open');
    expect(await w.access(0)).toBe('superseded');
    expect(await w.current()).toMatchObject({ invitationCount: 2, stage: 'INVITED' });
    expect((await w.stores.history.list(w.hire.hireId)).at(-1)).toMatchObject({
      type: 'reinvited',
      by,
      detail: { invitation: 2, fromStage: 'INVITED', emailChanged: false },
    });
  });

  it('within 5 minutes to a corrected address: invites the new address', async () => {
    const w = await invited();
    const result = await reinvite(w.adminDeps, {
      hireId: w.hire.hireId,
      email: 'h.yamada@example.co.jp',
      by,
    });
    expect(result).toMatchObject({ outcome: 'invited', invitation: 2, emailChanged: true });
    expect(w.ses.sent[1]!.to).toEqual(['h.yamada@example.co.jp']);
    expect(await w.current()).toMatchObject({
      invitedTo: 'h.yamada@example.co.jp',
      setupLinkTo: 'h.yamada@example.co.jp',
      person: { email: 'h.yamada@example.co.jp' },
    });
  });

  it('two at once: one email; one answers invited, the other recently-invited', async () => {
    const w = await invited();
    w.clock.advance(RECENT_INVITATION_MS);
    const release = w.ses.holdNext();
    const adminDeps = { ...w.adminDeps, pause: async () => release() };
    const answers = await Promise.all([
      reinvite(adminDeps, { hireId: w.hire.hireId, by }),
      reinvite(adminDeps, { hireId: w.hire.hireId, by }),
    ]);
    expect(answers.map((a) => a.outcome).sort()).toEqual(['invited', 'recently-invited']);
    expect(w.ses.sent).toHaveLength(2);
    expect(await w.access(1)).toBe('open');
    expect((await w.stores.history.list(w.hire.hireId)).filter((e) => e.type === 'reinvited')).toHaveLength(
      1,
    );
  });

  it('two at once to different addresses: one email; the other is refused (409), not silently dropped', async () => {
    const w = await invited();
    w.clock.advance(RECENT_INVITATION_MS);
    const release = w.ses.holdNext();
    const adminDeps = { ...w.adminDeps, pause: async () => release() };
    const answers = await Promise.allSettled([
      reinvite(adminDeps, { hireId: w.hire.hireId, email: 'one@example.co.jp', by }),
      reinvite(adminDeps, { hireId: w.hire.hireId, email: 'two@example.co.jp', by }),
    ]);
    const ok = answers.filter((a) => a.status === 'fulfilled');
    const refused = answers.filter((a) => a.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(ActionNotAllowedError);
    expect(w.ses.sent).toHaveLength(2);
    expect((await w.current()).person.email).toBe(w.ses.sent[1]!.to[0]);
  });

  it('another attempt that holds the claim and does not finish: 503-style TransientError, nothing sent', async () => {
    const w = await invited();
    w.clock.advance(RECENT_INVITATION_MS);
    await w.stores.ledger.claim(w.hire.hireId, 'invitation#2', 300_000);
    const pause = vi.fn(async () => undefined);
    await expect(reinvite({ ...w.adminDeps, pause }, { hireId: w.hire.hireId, by })).rejects.toBeInstanceOf(
      TransientError,
    );
    expect(pause).toHaveBeenCalled();
    expect(w.ses.sent).toHaveLength(1);
    expect(await w.access(0)).toBe('open');
  });

  it('an earlier re-invite that sent but died before its record: recorded now, nothing sent twice', async () => {
    const w = await invited();
    w.clock.advance(HOUR);
    await w.stores.ledger.claim(w.hire.hireId, 'invitation#2', 300_000);
    await w.stores.ledger.markSent(w.hire.hireId, 'invitation#2', 'msg-x', ['hanako.yamada@example.co.jp']);
    expect(await reinvite(w.adminDeps, { hireId: w.hire.hireId, by })).toMatchObject({
      outcome: 'recently-invited',
      invitation: 2,
    });
    expect(w.ses.sent).toHaveLength(1);
    expect(await w.current()).toMatchObject({ invitationCount: 2, stage: 'INVITED' });
  });

  it('SES refuses a re-invite: the link of the invitation before works again', async () => {
    const w = await invited();
    w.clock.advance(HOUR);
    w.ses.refuseNext();
    await expect(reinvite(w.adminDeps, { hireId: w.hire.hireId, by })).rejects.toBeInstanceOf(TransientError);
    expect(w.ses.sent).toHaveLength(1);
    expect(await w.access(0)).toBe('open');
    expect(await w.current()).toMatchObject({ invitationCount: 1 });
  });

  it('the person signed in between the read and the link: 409, nothing sent', async () => {
    const w = await invited();
    w.clock.advance(HOUR);
    const real = w.stores.setupTokens.put.bind(w.stores.setupTokens);
    vi.spyOn(w.stores.setupTokens, 'put').mockImplementation(async (...args) => {
      await w.stores.hires.move(w.hire.hireId, { to: 'ACTIVE', from: ['INVITED'] });
      return real(...args);
    });
    await expect(reinvite(w.adminDeps, { hireId: w.hire.hireId, by })).rejects.toBeInstanceOf(
      ActionNotAllowedError,
    );
    expect(w.ses.sent).toHaveLength(1);
  });
});

describe('password reminders', () => {
  it('carry a fresh link; if SES refuses one, the invitation link works again', async () => {
    const w = world();
    await w.invite();
    // Day 1 at 10:00 in Tokyo: the first reminder is due.
    w.clock.advance(24 * HOUR);
    const dueIndex = { listDue: async () => ({ hires: [await w.current()], itemsRead: 1 }) };
    const workspaces = oneRegion({
      describeDirectory: async (id: string) => directories[id],
      describeConnectionStatus: async () => [],
    });
    const deps = { ...w.deps, dueIndex, workspaces };

    w.ses.refuseNext();
    const refused = await runReminders(deps, () => 60_000);
    expect(refused).toMatchObject({ reminded: 0, busy: 1 });
    expect(w.ses.sent).toHaveLength(1);
    expect(await w.access(0)).toBe('open');

    const report = await runReminders(deps, () => 60_000);
    expect(report).toMatchObject({ reminded: 1 });
    expect(w.ses.sent).toHaveLength(2);
    expect(await w.access(1)).toBe('open');
    expect(await w.access(0)).toBe('superseded');
    expect(await w.current()).toMatchObject({ reminders: { invitation: 1, sent: 1 } });
  });
});
