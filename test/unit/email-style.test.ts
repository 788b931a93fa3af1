/**
 * Emails people plan by: every day written one way per language, each client listed once, and alert
 * subjects that say what happened in plain words.
 */
import { describe, expect, it } from 'vitest';
import {
  type EmailContext,
  KNOWN_ALERTS,
  renderAlertEmail,
  renderEmail,
  renderSetupPage,
} from '../../local/emails';
import { CLIENT_PLATFORMS } from '../../src/kernel/hire/sign-in';
import { renderReadinessEmail } from '../../src/tracking/emails/readiness-email';
import {
  alerts,
  alertWithEveryFact,
  contexts,
  invitation,
  invitationVariants,
  readinessSamples,
} from '../fixtures/email/samples';

const HIRE_KINDS = ['invitation', 'reminder-password', 'reminder-connect'] as const;

/** Everything a person reads of every email and page in `ctx`'s language: subjects, preheaders, bodies. */
async function everything(ctx: EmailContext): Promise<string[]> {
  const read: string[] = [];
  for (const variant of invitationVariants) {
    for (const kind of HIRE_KINDS) {
      const email = await renderEmail(kind, ctx, invitation(variant, { reminderNumber: 2 }));
      read.push(email.subject, email.preheader, email.text);
    }
  }
  for (const { kind, data } of Object.values(alerts)) {
    const email = await renderAlertEmail(kind, ctx, data);
    read.push(email.subject, email.preheader, email.text);
  }
  for (const data of Object.values(readinessSamples)) {
    const email = await renderReadinessEmail(ctx, data);
    read.push(email.subject, email.preheader, email.text);
  }
  const newerEmail = { sentAt: new Date('2027-03-26T01:30:00Z'), to: 'h***@example.co.jp' };
  read.push((await renderSetupPage('superseded', ctx, { newerEmail })).html);
  return read;
}

describe('one date style per language', () => {
  it('Japanese writes every day as 2027年4月1日(木), in subjects, details and sentences alike', async () => {
    const days: string[] = [];
    for (const text of await everything(contexts.ja)) {
      days.push(...(text.match(/\d{4}年\d{1,2}月\d{1,2}日\S{0,3}/g) ?? []));
      expect(text).not.toMatch(/曜日|\d{4}\/\d{1,2}\/\d{1,2}|\d{4}-\d{2}-\d{2}(?!-\d)/);
    }
    expect(days.length).toBeGreaterThan(80);
    for (const day of days) expect(day).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日\([月火水木金土日]\)/);
    // The details block of the finding: the deadline and the start date side by side.
    const { text } = await renderEmail('invitation', contexts.ja, invitation('simple-ad-pcoip'));
    expect(text).toContain('期限: 2027年4月1日(木) 0:30 JST');
    expect(text).toContain('利用開始日: 2027年4月1日(木)');
  });

  it('English writes every day as Thursday, April 1, 2027, never abbreviated or numeric', async () => {
    const month = '(January|February|March|April|May|June|July|August|September|October|November|December)';
    const days: string[] = [];
    for (const text of await everything(contexts.en)) {
      days.push(...(text.match(new RegExp(`\\w+,? ${month} \\d{1,2}, \\d{4}`, 'g')) ?? []));
      expect(text).not.toMatch(
        /\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.? \d|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b|\d{4}-\d{2}-\d{2}(?!-\d)/,
      );
    }
    expect(days.length).toBeGreaterThan(80);
    for (const day of days) {
      expect(day).toMatch(
        new RegExp(`^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), ${month}`),
      );
    }
  });
});

describe('each client once', () => {
  it.each([
    ['ja', 'Chromebook'],
    ['en', 'Chromebook'],
    ['ja', 'Android'],
    ['en', 'Android'],
  ] as const)(
    '%s: %s is listed once when Android and Chromebook are both allowed',
    async (locale, client) => {
      const data = invitation('simple-ad-pcoip', { clients: CLIENT_PLATFORMS.filter((c) => c !== 'web') });
      const { text } = await renderEmail('invitation', contexts[locale], data);
      const install = text.slice(text.indexOf('clients.amazonworkspaces.com'), text.indexOf('workspaces://'));
      expect(install.split(client).length - 1).toBe(1);
    },
  );

  it('every client of every language has a label of its own', async () => {
    for (const locale of ['ja', 'en'] as const) {
      const data = invitation('simple-ad-pcoip', { clients: CLIENT_PLATFORMS });
      const { html } = await renderEmail('invitation', contexts[locale], data);
      const labels = [
        ...html.matchAll(/<a href="https:\/\/clients\.amazonworkspaces\.com\/[^"]*"[^>]*>([^<]+)</g),
      ]
        .map((m) => m[1]!)
        .filter((label) => !label.startsWith('https://'));
      expect(labels.length).toBe(CLIENT_PLATFORMS.length);
      expect(new Set(labels).size).toBe(labels.length);
    }
  });
});

describe('alert subjects in plain words', () => {
  const alertOf = alertWithEveryFact;
  const kinds = ['alert-failed', 'alert-bounced', 'alert-escalated', 'alert-hr'] as const;

  it.each(['ja', 'en'] as const)('%s: no subject or preheader names an internal error', async (locale) => {
    const phrases = new Set<string>();
    for (const what of [...KNOWN_ALERTS, 'States.Timeout', 'DirectoryUnreachable']) {
      for (const kind of kinds) {
        const email = await renderAlertEmail(kind, contexts[locale], alertOf(what));
        for (const line of [email.subject, email.preheader]) {
          expect(line, `${kind} ${what}`).not.toContain(what);
          // No CamelCase code (WorkSpace is the product's name).
          expect(line).not.toMatch(/\b(?!WorkSpaces?\b)[A-Z][a-z]+[A-Z]\w+\b|States\./);
        }
        if (kind === 'alert-failed') phrases.add(email.subject);
      }
    }
    // Each kind of alert says its own thing; every unknown one says the same general thing.
    expect(phrases.size).toBe(KNOWN_ALERTS.length + 1);
  });

  it('the HR record alert of the finding reads as a sentence in both languages', async () => {
    const ja = await renderAlertEmail('alert-hr', contexts.ja, alertOf('HrRecordIncomplete'));
    expect(ja.subject).toBe(
      '【株式会社サンプル】従業員 E1 の人事情報の変更に管理者の対応が必要です: 必須項目がありません',
    );
    const en = await renderAlertEmail('alert-hr', contexts.en, alertOf('HrRecordIncomplete'));
    expect(en.subject).toBe(
      '[Example Corp] An HR change for employee E1 needs an admin: required fields are missing',
    );
    // The body still names the code, for a search of the logs.
    expect(
      (await renderAlertEmail('alert-failed', contexts.en, alertOf('DirectoryUnreachable'))).text,
    ).toContain('DirectoryUnreachable');
  });
});
