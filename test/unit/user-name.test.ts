import { describe, expect, it } from 'vitest';
import { renderEmail } from '../../local/emails';
import { acceptHire } from '../../src/intake/accept-hire';
import { parseHireEvent } from '../../src/intake/hr-event-schema';
import {
  BUILT_IN_ACCOUNTS,
  claimIsLive,
  isProtectedUserName,
  legacyUserNameKey,
  mixedScripts,
  ORPHAN_CLAIM_AFTER_MS,
  PROTECTED_USER_NAME_MESSAGE,
  userNameKey,
} from '../../src/kernel/hire/user-name';
import { contexts } from '../fixtures/email/samples';
import { appWorld } from '../support/fakes';

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

describe('user names folded as the directory folds them', () => {
  const OPTS = {
    supportedLocales: ['en', 'ja'],
    now: new Date('2027-01-10T00:00:00Z'),
    defaultTimeZone: 'Asia/Tokyo',
  };
  const userNameErrors = (userName: string) => {
    const parsed = parseHireEvent(
      {
        type: 'employee.hired',
        data: {
          employeeId: 'E-1',
          givenName: 'Taro',
          familyName: 'Kimura',
          email: 'taro.kimura@example.co.jp',
          userName,
          startDate: '2027-04-01',
        },
      },
      OPTS,
    );
    return parsed.kind === 'invalid' ? parsed.errors.map((e) => `${e.field}: ${e.message}`) : [];
  };

  it.each([
    ['ｊｓｍｉｔｈ', 'full width'],
    ['jｓmith', 'one full-width letter'],
    ['jšmith', 'a diacritic'],
    ['JŠMITH', 'a diacritic, upper case'],
    ['jsmi\u0307th', 'a combining dot above'],
  ])('%s (%s) is the account jsmith', (variant) => {
    expect(userNameKey(variant)).toBe(userNameKey('jsmith'));
  });

  it('is one key for both normal forms, for ß and ss, and for the dotted capital I', () => {
    expect(userNameKey('jose\u0301')).toBe(userNameKey('jos\u00e9'));
    expect(userNameKey('jos\u00e9')).toBe('jose');
    expect(userNameKey('Meißner')).toBe(userNameKey('meissner'));
    expect(userNameKey('ADMİN')).toBe('admin');
  });

  it('keeps look-alike letters of another script apart: another account for the directory', () => {
    expect(userNameKey('jsm\u0456th')).not.toBe(userNameKey('jsmith')); // Cyrillic і
    expect(userNameKey('j\u03bfe')).not.toBe(userNameKey('joe')); // Greek ο
  });

  it('marks a name that mixes scripts, and only such a name', () => {
    expect(mixedScripts('jsm\u0456th')).toEqual(['Latin', 'Cyrillic']);
    expect(mixedScripts('\u0430dmin')).toEqual(['Cyrillic', 'Latin']);
    for (const plain of [
      'jsmith',
      'josé',
      'ivanov',
      'иванов',
      '山田太郎',
      'yamada山田',
      'やまだタロウ',
      'j.smith-2',
    ]) {
      expect(mixedScripts(plain), plain).toBeUndefined();
    }
  });

  it.each(['ａｄｍｉｎｉｓｔｒａｔｏｒ', 'ＫＲＢＴＧＴ', 'ADMİN', 'Admín', 'gueſt'])(
    '%s is a protected account',
    (name) => {
      expect(isProtectedUserName(name)).toBe(true);
    },
  );

  it('a full-width name: 400 that names its half-width form', () => {
    expect(userNameErrors('ｊｓｍｉｔｈ')).toEqual([
      'data.userName: must be written in half-width characters: the directory reads it as jsmith',
    ]);
    expect(userNameErrors('jｓmith')).toEqual([
      'data.userName: must be written in half-width characters: the directory reads it as jsmith',
    ]);
  });

  it.each([
    ['CORP\\jsmith', ''],
    ['CORP＼jsmith', ' (＼ is \\)'],
    ['jsmith@corp.example', ''],
    ['jsmith＠corp.example', ' (＠ is @)'],
    ['a"b', ''],
    ['a＂b', ' (＂ is ")'],
    ['a/b', ''],
    ['a［b］', ' (［ is [)'],
    ['a：b', ' (： is :)'],
    ['a；b', ' (； is ;)'],
    ['a｜b', ' (｜ is |)'],
    ['a＝b', ' (＝ is =)'],
    ['a，b', ' (， is ,)'],
    ['a＋b', ' (＋ is +)'],
    ['a＊b', ' (＊ is *)'],
    ['a？b', ' (？ is ?)'],
    ['a＜b＞', ' (＜ is <)'],
  ])('%s: 400, a character sAMAccountName refuses%s', (name, which) => {
    expect(userNameErrors(name)).toEqual([
      `data.userName: must not contain any of " / \\ [ ] : ; | = , + * ? < > @, in either width${which}`,
    ]);
  });

  it('over 20 characters: 400; 20 are fine', () => {
    expect(userNameErrors('a'.repeat(20))).toEqual([]);
    expect(userNameErrors('a'.repeat(21))).toEqual([
      'data.userName: must be at most 20 characters (Active Directory sAMAccountName)',
    ]);
  });

  it('protected names stay 400 in full width and with a dotted İ', () => {
    for (const name of ['ＫＲＢＴＧＴ', 'ADMİN', 'Administrátor']) {
      expect(userNameErrors(name).join('\n'), name).toMatch(/protected directory account|half-width/);
    }
    expect(userNameErrors('ADMİN')).toEqual([`data.userName: ${PROTECTED_USER_NAME_MESSAGE}`]);
  });
});

