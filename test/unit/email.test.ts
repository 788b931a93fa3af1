import { describe, expect, it } from 'vitest';
import { readMessageSources } from '../../local/compile-messages';
import {
  type AlertData,
  chooseLocale,
  displayName,
  type EmailContext,
  EmailDataError,
  escapeHtml,
  type InvitationData,
  renderEmail,
  renderSetupPage,
  SUPPORTED_LOCALES,
  workspacesLoginLink,
} from '../../local/emails';
import { formatText, messageArguments } from '../../src/kernel/email/format';
import { MessageFormatError } from '../../src/kernel/errors';
import { SETUP_PAGE_POLICY } from '../../src/tracking/emails/setup-page';
import { alerts, contexts, invitation, invitationVariants } from '../fixtures/email/samples';

const HIRE_KINDS = ['invitation', 'reminder-password', 'reminder-connect'] as const;
const PAGE_KINDS = [
  'form',
  'done',
  'invalid',
  'expired',
  'used',
  'too-many-attempts',
  'superseded',
  'revoked',
  'unconfirmed',
] as const;

function ctxFor(locale: string, overrides: Partial<EmailContext> = {}): EmailContext {
  const base = locale.startsWith('ja') ? contexts.ja : contexts.en;
  return { ...base, locale, ...overrides };
}

/** Visible text of an HTML email: no tags, entities decoded, the hidden preheader filler gone. */
function visibleText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#847;|&zwnj;|&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** The markup of a document: every tag, with its attributes. Escaped text never shows up here. */
function tags(html: string): string[] {
  return html.match(/<[a-zA-Z!/][^>]*>/g) ?? [];
}

/** True when some tag is a script, image, svg or frame, or carries an event handler or javascript: URL. */
function hasActiveMarkup(html: string): boolean {
  return tags(html).some((tag) => {
    // Attribute values are always double-quoted with " escaped, so what is left are names.
    const names = tag.replace(/"[^"]*"/g, '""');
    return (
      /^<\/?(script|img|svg|iframe|object|embed)\b|\son\w+\s*=/i.test(names) ||
      /=\s*"\s*javascript:/i.test(tag)
    );
  });
}

const squash = (s: string) => s.replace(/[\s:]/g, '');

const PLACEHOLDER = /\{\s*[A-Za-z_][\w.]*\s*[,}]|\{\{|\}\}/;

/** Every source file by its name (namespace → locale → messages), and every message of each language. */
const MESSAGE_FILES = readMessageSources();
const CATALOGS: Record<string, Record<string, string>> = {};
for (const byLocale of Object.values(MESSAGE_FILES)) {
  for (const [locale, messages] of Object.entries(byLocale))
    CATALOGS[locale] = { ...CATALOGS[locale], ...messages };
}

describe('message catalogs', () => {
  const english = CATALOGS.en!;
  it.each(SUPPORTED_LOCALES)(
    '%s has every message, and each uses the same arguments as English',
    (locale) => {
      const catalog = CATALOGS[locale]!;
      expect(Object.keys(catalog).sort()).toEqual(Object.keys(english).sort());
      for (const [key, message] of Object.entries(catalog)) {
        expect(message.trim(), key).not.toBe('');
        expect([...messageArguments(message)].sort(), key).toEqual(
          [...messageArguments(english[key]!)].sort(),
        );
      }
    },
  );

  it('supports at least Japanese and English', () => {
    expect(SUPPORTED_LOCALES).toEqual(expect.arrayContaining(['en', 'ja']));
  });

  // Each Lambda bundles only the files it renders, so a message in the wrong file of some language would
  // silently fall back to English there: every file must hold exactly English's keys, in every language.
  it.each(Object.entries(MESSAGE_FILES))(
    'messages/<locale>/%s.json has exactly the keys and arguments of English',
    (_file, table) => {
      expect(Object.keys(table).sort()).toEqual([...SUPPORTED_LOCALES].sort());
      const english = table.en as Readonly<Record<string, string>>;
      for (const locale of SUPPORTED_LOCALES) {
        const messages = table[locale] as Readonly<Record<string, string>>;
        expect(Object.keys(messages).sort(), locale).toEqual(Object.keys(english).sort());
        for (const [key, message] of Object.entries(messages)) {
          expect(message.trim(), `${locale} ${key}`).not.toBe('');
          expect([...messageArguments(message)].sort(), `${locale} ${key}`).toEqual(
            [...messageArguments(english[key]!)].sort(),
          );
        }
      }
    },
  );

  it('keeps each message key in one file only', () => {
    const keys = Object.values(MESSAGE_FILES).flatMap((table) => Object.keys(table.en!));
    expect(keys.length).toBe(new Set(keys).size);
    expect(new Set(keys)).toEqual(new Set(Object.keys(CATALOGS.en!)));
  });
});

