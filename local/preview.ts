/**
 * `npm run preview`: renders every email × locale × variant and every setup page with the sample data
 * of test/fixtures/email, and the public network page, into preview/, with an index.html to open in a browser.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { invitationSignIn } from '../src/kernel/email/hire-email';
import { maskEmail } from '../src/kernel/hire/mask-email';
import { needsPasswordSetup } from '../src/kernel/hire/sign-in';
import { renderNetworkPage } from '../src/network/emails/network-page-html';
import { renderReadinessEmail } from '../src/tracking/emails/readiness-email';
import { allowlistChangeSample, networkPageSamples } from '../test/fixtures/email/network-change';
import {
  alerts,
  contexts,
  invitation,
  invitationVariants,
  readinessSamples,
} from '../test/fixtures/email/samples';
import {
  escapeHtml,
  renderAllowlistChangeEmail,
  renderEmail,
  renderSetupPage,
  SUPPORTED_LOCALES,
} from './emails';

const OUT = resolve(import.meta.dirname, '..', 'preview');
const HIRE_KINDS = ['invitation', 'reminder-password', 'reminder-connect'] as const;
const PAGE_KINDS = [
  'form',
  'invalid',
  'done',
  'expired',
  'used',
  'too-many-attempts',
  'superseded',
  'sign-in-elsewhere',
  'revoked',
  'unconfirmed',
] as const;

interface Entry {
  group: string;
  name: string;
  locale: string;
  files: { label: string; href: string }[];
  subject?: string;
}

function contextFor(locale: string) {
  return locale === 'ja' ? contexts.ja : { ...contexts.en, locale };
}

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const entries: Entry[] = [];
  const write = (file: string, body: string) => writeFileSync(join(OUT, file), body);

  for (const locale of SUPPORTED_LOCALES) {
    const ctx = contextFor(locale);
    for (const kind of HIRE_KINDS) {
      for (const variant of invitationVariants) {
        // A password reminder only exists where there is a password to set.
        if (kind === 'reminder-password' && !needsPasswordSetup(invitationSignIn(invitation(variant))))
          continue;
        const data = invitation(variant, kind === 'invitation' ? {} : { reminderNumber: 2 });
        const email = await renderEmail(kind, ctx, data);
        const base = `${kind}--${variant}--${locale}`;
        write(`${base}.html`, email.html);
        write(`${base}.txt`, `Subject: ${email.subject}\nPreheader: ${email.preheader}\n\n${email.text}`);
        entries.push({
          group: kind,
          name: variant,
          locale,
          subject: email.subject,
          files: [
            { label: 'HTML', href: `${base}.html` },
            { label: 'text', href: `${base}.txt` },
          ],
        });
      }
    }
    for (const [name, { kind, data }] of Object.entries(alerts)) {
      const email = await renderEmail(kind, ctx, data);
      const base = `${kind}--${name}--${locale}`;
      write(`${base}.html`, email.html);
      write(`${base}.txt`, `Subject: ${email.subject}\nPreheader: ${email.preheader}\n\n${email.text}`);
      entries.push({
        group: kind,
        name,
        locale,
        subject: email.subject,
        files: [
          { label: 'HTML', href: `${base}.html` },
          { label: 'text', href: `${base}.txt` },
        ],
      });
    }
    {
      const email = await renderAllowlistChangeEmail(ctx, allowlistChangeSample());
      const base = `network-change--ap-northeast-1--${locale}`;
      write(`${base}.html`, email.html);
      write(`${base}.txt`, `Subject: ${email.subject}\nPreheader: ${email.preheader}\n\n${email.text}`);
      entries.push({
        group: 'network-change',
        name: 'ap-northeast-1, IPv4 and IPv6, Global Accelerator on',
        locale,
        subject: email.subject,
        files: [
          { label: 'HTML', href: `${base}.html` },
          { label: 'text', href: `${base}.txt` },
        ],
      });
    }
    for (const [name, view] of Object.entries(networkPageSamples())) {
      const page = await renderNetworkPage(ctx, view);
      const slug = name
        .replace(/[^a-z0-9]+/gi, '-')
        .replace(/^-|-$/g, '')
        .toLowerCase();
      const base = `network-page--${slug}--${locale}`;
      write(`${base}.html`, page.html);
      entries.push({
        group: 'network page (GET /network/{region})',
        name,
        locale,
        files: [{ label: 'HTML', href: `${base}.html` }],
      });
    }
    for (const [name, data] of Object.entries(readinessSamples)) {
      const email = await renderReadinessEmail(ctx, data);
      const base = `readiness--${name}--${locale}`;
      write(`${base}.html`, email.html);
      write(`${base}.txt`, `Subject: ${email.subject}\nPreheader: ${email.preheader}\n\n${email.text}`);
      entries.push({
        group: 'readiness check (to the manager)',
        name,
        locale,
        subject: email.subject,
        files: [
          { label: 'HTML', href: `${base}.html` },
          { label: 'text', href: `${base}.txt` },
        ],
      });
    }
    for (const kind of PAGE_KINDS) {
      const page = await renderSetupPage(kind, ctx, {
        userName: 'hyamada',
        errors: ['too-short', 'missing-symbol', 'mismatch'],
        newerEmail: {
          sentAt: new Date('2027-03-26T01:30:00Z'),
          to: maskEmail('hanako.yamada@example.co.jp'),
        },
        signIn: { mode: 'saml', userAccessUrl: 'https://idp.example.co.jp/app/amazon-workspaces/sso' },
      });
      const base = `setup-page--${kind}--${locale}`;
      write(`${base}.html`, page.html);
      entries.push({
        group: 'setup page',
        name: `${kind} (HTTP ${page.status})`,
        locale,
        files: [{ label: 'HTML', href: `${base}.html` }],
      });
    }
  }

  const groups = [...new Set(entries.map((e) => e.group))];
  const index =
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>Email and page preview</title><style>body{font:15px/1.5 system-ui,sans-serif;margin:24px;color:#1f2328}` +
    `table{border-collapse:collapse;width:100%;margin-bottom:24px}td,th{border-bottom:1px solid #d0d7de;padding:6px 8px;text-align:left;vertical-align:top}` +
    `th{background:#f6f8fa}a{color:#0b5cab}</style></head><body><h1>Email and page preview</h1>` +
    `<p>Rendered from <code>test/fixtures/email</code> at ${escapeHtml(new Date().toISOString())}. ` +
    `Locales: ${SUPPORTED_LOCALES.map(escapeHtml).join(', ')}.</p>` +
    groups
      .map(
        (group) =>
          `<h2>${escapeHtml(group)}</h2><table><tr><th>variant</th><th>locale</th><th>subject</th><th>open</th></tr>` +
          entries
            .filter((e) => e.group === group)
            .map(
              (e) =>
                `<tr><td>${escapeHtml(e.name)}</td><td>${escapeHtml(e.locale)}</td><td>${escapeHtml(e.subject ?? '')}</td><td>` +
                e.files.map((f) => `<a href="${escapeHtml(f.href)}">${escapeHtml(f.label)}</a>`).join(' · ') +
                `</td></tr>`,
            )
            .join('') +
          `</table>`,
      )
      .join('') +
    `</body></html>\n`;
  write('index.html', index);
  console.log(`${entries.length} previews written; open ${join(OUT, 'index.html')}`);
}

await main();
