/**
 * What the configuration says about the company, as people read it: its name in each language, the one
 * brand of every subject, and whom a hire asks for help (their country's support, else their directory's,
 * else everyone's), in every email and page that shows support.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderAlertEmail, renderEmail, renderSetupPage } from '../../local/emails';
import { parseConfig, supportContactFor } from '../../src/kernel/config/load';
import { adminEmailContext, hireEmailContext } from '../../src/kernel/email/context';
import { renderReadinessEmail } from '../../src/tracking/emails/readiness-email';
import { alerts, invitation, readinessSamples } from '../fixtures/email/samples';
import { configProblems } from '../support/config';

// The tests break configuration documents into invalid shapes on purpose.
type Doc = any;

const US_DIRECTORY = 'd-926724b1c0';
const minimal = (): Doc => ({
  company: { name: 'Example Corp', supportContact: { email: 'it@example.co.jp', phone: '+81-3-0000-0000' } },
  directories: [
    { id: 'd-0123456789', type: 'SIMPLE_AD', default: true },
    { id: US_DIRECTORY, type: 'SIMPLE_AD', region: 'us-west-2' },
  ],
  bundles: { default: { bundleId: 'wsb-abcdef123', protocol: 'WSP' } },
  email: { from: 'it@example.com', adminAddresses: ['admin@example.com'] },
  defaults: { locale: 'ja', timeZone: 'Asia/Tokyo' },
});

const withSupport = (): Doc => {
  const raw = minimal();
  raw.company.name = { en: 'Example Corp', ja: '株式会社エグザンプル' };
  raw.company.supportContacts = [
    { country: 'us', email: 'us-help@example.com', phone: '+1-503-555-0100' },
    { directoryId: US_DIRECTORY, email: 'oregon-help@example.com' },
    { country: 'DE', email: 'de-help@example.com', url: 'https://help.example.de' },
  ];
  return raw;
};

const problems = configProblems;

describe('the company name in each language', () => {
  it('takes one name per language, or one name for every language (the older form)', () => {
    expect(parseConfig(withSupport()).company.name).toEqual({
      en: 'Example Corp',
      ja: '株式会社エグザンプル',
    });
    expect(parseConfig(minimal()).company.name).toEqual({ en: 'Example Corp', ja: 'Example Corp' });
  });

  it('refuses a language missing, a language not configured, a blank name, and a list', () => {
    const raw = minimal();
    raw.company.name = { en: 'Example Corp', jp: 'エグザンプル' };
    expect(problems(raw)).toEqual([
      'config.company.name.jp: is not one of config.locales (en, ja)',
      'config.company.name: has no name for ja (config.locales: en, ja)',
    ]);
    raw.company.name = { en: ' ', ja: 'エグザンプル' };
    expect(problems(raw)).toEqual(['config.company.name.en: must be a non-empty string']);
    raw.company.name = ['Example Corp'];
    expect(problems(raw)).toEqual([
      'config.company.name: must be a non-empty string, or one per language such as {"en": "...", "ja": "..."}',
    ]);
  });

  it('shows each email and page the name of its language', async () => {
    const config = parseConfig(withSupport());
    const ja = await renderEmail(
      'invitation',
      hireEmailContext(config, { locale: 'ja-JP' }),
      invitation('simple-ad-pcoip'),
    );
    const en = await renderEmail(
      'invitation',
      hireEmailContext(config, { locale: 'en-US' }),
      invitation('simple-ad-pcoip'),
    );
    expect(ja.text).toContain('株式会社エグザンプル');
    expect(ja.text).not.toContain('Example Corp');
    expect(en.text).toContain('Example Corp');
    expect(en.text).not.toContain('エグザンプル');
    // A language without a catalog is written in the default language, with that language's name.
    const fr = await renderEmail(
      'invitation',
      hireEmailContext(config, { locale: 'fr-FR' }),
      invitation('simple-ad-pcoip'),
    );
    expect(fr.locale).toBe('ja');
    expect(fr.subject).toContain('【株式会社エグザンプル】');
    const page = (await renderSetupPage('expired', hireEmailContext(config, { locale: 'en' }), {})).html;
    expect(page).toContain('<title>Set your WorkSpace password | Example Corp</title>');
  });
});

describe('one brand in every subject', () => {
  const config = parseConfig(withSupport());
  const subjects = async (ctx: ReturnType<typeof hireEmailContext>) =>
    Promise.all([
      ...(['invitation', 'reminder-password', 'reminder-connect'] as const).map(
        async (kind) =>
          (await renderEmail(kind, ctx, invitation('simple-ad-pcoip', { reminderNumber: 2 }))).subject,
      ),
      ...Object.values(alerts).map(async (a) => (await renderAlertEmail(a.kind, ctx, a.data)).subject),
      ...Object.values(readinessSamples).map(async (r) => (await renderReadinessEmail(ctx, r)).subject),
    ]);

  it('starts every subject with the company name as the language writes a tag, once', async () => {
    for (const [locale, brand] of [
      ['ja', '【株式会社エグザンプル】'],
      ['en', '[Example Corp] '],
    ] as const) {
      for (const subject of await subjects(hireEmailContext(config, { locale }))) {
        expect(subject.startsWith(brand), subject).toBe(true);
        expect(subject.split(brand.trim()).length, subject).toBe(2);
        expect(subject, subject).not.toMatch(
          locale === 'ja' ? /Example Corp|【.*】.*【.*エグザンプル/ : /エグザンプル/,
        );
      }
    }
  });

  it('uses the configured prefix instead, in the language of the email, and nothing else', async () => {
    const raw = withSupport();
    raw.email.subjectPrefix = { en: '[Example Corp IT]', ja: '【Example IT】' };
    const prefixed = parseConfig(raw);
    for (const [locale, brand] of [
      ['ja', '【Example IT】 '],
      ['en', '[Example Corp IT] '],
    ] as const) {
      for (const subject of await subjects(hireEmailContext(prefixed, { locale }))) {
        expect(subject.startsWith(brand), subject).toBe(true);
        expect(subject.slice(brand.length), subject).not.toMatch(/Example|エグザンプル|IT】|IT\]/);
      }
    }
    // The older form, one prefix for every language, still works.
    raw.email.subjectPrefix = '[IT]';
    const ja = hireEmailContext(parseConfig(raw), { locale: 'ja' });
    expect((await renderEmail('invitation', ja, invitation('simple-ad-pcoip'))).subject).toMatch(
      /^\[IT\] WorkSpace/,
    );
    raw.email.subjectPrefix = { en: '[IT]' };
    expect(problems(raw)).toEqual([
      'config.email.subjectPrefix: has no prefix for ja (config.locales: en, ja)',
    ]);
  });
});

describe('whom a hire asks for help', () => {
  const config = parseConfig(withSupport());

  it("is the hire's country's support, else their directory's, else everyone's", () => {
    expect(supportContactFor(config, { country: 'US', directoryId: 'd-0123456789' }).email).toBe(
      'us-help@example.com',
    );
    expect(supportContactFor(config, { country: 'DE', directoryId: US_DIRECTORY }).email).toBe(
      'de-help@example.com',
    );
    expect(supportContactFor(config, { country: 'FR', directoryId: US_DIRECTORY }).email).toBe(
      'oregon-help@example.com',
    );
    expect(supportContactFor(config, { directoryId: US_DIRECTORY }).email).toBe('oregon-help@example.com');
    expect(supportContactFor(config, { country: 'JP', directoryId: 'd-0123456789' })).toEqual({
      email: 'it@example.co.jp',
      phone: '+81-3-0000-0000',
    });
    expect(supportContactFor(config, {})).toEqual(config.company.supportContact);
  });

  it('is what a US hire reads in every email and page that shows support, never the Tokyo number', async () => {
    const us = hireEmailContext(config, { locale: 'en-US', country: 'US', directoryId: 'd-0123456789' });
    const shown = await Promise.all([
      ...(['invitation', 'reminder-password', 'reminder-connect'] as const).map(
        async (kind) =>
          (await renderEmail(kind, us, invitation('simple-ad-pcoip', { reminderNumber: 1 }))).text,
      ),
      ...(['expired', 'used', 'too-many-attempts', 'superseded', 'sign-in-elsewhere'] as const).map(
        async (kind) => (await renderSetupPage(kind, us, {})).html,
      ),
    ]);
    for (const text of shown) {
      expect(text).toContain('+1-503-555-0100');
      expect(text).not.toContain('+81-3-0000-0000');
      expect(text).not.toContain('it@example.co.jp');
    }
    // The manager's readiness check names the hire's support too.
    const readiness = await renderReadinessEmail(us, readinessSamples['at-risk-no-password']!);
    expect(readiness.text).toContain('us-help@example.com');
    // Staff emails and a page without a hire use everyone's support.
    expect(adminEmailContext(config).company.supportContact.email).toBe('it@example.co.jp');
  });

  it('refuses a rule for both or neither, an unknown directory, a second rule for the same one', () => {
    const raw = minimal();
    raw.company.supportContacts = [
      { country: 'US', directoryId: US_DIRECTORY, email: 'a@example.com' },
      { email: 'b@example.com' },
      { directoryId: 'd-9999999999', email: 'c@example.com' },
      { country: 'us', email: 'd@example.com' },
      { country: 'US', email: 'e@example.com' },
      { country: 'U1', email: 'nope' },
    ];
    expect(problems(raw)).toEqual([
      "config.company.supportContacts[0]: needs a country or a directoryId, not both (company.supportContact is everyone else's)",
      "config.company.supportContacts[1]: needs a country or a directoryId, not both (company.supportContact is everyone else's)",
      'config.company.supportContacts[5].country: must be an ISO 3166-1 alpha-2 country code such as JP or US',
      'config.company.supportContacts[5].email: must be an email address like it@example.com',
    ]);
    raw.company.supportContacts.splice(0, 2);
    raw.company.supportContacts.pop();
    expect(problems(raw)).toEqual([
      'config.company.supportContacts[0].directoryId: unknown directory: configured are d-0123456789, d-926724b1c0',
      'config.company.supportContacts[2]: a second support contact for country US',
    ]);
  });

  it('the sample configuration gives US hires and the Oregon directory the US desk', () => {
    const sample = parseConfig(
      JSON.parse(readFileSync(new URL('../../config/onboarding.json', import.meta.url), 'utf8')),
    );
    expect(supportContactFor(sample, { country: 'US' }).phone).toMatch(/^\+1-/);
    expect(supportContactFor(sample, { directoryId: US_DIRECTORY }).phone).toMatch(/^\+1-/);
    expect(supportContactFor(sample, { country: 'JP' }).phone).toMatch(/^\+81-/);
  });
});
