import { describe, expect, it } from 'vitest';
import { recordEmailFeedback, recordEmailSent } from '../../../src/invitations/record-email-event';
import { sendInvitation } from '../../../src/invitations/send-invitation';
import type { EmailFeedback } from '../../../src/kernel/email/ses-event';
import { openSetupPage, submitPassword } from '../../../src/tracking/password-setup';
import { recordFirstLogin } from '../../../src/tracking/record-login';
import { runReminders } from '../../../src/tracking/run-reminders';
import { appWorld, sampleHire } from '../../support/fakes';

/**
 * After the invitation: the password page, the first login, bounces and SES's send events, and the reminder
 * run, on the in-memory table with the real mailer over a fake SES.
 */
const DAY = 86_400_000;
const HOUR = 3_600_000;
// The first WorkSpace the fake WorkSpaces makes.
const WORKSPACE = 'ws-000000001';
const plenty = () => 60_000;
const password = { password: 'Correct-horse-9', confirm: 'Correct-horse-9' };

/** A hire invited at 10:00 in Tokyo on Thursday 2027-03-25, its link in the first email. */
async function invited(over: Parameters<typeof sampleHire>[0] = {}) {
  const w = appWorld({ start: '2027-03-25T01:00:00Z' });
  expect(w.ws.add({ userName: 'hyamada' })).toBe(WORKSPACE);
  w.stores.seed(sampleHire({ stage: 'PROVISIONING', workspaceId: WORKSPACE, ...over }));
  await sendInvitation(w.deps, { hireId: 'hr-E-1', workspaceId: WORKSPACE });
  const token = /\/setup\/([A-Za-z0-9_-]{43})/.exec(w.ses.sent[0]?.text ?? '')?.[1] ?? '';
  return { ...w, token, hire: () => w.table.hires.get('hr-E-1')! };
}

describe('the password page', () => {
  it('shows the form, sets the password through the directory once, then says the link is used', async () => {
    const w = await invited();
    expect((await openSetupPage(w.deps, w.token)).page).toBe('form');
    expect((await submitPassword(w.deps, w.token, password)).page).toBe('done');
    expect(w.directory.resets).toEqual([{ directoryId: 'd-95671a2b3c', userName: 'hyamada' }]);
    expect(w.hire()).toMatchObject({ stage: 'PASSWORD_SET', passwordSetAt: w.clock.now().toISOString() });
    expect(w.hire().setupTokenHash).toBeUndefined();
    expect((await submitPassword(w.deps, w.token, password)).page).not.toBe('done');
    expect(w.directory.resets).toHaveLength(1);
  });

  it('checks the policy before the directory, and counts the attempt', async () => {
    const w = await invited();
    const outcome = await submitPassword(w.deps, w.token, { password: 'short', confirm: 'short' });
    expect(outcome.page).toBe('invalid');
    expect(outcome.errors?.length).toBeGreaterThan(0);
    expect(w.directory.resets).toEqual([]);
    expect([...w.table.tokens.values()][0]!.attempts).toBe(1);
  });

  it('a password the directory refuses leaves the link usable', async () => {
    const w = await invited();
    w.directory.refuseNext();
    expect(await submitPassword(w.deps, w.token, password)).toMatchObject({
      page: 'invalid',
      errors: ['rejected'],
    });
    expect((await openSetupPage(w.deps, w.token)).page).toBe('form');
  });

  it('a directory switched to SAML 2.0 after the email: the link says how to sign in, no form, no reset', async () => {
    const w = await invited();
    const saml = { mode: 'saml' as const, userAccessUrl: 'https://idp.example.com/sso' };
    const deps = { ...w.deps, signInOf: async () => saml };
    expect(await openSetupPage(deps, w.token)).toMatchObject({ page: 'sign-in-elsewhere', signIn: saml });
    expect((await submitPassword(deps, w.token, password)).page).toBe('sign-in-elsewhere');
    expect(w.directory.resets).toEqual([]);
    // With the fallback to the directory password the form still works; an unknown mode keeps it too.
    const fallback = { ...w.deps, signInOf: async () => ({ ...saml, fallback: 'hosted' as const }) };
    expect((await openSetupPage(fallback, w.token)).page).toBe('form');
    const failing = {
      ...w.deps,
      signInOf: async () => {
        throw new Error('WorkSpaces unreachable');
      },
    };
    expect((await openSetupPage(failing, w.token)).page).toBe('form');
    expect((await submitPassword(failing, w.token, password)).page).toBe('done');
  });

  it('an unknown or malformed token shows the expired page and names no hire', async () => {
    const w = await invited();
    expect(await openSetupPage(w.deps, 'x'.repeat(43))).toEqual({ page: 'expired' });
    expect(await openSetupPage(w.deps, '../etc')).toEqual({ page: 'expired' });
  });
});

