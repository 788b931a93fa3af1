import { afterEach, describe, expect, it, vi } from 'vitest';
import { reinvite } from '../../../src/admin/reinvite';
import { recordEmailFeedback } from '../../../src/invitations/record-email-event';
import { sendInvitation } from '../../../src/invitations/send-invitation';
import type { EmailFeedback } from '../../../src/kernel/email/ses-event';
import { PasswordResetUnconfirmedError } from '../../../src/kernel/errors';
import {
  AFTER_RESET_RESERVE_MS,
  openSetupPage,
  SIGN_IN_LOOKUP_MS,
  submitPassword,
} from '../../../src/tracking/password-setup';
import type { DirectoryApi } from '../../../src/tracking/ports';
import { appWorld, sampleHire } from '../../support/fakes';

/**
 * Setup links after a bounce or complaint, and the setup page's behaviour when WorkSpaces or the directory
 * do not answer: on the in-memory table with the real mailer over a fake SES.
 */
const WORKSPACE = 'ws-000000001';
const password = { password: 'Correct-horse-9', confirm: 'Correct-horse-9' };
const by = 'token:ops';
const tokenIn = (text: string | undefined) => /\/setup\/([A-Za-z0-9_-]{43})/.exec(text ?? '')?.[1] ?? '';

async function invited() {
  const w = appWorld({ start: '2027-03-25T01:00:00Z' });
  w.ws.add({ userName: 'hyamada' });
  w.stores.seed(sampleHire({ stage: 'PROVISIONING', workspaceId: WORKSPACE }));
  await sendInvitation(w.deps, { hireId: 'hr-E-1', workspaceId: WORKSPACE });
  return { ...w, token: tokenIn(w.ses.sent[0]?.text), hire: () => w.table.hires.get('hr-E-1')! };
}

