import { describe, expect, it } from 'vitest';
import { MAX_SETUP_ATTEMPTS, type StoredSetupToken, setupAccess } from '../../src/kernel/hire/setup-access';

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
    for (const stage of ['INVITED', 'ESCALATED'] as const) {
      expect(setupAccess(token(), hire({ ...newer, stage }), now)).toBe('superseded');
    }
    // Even after its own expiry: the person learns where the working link is.
    expect(setupAccess(token({ validUntil: '2026-12-01T00:00:00Z' }), hire(newer), now)).toBe('superseded');
    expect(setupAccess(token(), hire({ ...newer, stage: 'PASSWORD_SET' }), now)).toBe('used');
    expect(setupAccess(token(), hire({ ...newer, stage: 'CANCELLED' }), now)).toBe('expired');
    // Replaced before the product recorded when links go out: the plain expired page.
    expect(setupAccess(token(), hire({ setupTokenHash: 'hash-2' }), now)).toBe('expired');
  });
  it('a bounce or complaint revokes every link stored until then, the current one and older ones', () => {
    const revokedAt = '2026-12-03T05:00:00.000Z';
    const bounced = { stage: 'BOUNCED' as const, setupLinksRevokedAt: revokedAt };
    const before = { issuedAt: '2026-12-01T06:00:00.000Z' };
    expect(setupAccess(token(before), hire(bounced), now)).toBe('revoked');
    // Stored in the same millisecond as the revocation: revoked too.
    expect(setupAccess(token({ issuedAt: revokedAt }), hire(bounced), now)).toBe('revoked');
    // An older (reminder-replaced) link says nothing about the newer email either.
    const newer = { setupTokenHash: 'hash-2', setupLinkSentAt: '2026-12-02T06:00:00Z' };
    expect(setupAccess(token(before), hire({ ...bounced, ...newer }), now)).toBe('revoked');
    // Tokens stored before issue times were recorded are older than any revocation.
    expect(setupAccess(token(), hire(bounced), now)).toBe('revoked');
  });
  it('after a re-invite the new link works and every link from before the bounce stays revoked', () => {
    const reinvited = {
      stage: 'INVITED' as const,
      setupLinksRevokedAt: '2026-12-03T05:00:00.000Z',
      setupTokenHash: 'hash-new',
      setupLinkSentAt: '2026-12-03T05:30:00.000Z',
    };
    const fresh = token({ tokenHash: 'hash-new', issuedAt: '2026-12-03T05:30:00.000Z' });
    expect(setupAccess(fresh, hire(reinvited), now)).toBe('open');
    expect(setupAccess(token({ issuedAt: '2026-12-01T06:00:00.000Z' }), hire(reinvited), now)).toBe(
      'revoked',
    );
    // A link of the re-invite that a reminder replaced is merely superseded.
    const reminded = { ...reinvited, setupTokenHash: 'hash-3', setupLinkSentAt: '2026-12-04T00:00:00Z' };
    expect(setupAccess(fresh, hire(reminded), now)).toBe('superseded');
    // The re-invite's pointer is written while the hire is still BOUNCED: it works from then on.
    expect(setupAccess(fresh, hire({ ...reinvited, stage: 'BOUNCED' }), now)).toBe('open');
  });
  it('a hire that bounced before revocations were recorded has no working link while BOUNCED', () => {
    expect(setupAccess(token(), hire({ stage: 'BOUNCED' }), now)).toBe('revoked');
    const newer = { setupTokenHash: 'hash-2', setupLinkSentAt: '2026-12-02T06:00:00Z' };
    expect(setupAccess(token(), hire({ ...newer, stage: 'BOUNCED' }), now)).toBe('revoked');
  });
  it('a used link stays used after a bounce', () => {
    const revoked = { setupLinksRevokedAt: '2026-12-03T05:00:00.000Z' };
    expect(
      setupAccess(token({ usedAt: '2026-12-02T00:00:00Z' }), hire({ ...revoked, stage: 'BOUNCED' }), now),
    ).toBe('used');
    expect(setupAccess(token(), hire({ ...revoked, stage: 'PASSWORD_SET' }), now)).toBe('used');
  });
  it(`pauses after ${MAX_SETUP_ATTEMPTS} attempts`, () => {
    expect(setupAccess(token({ attempts: MAX_SETUP_ATTEMPTS - 1 }), hire(), now)).toBe('open');
    expect(setupAccess(token({ attempts: MAX_SETUP_ATTEMPTS }), hire(), now)).toBe('too-many-attempts');
  });
});
