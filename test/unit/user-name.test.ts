import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_ACCOUNTS,
  claimIsLive,
  isProtectedUserName,
  ORPHAN_CLAIM_AFTER_MS,
  userNameKey,
} from '../../src/domain/user-name';

describe('protected user names', () => {
  it('are the built-in accounts in any case, plus the configured ones', () => {
    for (const name of [
      'Administrator',
      'ADMINISTRATOR',
      'admin',
      'Guest',
      'KRBTGT',
      'helpassistant',
      'DefaultAccount',
    ]) {
      expect(isProtectedUserName(name), name).toBe(true);
    }
    expect(BUILT_IN_ACCOUNTS).toEqual(expect.arrayContaining(['Administrator', 'Admin', 'Guest', 'krbtgt']));
    expect(isProtectedUserName('svc-Backup', ['SVC-backup'])).toBe(true);
    expect(isProtectedUserName('administrator2')).toBe(false);
    expect(isProtectedUserName('jsmith', ['svc-backup'])).toBe(false);
  });

  it('compare as Active Directory does: without regard to case', () => {
    expect(userNameKey('JSmith')).toBe(userNameKey('jsmith'));
  });
});

describe('a user-name claim', () => {
  const now = Date.parse('2027-01-10T00:00:00Z');
  const claim = {
    directoryId: 'd-0123456789',
    userName: 'jsmith',
    claimedAt: new Date(now - 60_000).toISOString(),
  };
  const holder = (over: Record<string, unknown> = {}) =>
    ({
      stage: 'INVITED',
      directoryId: 'd-0123456789',
      person: { userName: 'JSmith' },
      ...over,
    }) as never;

  it('binds while its hire holds the name and is not CANCELLED', () => {
    expect(claimIsLive(claim, holder(), now)).toBe(true);
    expect(claimIsLive(claim, holder({ stage: 'FAILED' }), now)).toBe(true);
    expect(claimIsLive(claim, holder({ stage: 'CANCELLED' }), now)).toBe(false);
  });

  it('is dead once its hire moved to another name or directory (a crash before the release)', () => {
    expect(claimIsLive(claim, holder({ person: { userName: 'jsmith2' } }), now)).toBe(false);
    expect(claimIsLive(claim, holder({ directoryId: 'd-9999999999' }), now)).toBe(false);
  });

  it('without a hire, binds for five minutes (a creation still on its way), then is dead', () => {
    expect(claimIsLive(claim, undefined, now)).toBe(true);
    const old = { ...claim, claimedAt: new Date(now - ORPHAN_CLAIM_AFTER_MS).toISOString() };
    expect(claimIsLive(old, undefined, now)).toBe(false);
  });
});