const complaint = (over: Partial<EmailFeedback> = {}): EmailFeedback => ({
  type: 'Complaint',
  messageId: 'msg-1',
  permanent: true,
  reason: 'abuse',
  recipients: ['hanako.yamada@example.co.jp'],
  hireId: 'hr-E-1',
  emailKind: 'invitation',
  ...over,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('a bounce or complaint revokes the setup links', () => {
  it('a complaint: the link answers revoked on GET and POST, resets nothing and counts no attempt', async () => {
    const w = await invited();
    w.clock.advance(60_000);
    expect((await recordEmailFeedback(w.deps, complaint())).outcome).toBe('bounced');
    expect(w.hire()).toMatchObject({ stage: 'BOUNCED', setupLinksRevokedAt: w.clock.now().toISOString() });
    expect(await openSetupPage(w.deps, w.token)).toMatchObject({ page: 'revoked' });
    expect(await submitPassword(w.deps, w.token, password)).toMatchObject({ page: 'revoked' });
    expect(w.directory.resets).toEqual([]);
    expect([...w.table.tokens.values()][0]!.attempts).toBe(0);
    // Nothing else about the bounced hire changed: the pointer and the newer-email details stay.
    expect(w.hire().setupTokenHash).toBeDefined();
  });

  it('every link of the hire, also an older one a re-invite replaced; a re-invite to a new address works', async () => {
    const w = await invited();
    w.clock.advance(10 * 60_000);
    await reinvite(w.deps, { hireId: 'hr-E-1', by });
    const second = tokenIn(w.ses.sent.at(-1)?.text);
    expect((await openSetupPage(w.deps, w.token)).page).toBe('superseded');
    w.clock.advance(60_000);
    await recordEmailFeedback(w.deps, { ...complaint(), type: 'Bounce', reason: 'Permanent/General' });
    for (const token of [w.token, second]) {
      expect((await openSetupPage(w.deps, token)).page).toBe('revoked');
    }

    w.clock.advance(60_000);
    const result = await reinvite(w.deps, { hireId: 'hr-E-1', email: 'hanako@example.org', by });
    expect(result).toMatchObject({ outcome: 'invited', stage: 'INVITED' });
    const fresh = tokenIn(w.ses.sent.at(-1)?.text);
    // The links from before the bounce stay revoked (never "a newer email was sent to ...").
    for (const token of [w.token, second]) {
      expect(await openSetupPage(w.deps, token)).toMatchObject({ page: 'revoked' });
      expect((await submitPassword(w.deps, token, password)).page).toBe('revoked');
    }
    expect(w.directory.resets).toEqual([]);
    expect((await openSetupPage(w.deps, fresh)).page).toBe('form');
    expect((await submitPassword(w.deps, fresh, password)).page).toBe('done');
    expect(w.hire().stage).toBe('PASSWORD_SET');
  });

  it('an ESCALATED hire stays ESCALATED, but a late complaint still revokes its links; a re-invite sends one that works', async () => {
    const w = await invited();
    const hire = w.hire();
    w.table.hires.set('hr-E-1', { ...hire, stage: 'ESCALATED', escalatedAt: w.clock.now().toISOString() });
    w.clock.advance(60_000);
    expect(await recordEmailFeedback(w.deps, complaint({ emailKind: 'reminder' }))).toEqual({
      outcome: 'links-revoked',
      hireId: 'hr-E-1',
    });
    expect(w.hire()).toMatchObject({ stage: 'ESCALATED', setupLinksRevokedAt: w.clock.now().toISOString() });
    expect(w.ses.sent).toHaveLength(1); // no second alert: the escalation alerted already
    expect((await submitPassword(w.deps, w.token, password)).page).toBe('revoked');
    expect(w.directory.resets).toEqual([]);
    w.clock.advance(10 * 60_000);
    expect((await reinvite(w.deps, { hireId: 'hr-E-1', by })).outcome).toBe('invited');
    expect((await submitPassword(w.deps, tokenIn(w.ses.sent.at(-1)?.text), password)).page).toBe('done');
  });

  it('a bounce recorded while a submission is on its way wins if it lands before the directory call', async () => {
    const w = await invited();
    const claim = w.deps.setupTokens.claim.bind(w.deps.setupTokens);
    const deps = {
      ...w.deps,
      setupTokens: {
        ...w.deps.setupTokens,
        async claim(hash: string, staleAfterMs: number) {
          const claimed = await claim(hash, staleAfterMs);
          await recordEmailFeedback(w.deps, complaint());
          return claimed;
        },
      },
    };
    expect((await submitPassword(deps, w.token, password)).page).toBe('revoked');
    expect(w.directory.resets).toEqual([]);
    // The claim was given back: the link is not left looking "in use".
    expect([...w.table.tokens.values()][0]!.claimedAt).toBeUndefined();
  });

  it('a password the directory took before the bounce was recorded is set (BOUNCED → PASSWORD_SET)', async () => {
    const w = await invited();
    const directory: DirectoryApi = {
      async resetPassword(input) {
        await w.directory.api.resetPassword(input);
        await recordEmailFeedback(w.deps, complaint());
      },
    };
    expect((await submitPassword({ ...w.deps, directory }, w.token, password)).page).toBe('done');
    expect(w.hire().stage).toBe('PASSWORD_SET');
    expect((await openSetupPage(w.deps, w.token)).page).toBe('used');
  });
});

describe('the sign-in mode lookup of the setup page', () => {
  it('has a deadline of 1.5 s, after which the page goes by the invitation', async () => {
    expect(SIGN_IN_LOOKUP_MS).toBe(1_500);
    const w = await invited();
    let signal: AbortSignal | undefined;
    const deps = {
      ...w.deps,
      signInOf: (_hire: unknown, s: AbortSignal) => {
        signal = s;
        return new Promise<never>(() => undefined);
      },
    };
    vi.useFakeTimers();
    let answered: string | undefined;
    const page = openSetupPage(deps, w.token).then((o) => {
      answered = o.page;
    });
    await vi.advanceTimersByTimeAsync(SIGN_IN_LOOKUP_MS - 1);
    expect(answered).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    await page;
    expect(answered).toBe('form');
    // The lookup is called off, so it spends nothing after the page answered.
    expect(signal?.aborted).toBe(true);
  });

  it('the invitation stores the sign-in mode it told the person', async () => {
    const w = await invited();
    expect(w.hire().signIn).toEqual({ mode: 'directory-password' });
  });

  it('without an answer, a hire invited for SAML 2.0 gets the sign-in page, one invited for a password the form', async () => {
    const w = await invited();
    const failing = {
      ...w.deps,
      signInOf: async () => {
        throw new Error('ThrottlingException');
      },
    };
    expect((await openSetupPage(failing, w.token)).page).toBe('form');
    const saml = { mode: 'saml' as const, userAccessUrl: 'https://idp.example.com/sso' };
    w.table.hires.set('hr-E-1', { ...w.hire(), signIn: saml });
    expect(await openSetupPage(failing, w.token)).toMatchObject({ page: 'sign-in-elsewhere', signIn: saml });
    expect((await submitPassword(failing, w.token, password)).page).toBe('sign-in-elsewhere');
    expect(w.directory.resets).toEqual([]);
    // A hire invited before the mode was stored: the page works as the email said.
    const { signIn: _stored, ...legacy } = w.hire();
    w.table.hires.set('hr-E-1', legacy);
    expect((await submitPassword(failing, w.token, password)).page).toBe('done');
  });
});

describe('a submission never says "nothing was changed" when the directory may have the password', () => {
  const silent = (calls: string[]): DirectoryApi => ({
    async resetPassword({ userName }) {
      calls.push(userName);
      throw new PasswordResetUnconfirmedError('no answer');
    },
  });

  it('no answer from the directory: unconfirmed, the link stays claimed for a minute, then works again', async () => {
    const w = await invited();
    const calls: string[] = [];
    const deps = { ...w.deps, directory: silent(calls) };
    expect(await submitPassword(deps, w.token, password)).toMatchObject({ page: 'unconfirmed' });
    expect(w.hire().stage).toBe('INVITED');
    // A second password sent at once could land before the first: not sent.
    expect((await submitPassword(deps, w.token, password)).page).toBe('unconfirmed');
    expect(calls).toHaveLength(1);
    w.clock.advance(61_000);
    expect((await submitPassword(w.deps, w.token, password)).page).toBe('done');
    expect(w.hire().stage).toBe('PASSWORD_SET');
  });

  it('a reset the directory took is done even if recording it fails', async () => {
    const w = await invited();
    const deps = {
      ...w.deps,
      hires: {
        ...w.deps.hires,
        move: async () => {
          throw new Error('ProvisionedThroughputExceededException');
        },
      },
    };
    expect((await submitPassword(deps, w.token, password)).page).toBe('done');
    expect(w.directory.resets).toHaveLength(1);
  });

  it('the directory call gets the time the function has left, less what recording needs', async () => {
    const w = await invited();
    let signal: AbortSignal | undefined;
    const directory: DirectoryApi = {
      async resetPassword(input) {
        signal = input.signal;
        await new Promise<void>((resolve) => input.signal?.addEventListener('abort', () => resolve()));
        throw new PasswordResetUnconfirmedError('given up');
      },
    };
    const started = Date.now();
    const outcome = await submitPassword({ ...w.deps, directory }, w.token, password, {
      timeLeftMs: () => AFTER_RESET_RESERVE_MS + 50,
    });
    expect(outcome.page).toBe('unconfirmed');
    expect(signal?.aborted).toBe(true);
    expect(Date.now() - started).toBeLessThan(AFTER_RESET_RESERVE_MS);
    // No time left at all: the directory is not called, and that is said plainly.
    const w2 = await invited();
    const none = await submitPassword(w2.deps, w2.token, password, { timeLeftMs: () => 500 });
    expect(none).toMatchObject({ page: 'invalid', errors: ['unavailable'], status: 503 });
    expect(w2.directory.resets).toEqual([]);
  });
});