describe('message formatter', () => {
  const o = { locale: 'en', timeZone: 'UTC' };
  it('fills arguments, plurals with #, exact matches and selects', () => {
    const m = '{n, plural, =0 {none} one {# step} other {# steps}} for {who, select, a {Ann} other {{who}}}';
    expect(formatText(m, { n: 0, who: 'a' }, o)).toBe('none for Ann');
    expect(formatText(m, { n: 1, who: 'Bo' }, o)).toBe('1 step for Bo');
    expect(formatText(m, { n: 3, who: 'Bo' }, o)).toBe('3 steps for Bo');
  });

  it('uses the plural rules of the locale', () => {
    expect(formatText('{n, plural, other {# つ}}', { n: 1 }, { locale: 'ja', timeZone: 'UTC' })).toBe('1 つ');
  });

  it('refuses a missing argument or a broken message instead of leaving a placeholder', () => {
    expect(() => formatText('Hello {name}', {}, o)).toThrow(MessageFormatError);
    expect(() => formatText('Hello {name', { name: 'x' }, o)).toThrow(MessageFormatError);
    expect(() => formatText('{n, plural, one {x}}', { n: 1 }, o)).toThrow(/other/);
  });
});

describe('chooseLocale', () => {
  const supported = ['en', 'ja', 'pt-BR'];
  it('walks ja-JP → ja → fallback', () => {
    expect(chooseLocale('ja-JP', ['en', 'ja-JP', 'ja'], 'en')).toBe('ja-JP');
    expect(chooseLocale('ja-JP', supported, 'en')).toBe('ja');
    expect(chooseLocale('fr-FR', supported, 'en')).toBe('en');
    expect(chooseLocale(undefined, supported, 'en')).toBe('en');
    expect(chooseLocale('', supported, 'en')).toBe('en');
  });
  it('ignores case and underscores and keeps the supported spelling', () => {
    expect(chooseLocale('PT_br', supported, 'en')).toBe('pt-BR');
    expect(chooseLocale('JA', supported, 'en')).toBe('ja');
  });

  it('renders in the chosen locale and reports it', async () => {
    expect((await renderEmail('invitation', ctxFor('ja-JP'), invitation('simple-ad-pcoip'))).locale).toBe(
      'ja',
    );
    expect((await renderEmail('invitation', ctxFor('en-GB'), invitation('simple-ad-pcoip'))).locale).toBe(
      'en',
    );
    const french = await renderEmail(
      'invitation',
      ctxFor('fr-FR', { defaultLocale: 'ja' }),
      invitation('simple-ad-pcoip'),
    );
    expect(french.locale).toBe('ja');
    const unknownDefault = await renderEmail(
      'invitation',
      ctxFor('fr-FR', { defaultLocale: 'de' }),
      invitation('simple-ad-pcoip'),
    );
    expect(unknownDefault.locale).toBe('en');
  });
});

