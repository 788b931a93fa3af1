import { describe, expect, it } from 'vitest';
import { MAX_SETUP_ATTEMPTS, type StoredSetupToken, setupAccess } from '../../src/domain/setup-access';

const now = new Date('2026-12-03T06:00:00Z');
const token = (over: Partial<StoredSetupToken> = {}): StoredSetupToken => ({
  tokenHash: 'hash-1',
  hireId: 'hr-E-1',
  attempts: 0,
  validUntil: '2026-12-10T06:00:00Z',
  ...over,
});
const hire = (over: Record<string, unknown> = {}) => ({
  stage: 'INVITED' as const,
  setupTokenHash: 'hash-1',
  ...over,
});

describe('whether a setup link may be used', () => {
  it('is open for the current token of an invited hire', () => {
    expect(setupAccess(token(), hire(), now)).toBe('open');
    expect(setupAccess(token(), hire({ stage: 'ESCALATED' }), now)).toBe('open');
    expect(setupAccess(token(), hire({ stage: 'BOUNCED' }), now)).toBe('open');
  });
  it('treats unknown tokens like expired ones', () => {
    expect(setupAccess(undefined, undefined, now)).toBe('expired');
    expect(setupAccess(token(), undefined, now)).toBe('expired');
  });
  it('is used once the directory took a password', () => {
    expect(setupAccess(token({ usedAt: '2026-12-03T05:00:00Z' }), hire(), now)).toBe('used');
    expect(setupAccess(token(), hire({ stage: 'PASSWORD_SET' }), now)).toBe('used');
    expect(setupAccess(token(), hire({ stage: 'ACTIVE', setupTokenHash: undefined }), now)).toBe('used');
  });
  it('expires at validUntil; a cancelled hire has no working link', () => {
    expect(setupAccess(token({ validUntil: now.toISOString() }), hire(), now)).toBe('expired');
    expect(setupAccess(token(), hire({ stage: 'CANCELLED' }), now)).toBe('expired');
  });
  it('an older link of a hire still setting a password is superseded (its page names the newer email)', () => {
    const newer = { setupTokenHash: 'hash-2', setupLinkSentAt: '2026-12-02T06:00:00Z' };
    for (const stage of ['INVITED', 'ESCALATED', 'BOUNCED'] as const) {
      expect(setupAccess(token(), hire({ ...newer, stage }), now)).toBe('superseded');
    }
    // Even after its own expiry: the person learns where the working link is.
    expect(setupAccess(token({ validUntil: '2026-12-01T00:00:00Z' }), hire(newer), now)).toBe('superseded');
    expect(setupAccess(token(), hire({ ...newer, stage: 'PASSWORD_SET' }), now)).toBe('used');
    expect(setupAccess(token(), hire({ ...newer, stage: 'CANCELLED' }), now)).toBe('expired');
    // Replaced before the product recorded when links go out: the plain expired page.
    expect(setupAccess(token(), hire({ setupTokenHash: 'hash-2' }), now)).toBe('expired');
  });
  it(`pauses after ${MAX_SETUP_ATTEMPTS} attempts`, () => {
    expect(setupAccess(token({ attempts: MAX_SETUP_ATTEMPTS - 1 }), hire(), now)).toBe('open');
    expect(setupAccess(token({ attempts: MAX_SETUP_ATTEMPTS }), hire(), now)).toBe('too-many-attempts');
  });
});
