import { describe, expect, it, vi } from 'vitest';
import { maskEmail } from '../../src/kernel/hire/mask-email';
import type { HireRecord } from '../../src/kernel/hire/record';
import type { StoredSetupToken } from '../../src/kernel/hire/setup-access';
import { hashSetupToken, newSetupToken } from '../../src/kernel/hire/setup-token';
import type { SetupTokens } from '../../src/kernel/table/setup-tokens';
import { openSetupPage, submitPassword } from '../../src/tracking/password-setup';
import type { DirectoryApi } from '../../src/tracking/ports';
import { testClock } from '../support/fakes';
import { memoryStores } from '../support/memory-stores';

describe('masked addresses', () => {
  it('show the first character and the domain only', () => {
    expect(maskEmail('hanako.yamada@example.co.jp')).toBe('h•••@example.co.jp');
    expect(maskEmail('h@example.co.jp')).toBe('h•••@example.co.jp');
    expect(maskEmail('😀smile@example.com')).toBe('😀•••@example.com');
    expect(maskEmail('not-an-address')).toBe('•••');
  });
});

describe('the setup page for an older link', () => {
  function world() {
    const clock = testClock('2026-12-03T06:00:00Z');
    const stores = memoryStores(clock);
    const older = newSetupToken();
    const newer = newSetupToken();
    const tokens = new Map<string, StoredSetupToken>();
    for (const t of [older, newer]) {
      tokens.set(t.hash, {
        tokenHash: t.hash,
        hireId: 'hr-E-1',
        attempts: 0,
        validUntil: '2026-12-10T00:00:00Z',
      });
    }
    stores.seed({
      hireId: 'hr-E-1',
      stage: 'INVITED',
      version: 4,
      directoryId: 'd-95671a2b3c',
      person: { email: 'hanako.yamada@example.co.jp', userName: 'hyamada', timeZone: 'Asia/Tokyo' },
      setupTokenHash: newer.hash,
      setupLinkSentAt: '2026-12-02T01:30:00Z',
      setupLinkTo: 'hanako.yamada@example.co.jp',
    } as unknown as HireRecord);
    const takeSetupAttempt = vi.fn(async () => true);
    const setupTokens = {
      get: async (hash: string) => tokens.get(hash),
      takeAttempt: takeSetupAttempt,
    } as unknown as SetupTokens;
    const resetPassword = vi.fn(async () => undefined);
    const directory = { resetPassword } as unknown as DirectoryApi;
    return {
      deps: { hires: stores.hires, setupTokens, directory, clock },
      older,
      newer,
      takeSetupAttempt,
      resetPassword,
    };
  }

  it('opening it: the "newer email" page with when and the masked address, never the form', async () => {
    const w = world();
    const outcome = await openSetupPage(w.deps, w.older.token);
    expect(outcome).toMatchObject({
      page: 'superseded',
      newerEmail: { sentAt: new Date('2026-12-02T01:30:00Z'), to: 'h•••@example.co.jp' },
    });
    expect((await openSetupPage(w.deps, w.newer.token)).page).toBe('form');
  });

  it('submitting it: the same page; no attempt is counted and the directory is not called', async () => {
    const w = world();
    const outcome = await submitPassword(w.deps, w.older.token, {
      password: 'Welcome#2026',
      confirm: 'Welcome#2026',
    });
    expect(outcome.page).toBe('superseded');
    expect(w.takeSetupAttempt).not.toHaveBeenCalled();
    expect(w.resetPassword).not.toHaveBeenCalled();
  });

  it('an unknown token keeps the expired answer: nothing tells a guesser a token exists', async () => {
    const w = world();
    const unknown = newSetupToken();
    expect(hashSetupToken(unknown.token)).toBe(unknown.hash);
    const outcome = await openSetupPage(w.deps, unknown.token);
    expect(outcome).toEqual({ page: 'expired' });
  });
});
