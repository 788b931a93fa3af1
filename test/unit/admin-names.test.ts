/**
 * The admin CLI writes each person's name as their own language does (ja: family given; en: given
 * family), whoever reads it: in `list` and `status`. (The report reads no names: docs/admin-guide.md "The report".)
 */
import { describe, expect, it } from 'vitest';
import { listHires } from '../../src/admin/list';
import { hireStatus } from '../../src/admin/status';
import { personName } from '../../src/kernel/hire/person-name';
import { appWorld, sampleHire } from '../support/fakes';

const JOHN = { givenName: 'John', familyName: 'Smith' };
const HANAKO = { givenName: '花子', familyName: '山田' };

function world() {
  const w = appWorld();
  const seed = (employeeId: string, name: typeof JOHN, locale: string) =>
    w.stores.seed(
      sampleHire({
        stage: 'FAILED',
        person: { ...sampleHire().person, employeeId, ...name, locale },
        lastError: { error: 'WorkspaceError', cause: 'quota', at: '2027-03-01T00:00:00Z' },
      } as Parameters<typeof sampleHire>[0]),
    );
  seed('E-EN', JOHN, 'en-US');
  seed('E-JA', HANAKO, 'ja-JP');
  seed('E-JA-LATIN', { givenName: 'Hanako', familyName: 'Yamada' }, 'ja');
  return w;
}

describe('names in the order of the person’s language', () => {
  it('ja: family given; en and others: given family', () => {
    expect(personName(HANAKO, 'ja-JP')).toBe('山田 花子');
    expect(personName(JOHN, 'en-US')).toBe('John Smith');
    expect(personName(JOHN, 'de')).toBe('John Smith');
    expect(personName({ givenName: 'Hanako', familyName: 'Yamada' }, 'ja')).toBe('Yamada Hanako');
    expect(personName({ givenName: ' Madonna ', familyName: '' }, 'en')).toBe('Madonna');
  });

  it('list and status print an English hire given-family and a Japanese one family-given', async () => {
    const w = world();
    const { hires } = await listHires(w.deps, { stage: 'FAILED', limit: 10 });
    const names = Object.fromEntries(hires.map((h) => [h.employeeId, h.name]));
    expect(names).toEqual({ 'E-EN': 'John Smith', 'E-JA': '山田 花子', 'E-JA-LATIN': 'Yamada Hanako' });
    const status = await hireStatus(w.deps, 'hr-E-EN');
    expect(status).toMatchObject({ name: 'John Smith' });
  });
});