describe('claims written before names were folded (under the lower-cased name)', () => {
  const hire = (employeeId: string, userName: string) => ({
    type: 'employee.hired',
    data: {
      employeeId,
      givenName: 'José',
      familyName: 'García',
      email: `${employeeId.toLowerCase()}@example.com`,
      userName,
      locale: 'en',
      startDate: '2027-04-01',
    },
  });
  /** A hire stored by the release before this one: its claim is keyed by the lower-cased name. */
  async function olderHire(w: ReturnType<typeof appWorld>, userName: string) {
    const deliver = (body: unknown) =>
      acceptHire(w.deps, {
        webhookId: `msg-${Math.random()}`,
        rawBody: Buffer.from(JSON.stringify(body)),
        body,
      });
    expect((await deliver(hire('E-OLD', userName))).outcome).toBe('accepted');
    const claim = [...w.table.claims.entries()].find(([, c]) => c.hireId === 'hr-E-OLD')!;
    w.table.claims.delete(claim[0]);
    w.table.claims.set(`${claim[1].directoryId}#${legacyUserNameKey(userName)}`, claim[1]);
    return deliver;
  }

  it('still bind their name: the same name in any case gets 409, nothing stored', async () => {
    const w = appWorld({ start: '2027-03-01T00:00:00Z' });
    const deliver = await olderHire(w, 'José');
    for (const [i, name] of ['josé', 'JOSÉ', 'jose\u0301'].entries()) {
      const result = await deliver(hire(`E-NEW-${i}`, name));
      expect(result, name).toMatchObject({ outcome: 'conflict', errors: [{ field: 'data.userName' }] });
    }
    expect(w.table.hires.size).toBe(1);
  });

  it('are freed when their hire is cancelled, and a later hire takes the name', async () => {
    const w = appWorld({ start: '2027-03-01T00:00:00Z' });
    const deliver = await olderHire(w, 'José');
    await deliver({ type: 'employee.hire_cancelled', data: { employeeId: 'E-OLD' } });
    expect([...w.table.claims.keys()]).toEqual([]);
    expect((await deliver(hire('E-NEXT', 'josé'))).outcome).toBe('accepted');
  });
});

describe('an alert about a user name that mixes scripts', () => {
  const alert = async (locale: 'en' | 'ja', userName: string) =>
    (
      await renderEmail('alert-failed', contexts[locale], {
        hire: { hireId: 'hr-E-1', employeeId: 'E-1', stage: 'FAILED', email: 'a@example.com', userName },
        what: 'UnknownUser',
      })
    ).text;

  it('says so, in English and Japanese; a one-script name is not marked', async () => {
    expect(await alert('en', 'jsm\u0456th')).toMatch(
      /Mixed scripts:\s*The user name mixes letters of several scripts \(Latin \+ Cyrillic\)/,
    );
    expect(await alert('ja', 'jsm\u0456th')).toMatch(
      /混在する文字体系[:：]\s*このユーザー名には複数の文字体系の文字が混在しています（Latin \+ Cyrillic）/,
    );
    expect(await alert('en', 'jsmith')).not.toContain('Mixed scripts');
    expect(await alert('ja', '山田taro')).not.toContain('混在する文字体系');
  });
});