describe('names and links', () => {
  it('writes Japanese names family-given with 様, English given-family', () => {
    const person = { givenName: '花子', familyName: '山田' };
    expect(displayName(person, 'ja-JP')).toBe('山田 花子 様');
    expect(displayName(person, 'ja')).toBe('山田 花子 様');
    expect(displayName({ givenName: 'Hanako', familyName: 'Yamada' }, 'en')).toBe('Hanako Yamada');
  });

  it('builds the one-click login link with the special characters encoded', () => {
    expect(workspacesLoginLink('hyamada', 'wsnrt+ABC123')).toBe('workspaces://hyamada@wsnrt+ABC123');
    expect(workspacesLoginLink('a@b:c/d?e&f=g', 'x/y')).toBe('workspaces://a%40b%3Ac%2Fd%3Fe%26f%3Dg@x%2Fy');
  });

  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('every email × locale × variant renders completely', () => {
  const cases: [string, string, () => ReturnType<typeof renderEmail>][] = [];
  for (const locale of SUPPORTED_LOCALES) {
    for (const variant of invitationVariants) {
      for (const kind of HIRE_KINDS) {
        for (const reminderNumber of kind === 'invitation' ? [undefined] : [1, 3]) {
          cases.push([
            `${kind} ${variant} #${reminderNumber ?? '-'}`,
            locale,
            async () =>
              await renderEmail(
                kind,
                ctxFor(locale),
                invitation(variant, reminderNumber ? { reminderNumber } : {}),
              ),
          ]);
        }
      }
    }
    for (const [name, { kind, data }] of Object.entries(alerts)) {
      cases.push([`${kind} ${name}`, locale, async () => await renderEmail(kind, ctxFor(locale), data)]);
    }
  }

  it.each(cases)('%s (%s): no placeholder left, html and text agree', async (_name, locale, render) => {
    const email = await render();
    expect(email.locale).toBe(locale);
    for (const part of [email.subject, email.preheader, email.text, visibleText(email.html)]) {
      expect(part).not.toMatch(PLACEHOLDER);
      expect(part).not.toMatch(/undefined|NaN|\[object/);
    }
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(hasActiveMarkup(email.html)).toBe(false);
    expect(email.html).not.toMatch(/<link|src=/i);
    expect(email.html).toContain(`lang="${locale}"`);
    expect(email.html).toMatch(/<div style="display:none;[^"]*">/);
    expect(email.html).toContain('max-width:600px');
    // Every line of the text part appears in the HTML part too.
    const html = squash(visibleText(email.html));
    for (const line of email.text.split('\n')) {
      const words = line
        .replace(/^\s*(\d+\.|-|==|\[)\s*|\s*(==|\])$/g, '')
        .replace(/<https?:[^>]+>/g, '')
        .replace(/:$/, '')
        .trim();
      if (words && words !== '--') expect(html).toContain(squash(words));
    }
  });

  it('brands the subject once: the configured prefix, else the company name as the language writes it', async () => {
    const data = invitation('managed-ad-wsp');
    const prefixed = await renderEmail('invitation', ctxFor('en', { subjectPrefix: '[IT]' }), data);
    expect(prefixed.subject).toMatch(/^\[IT\] Your WorkSpace is ready: please set your password by /);
    expect(prefixed.subject).not.toContain('Example Corp');
    expect((await renderEmail('invitation', ctxFor('en'), data)).subject).toMatch(
      /^\[Example Corp\] Your WorkSpace is ready/,
    );
    const ja = await renderEmail('invitation', ctxFor('ja', { subjectPrefix: '[Example Corp IT]' }), data);
    expect(ja.subject).toMatch(/^\[Example Corp IT\] WorkSpace のご用意ができました/);
    expect(ja.subject).not.toContain('株式会社サンプル');
    expect((await renderEmail('invitation', ctxFor('ja'), data)).subject).toMatch(
      /^【株式会社サンプル】WorkSpace の/,
    );
  });
});

describe('hostile values appear as text, never as markup', () => {
  const hostile = ['<script>alert(1)</script>', '"><img src=x>', "'><svg onload=alert(1)>"];
  it.each(SUPPORTED_LOCALES.flatMap((l) => hostile.map((h) => [l, h] as const)))(
    '%s: %s',
    async (locale, name) => {
      const data = invitation('simple-ad-pcoip', {
        person: { givenName: name, familyName: name, email: 'x@example.com', userName: name },
        directory: { type: 'SIMPLE_AD', registrationCode: name },
        setupUrl: `https://setup.example.com/${name}`,
      });
      const ctx = ctxFor(locale, {
        company: { name, supportContact: { email: name, phone: name, url: name } },
      });
      for (const kind of HIRE_KINDS) {
        const email = await renderEmail(kind, ctx, data);
        expect(hasActiveMarkup(email.html)).toBe(false);
        expect(email.html).toContain(escapeHtml(name));
        expect(visibleText(email.html)).toContain(name);
        expect(email.text).toContain(name);
      }
      const alert = await renderEmail('alert-failed', ctx, {
        hire: { hireId: name, employeeId: name, stage: name, email: name },
        what: name,
        detail: name,
        adminUrlHint: name,
      });
      expect(hasActiveMarkup(alert.html)).toBe(false);
      expect(visibleText(alert.html)).toContain(name);
      for (const kind of PAGE_KINDS) {
        const page = (await renderSetupPage(kind, ctx, { userName: name, errors: [name], formAction: name }))
          .html;
        expect(hasActiveMarkup(page)).toBe(false);
        expect(visibleText(page)).toContain(name);
      }
    },
  );

  it('never links a javascript: URL given as the support site', async () => {
    const ctx = ctxFor('en', {
      company: { name: 'X', supportContact: { email: 'a@b.c', url: 'javascript:alert(1)' } },
    });
    const email = await renderEmail('invitation', ctx, invitation('simple-ad-pcoip'));
    expect(email.html).not.toMatch(/href="javascript:/i);
    expect((await renderSetupPage('expired', ctx, {})).html).not.toMatch(/href="javascript:/i);
  });

  it('keeps line breaks out of the subject', async () => {
    const email = await renderEmail(
      'invitation',
      ctxFor('en', { company: { name: 'Evil\r\nBcc: x@y.z', supportContact: { email: 'a@b.c' } } }),
      invitation('simple-ad-pcoip'),
    );
    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});

describe('content varies with what is true for the hire', () => {
  const render = async (
    locale: string,
    variant: (typeof invitationVariants)[number],
    kind = 'invitation' as const,
  ) => await renderEmail(kind, ctxFor(locale), invitation(variant));

  it.each(SUPPORTED_LOCALES)('%s: PCoIP shows TCP 443 and TCP/UDP 4172, never 4195', async (locale) => {
    for (const variant of ['simple-ad-pcoip', 'ad-connector-pcoip'] as const) {
      const { text, html } = await render(locale, variant);
      expect(text).toContain('443');
      expect(text).toContain('4172');
      expect(text).not.toContain('4195');
      expect(text).toContain('PCoIP');
      expect(visibleText(html)).toContain('4172');
    }
  });

  it.each(SUPPORTED_LOCALES)('%s: WSP shows TCP 443 and TCP/UDP 4195, never 4172', async (locale) => {
    for (const variant of ['managed-ad-wsp', 'ad-connector-wsp'] as const) {
      const { text } = await render(locale, variant);
      expect(text).toContain('443');
      expect(text).toContain('4195');
      expect(text).not.toContain('4172');
      expect(text).toContain('DCV');
    }
  });

  it('hosted setup (Simple AD / Managed AD) links the setup page and states the policy', async () => {
    const data = invitation('simple-ad-pcoip');
    for (const locale of ['en', 'ja']) {
      const email = await renderEmail('invitation', ctxFor(locale), data);
      expect(email.html).toContain(`href="${data.setupUrl}"`);
      expect(email.text).toContain(data.setupUrl);
    }
    const en = (await renderEmail('invitation', ctxFor('en'), data)).text;
    expect(en).toContain('Set your password');
    expect(en).toMatch(/8 to 64 characters.*upper-case.*lower-case.*digit.*symbol/);
    expect(en).not.toContain('company password');
    const ja = (await renderEmail('invitation', ctxFor('ja'), data)).text;
    expect(ja).toContain('パスワードを設定する');
    expect(ja).toMatch(/8~64 文字.*英大文字.*英小文字.*数字.*記号/);
    expect(ja).toContain('4 つの手順');
  });

  it('AD Connector says to use the company password and has no setup link', async () => {
    for (const variant of ['ad-connector-pcoip', 'ad-connector-wsp'] as const) {
      const en = await render('en', variant);
      expect(en.text).toContain('company password');
      expect(en.text).not.toContain('/setup/');
      expect(en.text).not.toContain('Set my password');
      expect(en.text).toContain('Get started in 3 steps');
      const ja = await render('ja', variant);
      expect(ja.text).toContain('会社のパスワード');
      expect(ja.text).not.toContain('/setup/');
      expect(ja.text).toContain('3 つの手順');
    }
  });

  it('every invitation has the registration code, user name, one-click link and the client downloads', async () => {
    for (const locale of SUPPORTED_LOCALES) {
      for (const variant of invitationVariants) {
        const data = invitation(variant);
        const { html, text } = await renderEmail('invitation', ctxFor(locale), data);
        const link = workspacesLoginLink(data.person.userName, data.directory.registrationCode);
        expect(text).toContain(data.directory.registrationCode);
        expect(text).toContain(data.person.userName);
        expect(text).toContain(link);
        expect(html).toContain(`href="${escapeHtml(link)}"`);
        // Every native client unless the directory allows fewer (test/unit/sign-in-emails.test.ts).
        if (data.clients) continue;
        expect(html).toContain('href="https://clients.amazonworkspaces.com/');
        expect(text).toMatch(/Windows.*\n.*macOS/);
        expect(text).toContain('iPad');
        expect(text).toContain('Android');
      }
    }
  });

  it('printing: local printers from Windows only; network printers only with an Active Directory', async () => {
    const simple = (await render('en', 'simple-ad-pcoip')).text;
    expect(simple).toContain('From the Windows client you can print');
    expect(simple).toMatch(/iPad, Android, Chromebook, Linux and web clients cannot print/);
    expect(simple).toContain('network printers cannot be used');
    for (const variant of ['managed-ad-wsp', 'ad-connector-pcoip'] as const) {
      expect((await render('en', variant)).text).toContain(
        'network printers are available through the Example Corp Active Directory',
      );
      expect((await render('ja', variant)).text).toContain('Active Directory を通じて利用できます');
    }
    expect((await render('ja', 'simple-ad-pcoip')).text).toContain('ネットワークプリンターは利用できません');
  });

  it('the hire’s part says only what they can check; the network details are for their IT or network team', async () => {
    for (const locale of ['en', 'ja'] as const) {
      const data = invitation('simple-ad-pcoip');
      const { text, html } = await renderEmail('invitation', ctxFor(locale), data);
      const start = text.indexOf(locale === 'en' ? 'Before you connect' : '接続の前に');
      const team = text.indexOf(
        locale === 'en' ? 'For your IT or network team' : 'IT 担当・ネットワーク担当の方へ',
      );
      expect(start).toBeGreaterThan(-1);
      expect(team).toBeGreaterThan(start);
      const hirePart = text.slice(start, team);
      expect(hirePart).toContain('https://clients.amazonworkspaces.com/Health.html');
      expect(hirePart).toMatch(/mobile network|モバイル回線/);
      for (const detail of ['WORKSPACES_GATEWAYS', 'ipv6_prefixes', '4172', '443', 'ip-ranges.json'])
        expect(hirePart).not.toContain(detail);
      const teamPart = text.slice(team);
      for (const detail of ['WORKSPACES_GATEWAYS', 'ipv6_prefixes', '4172', '443', 'ap-northeast-1'])
        expect(teamPart).toContain(detail);
      expect(teamPart).toContain(data.network.pageUrl);
      expect(html).toContain(`href="${data.network.pageUrl.replace(/&/g, '&amp;')}"`);
    }
  });

  it('gives the network team the whole picture: the five 443 subsets, DCV gateways for Amazon DCV, the link', async () => {
    for (const locale of ['en', 'ja'] as const) {
      const { text } = await render(locale, 'managed-ad-wsp');
      for (const part of ['GLOBAL', 'us-east-1', 'us-west-2', 'S3', 'AMAZON', '4195', 'IPv6'])
        expect(text).toContain(part);
      expect(text).toMatch(/DCV gateway ranges|DCV ゲートウェイの範囲/);
      expect(text).toMatch(/health check servers|ヘルスチェックサーバー/);
      expect(text).toContain('/network/ap-northeast-1?protocol=DCV');
      expect(text).not.toContain('4172');
      expect((await render(locale, 'simple-ad-pcoip')).text).not.toMatch(/DCV gateway|DCV ゲートウェイ/);
    }
  });

  it('a password reminder keeps the hire’s checks and sends the network team the link, without the details', async () => {
    const data = invitation('simple-ad-pcoip', { reminderNumber: 1 });
    const { text } = await renderEmail('reminder-password', ctxFor('en'), data);
    expect(text).toContain('Before you connect');
    expect(text).not.toContain('For your IT or network team');
    expect(text).not.toContain('WORKSPACES_GATEWAYS');
    expect(text).toContain(`send your IT or network team the list of what to allow, ${data.network.pageUrl}`);
  });

  it('lists who to contact', async () => {
    const { text, html } = await render('en', 'simple-ad-pcoip');
    expect(text).toContain('it-help@example.com');
    expect(text).toContain('+1 555 0100');
    expect(html).toContain('href="mailto:it-help@example.com"');
    expect(html).toContain('href="tel:+15550100"');
    const noPhone = await renderEmail(
      'invitation',
      ctxFor('en', { company: { name: 'X', supportContact: { email: 'a@b.c' } } }),
      invitation('simple-ad-pcoip'),
    );
    expect(noPhone.text).not.toContain('Phone:');
  });

  it('refuses a hosted setup without its link rather than sending a useless email', async () => {
    const data: InvitationData = invitation('simple-ad-pcoip');
    delete data.setupUrl;
    await expect(renderEmail('invitation', ctxFor('en'), data)).rejects.toThrow(EmailDataError);
  });
});

describe('reminders say what is still missing', () => {
  it('password reminder leads with the setup link and the deadline', async () => {
    const data = invitation('simple-ad-pcoip', { reminderNumber: 2 });
    const en = await renderEmail('reminder-password', ctxFor('en'), data);
    expect(en.subject).toMatch(/^\[Example Corp\] Reminder 2: please set your WorkSpace password/);
    expect(en.text.indexOf('password has not been set')).toBeLessThan(en.text.indexOf(data.setupUrl!));
    expect(en.text.indexOf(data.setupUrl!)).toBeLessThan(en.text.indexOf('Before you connect'));
    const ja = await renderEmail('reminder-password', ctxFor('ja'), { ...data, reminderNumber: 1 });
    expect(ja.subject).toMatch(/^【株式会社サンプル】【ご確認のお願い】/);
    expect(ja.text).toContain('パスワードがまだ設定されていません');
  });

  it('connect reminder puts the network checklist before the sign-in steps', async () => {
    for (const variant of ['simple-ad-pcoip', 'ad-connector-wsp'] as const) {
      const { text } = await renderEmail('reminder-connect', ctxFor('en'), invitation(variant));
      const network = text.indexOf('Before you connect');
      expect(network).toBeGreaterThan(-1);
      expect(network).toBeLessThan(text.indexOf('Enter the registration code'));
      expect(text).not.toContain('/setup/');
      expect(text).toContain('have not seen you sign in');
    }
  });
});

describe('dates are shown in the recipient time zone', () => {
  const actBy = new Date('2027-03-31T15:30:00Z');
  it('Asia/Tokyo sees 4月1日 for 2027-03-31T15:30Z', async () => {
    const email = await renderEmail('invitation', ctxFor('ja-JP'), invitation('simple-ad-pcoip', { actBy }));
    expect(email.subject).toContain('2027年4月1日');
    expect(email.text).toContain('2027年4月1日(木) 0:30');
    expect(email.text).not.toContain('3月31日');
  });

  it('America/New_York sees March 31, 11:30 AM', async () => {
    const email = await renderEmail('invitation', ctxFor('en-US'), invitation('simple-ad-pcoip', { actBy }));
    expect(email.subject).toContain('March 31, 2027');
    expect(email.text).toMatch(/Wednesday, March 31, 2027.*11:30\sAM/);
  });

  it('the start date is a calendar day that no zone moves', async () => {
    for (const timeZone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      const email = await renderEmail(
        'invitation',
        ctxFor('en', { timeZone }),
        invitation('simple-ad-pcoip'),
      );
      expect(email.text).toContain('Start date: Thursday, April 1, 2027');
    }
  });
});

describe('admin alerts say what happened and what to do', () => {
  const render = async (name: string, locale = 'en') => {
    const { kind, data } = alerts[name]!;
    return await renderEmail(kind, ctxFor(locale), data);
  };
  it('UnknownUser: create the user, then reinvite', async () => {
    const { text, subject } = await render('UnknownUser');
    expect(subject).toContain('E1001');
    expect(text).toContain('Create the user in the directory');
    expect(text).toContain('reinvite E1001\n');
    expect(text).toContain('ResourceNotFound.User');
  });
  it('WorkspaceError and ProvisioningTimeout: check directory, bundle, quota, then reinvite', async () => {
    for (const name of ['WorkspaceError', 'ProvisioningTimeout']) {
      const { text } = await render(name);
      expect(text).toMatch(/directory.*bundle.*quota/s);
      expect(text).toMatch(/reinvite E100\d\n/);
    }
  });
  it('WorkspaceUnhealthy: names the state, reboot or restore it, then reinvite', async () => {
    const { text, subject } = await render('WorkspaceUnhealthy');
    expect(subject).toContain('the WorkSpace does not respond');
    expect(text).toContain('IMPAIRED or UNHEALTHY');
    expect(text).toContain('ws-0a1b2c3d5 is UNHEALTHY');
    expect(text).toContain('Reboot the WorkSpace');
    expect(text).toMatch(/reinvite E1008\n/);
    expect((await render('WorkspaceUnhealthy', 'ja')).text).toContain('再起動');
  });
  it('Bounce: reinvite with a new address', async () => {
    const { text, subject } = await render('Bounce');
    expect(subject).toMatch(/not delivered/);
    expect(text).toContain('no-such-user@example.com');
    expect(text).toContain('reinvite E1004 --email NEW_ADDRESS');
  });
  it('RemindersExhausted: call the person', async () => {
    const { text } = await render('RemindersExhausted');
    expect(text).toContain('Call the person');
    expect(text).toContain('set a password but has still not signed in');
    expect((await render('RemindersExhausted', 'ja')).text).toContain('電話で連絡');
  });
  it('WaitingForDirectoryAccount: what to create where, and until when the hire waits', async () => {
    const { text, subject } = await render('WaitingForDirectoryAccount');
    expect(subject).toContain('E1009');
    expect(subject).toContain('tkimura');
    for (const fact of ['tkimura', 'd-95671a2b3c', 'corp-example', 'corp.example.com', 'ap-northeast-1']) {
      expect(text).toContain(fact);
    }
    // Midnight after the start day in Tokyo, shown in the admins' zone (contexts.en: New York).
    expect(text).toContain('Waits until: Thursday, April 1, 2027 at 11:00 AM EDT');
    expect(text).toContain('status E1009');
    expect(text).not.toContain('reinvite');
    const ja = await render('WaitingForDirectoryAccount', 'ja');
    expect(ja.subject).toContain('tkimura');
    expect(ja.text).toContain('ディレクトリ');
  });
  it('WorkspaceNotOurs: names the WorkSpace and offers adopt', async () => {
    const { text, subject } = await render('WorkspaceNotOurs');
    expect(subject).toContain('the user already has another WorkSpace');
    expect(text).toContain('ws-0a1b2c3d6 (AVAILABLE)');
    expect(text).toContain('not made for this hire');
    expect(text).toContain('adopt E1010\n');
    expect(text).toContain('User name: jsmith');
    expect((await render('WorkspaceNotOurs', 'ja')).text).toContain('adopt E1010');
  });
  it('an unknown code still renders with a generic next step', async () => {
    const { text } = await render('Other');
    expect(text).toContain('DirectoryUnreachable');
    expect(text).toContain('status E1007');
  });
  it('quotes an odd employee ID in the suggested command', async () => {
    const data: AlertData = {
      hire: { hireId: 'hr-E', employeeId: "a b'c", stage: 'FAILED' },
      what: 'UnknownUser',
    };
    expect((await renderEmail('alert-failed', ctxFor('en'), data)).text).toContain(`reinvite 'a b'\\''c'`);
  });
});

describe('password setup pages', () => {
  it.each(SUPPORTED_LOCALES.flatMap((l) => PAGE_KINDS.map((k) => [l, k] as const)))(
    '%s %s',
    async (locale, kind) => {
      const { status, html } = await renderSetupPage(kind, ctxFor(locale), {
        userName: 'hyamada',
        errors: ['too-short', 'mismatch'],
        formAction: '/setup/abc',
        newerEmail: { sentAt: new Date('2027-03-26T01:30:00Z'), to: 'h•••@example.co.jp' },
      });
      expect(status).toBe(
        {
          form: 200,
          done: 200,
          invalid: 422,
          expired: 410,
          used: 410,
          'too-many-attempts': 429,
          superseded: 410,
          revoked: 410,
          unconfirmed: 503,
        }[kind],
      );
      expect(hasActiveMarkup(html)).toBe(false);
      expect(html).not.toMatch(/\sstyle="/i);
      expect(visibleText(html)).not.toMatch(PLACEHOLDER);
      expect(html).toContain(`<html lang="${locale}">`);
      if (kind === 'form' || kind === 'invalid') {
        expect(html).toContain('<form method="post" action="/setup/abc"');
        expect(html).toMatch(/name="password" type="password"/);
        expect(html).toMatch(/name="confirm" type="password"/);
        expect(html).toContain('minlength="8" maxlength="64"');
      }
      if (kind !== 'form' && kind !== 'invalid' && kind !== 'done') {
        expect(html).toContain('mailto:');
        expect(html).not.toContain('<form');
      }
    },
  );

  it('shows the policy on the form and the translated errors on an invalid attempt', async () => {
    const form = visibleText((await renderSetupPage('form', ctxFor('en'), {})).html);
    expect(form).toMatch(/8 to 64 characters.*upper-case.*lower-case.*digit.*symbol/);
    expect(form).not.toContain('The password was not set');
    const invalid = visibleText(
      (await renderSetupPage('invalid', ctxFor('ja'), { errors: ['missing-digit', 'Custom'] })).html,
    );
    expect(invalid).toContain('数字が含まれていません');
    expect(invalid).toContain('Custom');
  });

  it('expired and used pages say how to get a new invitation', async () => {
    expect(visibleText((await renderSetupPage('expired', ctxFor('en'), {})).html)).toContain(
      'new invitation',
    );
    expect(visibleText((await renderSetupPage('used', ctxFor('ja'), {})).html)).toContain('招待の再送');
  });

  it('a revoked link says to ask IT for a new invitation and nothing about any email', async () => {
    const newerEmail = { sentAt: new Date('2027-03-26T01:30:00Z'), to: 'h•••@example.co.jp' };
    const en = visibleText((await renderSetupPage('revoked', ctxFor('en'), { newerEmail })).html);
    expect(en).toContain('This link no longer works');
    expect(en).toContain('IT support for a new invitation');
    expect(en).not.toContain('h•••@example.co.jp');
    const ja = visibleText((await renderSetupPage('revoked', ctxFor('ja'), { newerEmail })).html);
    expect(ja).toContain('このリンクは無効になりました');
    expect(ja).toContain('招待の再送');
  });

  it('an unconfirmed submission never says that nothing was changed', async () => {
    const en = visibleText((await renderSetupPage('unconfirmed', ctxFor('en'), {})).html);
    expect(en).toContain('cannot tell whether your new password was set');
    expect(en).not.toMatch(/nothing was changed|not set/i);
    const ja = visibleText((await renderSetupPage('unconfirmed', ctxFor('ja'), {})).html);
    expect(ja).toContain('確認できません');
    expect(ja).not.toContain('何も変更されていません');
  });

  it('an older link says when (in the person’s zone) and to which masked address the newer email went', async () => {
    const newerEmail = { sentAt: new Date('2027-03-26T01:30:00Z'), to: 'h•••@example.co.jp' };
    const ja = visibleText((await renderSetupPage('superseded', ctxFor('ja-JP'), { newerEmail })).html);
    expect(ja).toContain('新しいメールをお送りしています');
    expect(ja).toContain('2027年3月26日(金) 10:30 JST に h•••@example.co.jp 宛て');
    const en = visibleText(
      (await renderSetupPage('superseded', ctxFor('en', { timeZone: 'America/New_York' }), { newerEmail }))
        .html,
    );
    expect(en).toContain('A newer email was sent to you');
    expect(en).toContain('on Thursday, March 25, 2027 at 9:30 PM EDT to h•••@example.co.jp');
    expect(en).not.toContain('hanako');
    // Without the details (hires invited before they were recorded) it still points to the newer email.
    expect(visibleText((await renderSetupPage('superseded', ctxFor('en'), {})).html)).toContain(
      'replaced by a newer one that we sent you by email',
    );
  });

  it('publishes a CSP that allows exactly its own style element', async () => {
    const { createHash } = await import('node:crypto');
    const html = (await renderSetupPage('form', ctxFor('en'), {})).html;
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const hash = createHash('sha256').update(css).digest('base64');
    expect(SETUP_PAGE_POLICY.styleSha256).toBe(hash);
  });
});