describe('the first login', () => {
  it('makes the hire ACTIVE and takes it off the reminders; a second event changes nothing', async () => {
    const w = await invited();
    const login = { workspaceId: WORKSPACE, loginTime: '2027-03-26T00:00:00Z', via: 'login-event' as const };
    expect(await recordFirstLogin(w.deps, login)).toEqual({ outcome: 'activated', hireId: 'hr-E-1' });
    expect(w.hire()).toMatchObject({ stage: 'ACTIVE', activeAt: '2027-03-26T00:00:00Z' });
    expect(w.table.due.has('hr-E-1')).toBe(false);
    expect(await recordFirstLogin(w.deps, login)).toEqual({ outcome: 'already-active', hireId: 'hr-E-1' });
  });

  it('of a WorkSpace that is not ours is ignored', async () => {
    const w = await invited();
    expect(
      await recordFirstLogin(w.deps, {
        workspaceId: 'ws-other00000',
        loginTime: '2027-03-26T00:00:00Z',
        via: 'login-event',
      }),
    ).toEqual({ outcome: 'unknown-workspace' });
  });
});

describe('a bounce', () => {
  const bounce = (over: Partial<EmailFeedback> = {}): EmailFeedback => ({
    type: 'Bounce',
    messageId: 'msg-1',
    permanent: true,
    reason: 'General',
    recipients: ['hanako.yamada@example.co.jp'],
    hireId: 'hr-E-1',
    emailKind: 'invitation',
    ...over,
  });

  it('of the invitation: BOUNCED, off the reminders, one alert naming the address', async () => {
    const w = await invited();
    expect(await recordEmailFeedback(w.deps, bounce())).toEqual({
      outcome: 'bounced',
      hireId: 'hr-E-1',
      alerted: true,
    });
    expect(await recordEmailFeedback(w.deps, bounce())).toMatchObject({ outcome: 'bounced', alerted: false });
    expect(w.hire()).toMatchObject({ stage: 'BOUNCED', bounce: { address: 'hanako.yamada@example.co.jp' } });
    expect(w.table.due.has('hr-E-1')).toBe(false);
    expect(w.ses.sent).toHaveLength(2);
    expect(w.ses.sent[1]!.text).toContain('hanako.yamada@example.co.jp');
  });

  it('that is soft is only kept in the history; one of an admin alert never becomes another alert', async () => {
    const w = await invited();
    expect(await recordEmailFeedback(w.deps, bounce({ permanent: false }))).toMatchObject({
      outcome: 'soft-bounce',
    });
    expect(
      await recordEmailFeedback(
        w.deps,
        bounce({ emailKind: 'alert-failed', recipients: ['it-admins@example.co.jp'] }),
      ),
    ).toMatchObject({ outcome: 'admin-email' });
    expect(w.hire().stage).toBe('INVITED');
    expect(w.ses.sent).toHaveLength(1);
  });
});

describe("SES's Email Sent event", () => {
  it('closes a ledger entry an attempt left PENDING, so a retry never sends it again', async () => {
    const w = appWorld();
    expect(await w.deps.ledger.claim('hr-E-1', 'invitation#1', 300_000)).toBe('claimed');
    const sent = { hireId: 'hr-E-1', ledgerKey: 'invitation#1', messageId: 'msg-1' };
    expect(await recordEmailSent(w.deps, sent)).toEqual({ outcome: 'closed', hireId: 'hr-E-1' });
    expect(await recordEmailSent(w.deps, sent)).toEqual({ outcome: 'already-closed', hireId: 'hr-E-1' });
    w.clock.advance(DAY);
    expect(await w.deps.ledger.claim('hr-E-1', 'invitation#1', 300_000)).toBe('already-sent');
  });
});

describe('the reminder run', () => {
  it("reminds a day later inside the person's business hours, with a fresh link", async () => {
    const w = await invited();
    expect(await runReminders(w.deps, plenty)).toMatchObject({ due: 0 });
    w.clock.advance(DAY);
    expect(await runReminders(w.deps, plenty)).toMatchObject({ due: 1, reminded: 1 });
    expect(w.ses.sent).toHaveLength(2);
    expect(w.ses.sent[1]!.tags).toMatchObject({ kind: 'reminder', reminder: '1' });
    expect(w.hire()).toMatchObject({ stage: 'INVITED', reminders: { invitation: 1, sent: 1 } });
    // The next one is not due yet: a second run now sends nothing.
    expect(await runReminders(w.deps, plenty)).toMatchObject({ due: 0 });
  });

  it('marks ACTIVE instead whoever has connected meanwhile (a missed login event)', async () => {
    const w = await invited();
    w.ws.connected(WORKSPACE, new Date(w.clock.nowMs() + HOUR));
    w.clock.advance(DAY);
    expect(await runReminders(w.deps, plenty)).toMatchObject({ activated: 1, reminded: 0 });
    expect(w.hire().stage).toBe('ACTIVE');
    expect(w.ses.sent).toHaveLength(1);
  });

  it('escalates after the last reminder, to the admins and the manager, once', async () => {
    const w = await invited({ person: { ...sampleHire().person, managerEmail: 'boss@example.co.jp' } });
    for (let day = 0; day < 12; day++) {
      w.clock.advance(DAY);
      await runReminders(w.deps, plenty);
    }
    expect(w.hire()).toMatchObject({ stage: 'ESCALATED', reminders: { sent: 3 } });
    const alerts = w.ses.sent.filter((e) => e.tags.kind === 'alert-escalated');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.to).toEqual(['it-admins@example.co.jp', 'boss@example.co.jp']);
    expect(w.table.due.has('hr-E-1')).toBe(false);
  });
});
