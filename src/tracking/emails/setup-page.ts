/**
 * The pages of the hosted password setup (GET/POST /setup/{token}). No scripts and no inline style
 * attributes: one <style> element whose hash is in SETUP_PAGE_CSP, so the handler can send a strict policy.
 */

import { escapeHtml } from '../../kernel/email/blocks';
import {
  COMMON_MESSAGES,
  type KeyOf,
  SETUP_PAGE_MESSAGES,
  type Translator,
  translator,
} from '../../kernel/email/catalog';
import { contactItems } from '../../kernel/email/common';
import type { Run } from '../../kernel/email/format';
import { identitySourceArgs } from '../../kernel/email/hire-email';
import type { EmailContext } from '../../kernel/email/types';
import type { SignIn } from '../../kernel/hire/sign-in';
import type { PagePolicy } from '../../kernel/http/security-headers';

export type SetupPageKind =
  | 'form'
  | 'done'
  | 'invalid'
  | 'expired'
  | 'used'
  | 'too-many-attempts'
  | 'superseded'
  | 'sign-in-elsewhere'
  | 'revoked'
  | 'unconfirmed';

export interface SetupPageData {
  userName?: string;
  /**
   * Why the last attempt failed: codes `too-short`, `too-long`, `missing-upper`, `missing-lower`,
   * `missing-digit`, `missing-symbol`, `mismatch`, `rejected`, `unavailable` are translated; any other text
   * is shown as is.
   */
  errors?: string[];
  /** Where the form posts; the page's own URL when absent. */
  formAction?: string;
  /**
   * `superseded`: the newer email, sent at `sentAt` (shown in the context's time zone) to `to`, which must
   * already be masked (src/kernel/hire/mask-email.ts): the page is shown to whoever holds an old link.
   */
  newerEmail?: { sentAt: Date; to: string };
  /** `sign-in-elsewhere`: how the person signs in now that the directory needs no password of ours. */
  signIn?: SignIn;
}

export const SETUP_ERROR_CODES = [
  'too-short',
  'too-long',
  'missing-upper',
  'missing-lower',
  'missing-digit',
  'missing-symbol',
  'mismatch',
  'rejected',
  'unavailable',
] as const;

const STATUS: Record<SetupPageKind, number> = {
  form: 200,
  done: 200,
  invalid: 422,
  expired: 410,
  used: 410,
  'too-many-attempts': 429,
  // Gone for good, like an expired link: no request to this URL will ever work again (409 would suggest
  // that resolving a conflict and repeating the request could).
  superseded: 410,
  // The directory signs people in another way now (SAML 2.0, IAM Identity Center): this link is done for.
  'sign-in-elsewhere': 410,
  // Turned off after a bounce or complaint: only a new invitation gives a working link.
  revoked: 410,
  // The directory call got no answer in time: the password may or may not be set.
  unconfirmed: 503,
};

const CSS = `*{box-sizing:border-box}
body{margin:0;background:#f2f4f7;color:#1f2328;font:16px/1.6 -apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,'Helvetica Neue',Arial,'Hiragino Kaku Gothic ProN','Hiragino Sans',Meiryo,sans-serif}
main{max-width:480px;margin:24px auto;padding:0 12px}
.card{background:#fff;border-radius:8px;overflow:hidden;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.brand{margin:0;padding:14px 20px;background:#0b5cab;color:#fff;font-weight:700;overflow-wrap:anywhere}
.body{padding:20px}
h1{margin:0 0 12px;font-size:22px;line-height:1.3}
.user{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-weight:700;overflow-wrap:anywhere}
.errors{margin:0 0 16px;padding:12px 16px;background:#fdf0ef;border-left:4px solid #c4320a;border-radius:4px}
.errors p{margin:0}
.errors ul{margin:4px 0 0;padding-left:20px}
.policy{margin:0 0 16px;padding:12px 16px;background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;font-size:14px}
.policy ul{margin:4px 0 0;padding-left:20px}
label{display:block;margin:12px 0 4px;font-weight:700}
input[type=password]{width:100%;padding:10px 12px;font-size:16px;border:1px solid #8c959f;border-radius:6px}
input[type=password]:focus{outline:3px solid #80b3e6;border-color:#0b5cab}
button{margin-top:18px;width:100%;padding:12px;font-size:16px;font-weight:700;color:#fff;background:#0b5cab;border:0;border-radius:6px;cursor:pointer}
.note{font-size:13px;color:#57606a}
.hidden{display:none}
a{color:#0b5cab;overflow-wrap:anywhere}`;

/**
 * base64 SHA-256 of CSS, precomputed so the page needs no hashing at run time. Change CSS, change this:
 * test/unit/email.test.ts recomputes it from the rendered page.
 */
const CSS_SHA256 = '5Jhe7k7BUiJ46KsNOE7lqNwmNWNzGbaHJ6v5rwKVBWU=';

/** What these pages may do (their Content-Security-Policy): their own style element, a form posting back. */
export const SETUP_PAGE_POLICY: PagePolicy = { styleSha256: CSS_SHA256, formAction: "'self'" };

const TABLES = [COMMON_MESSAGES, SETUP_PAGE_MESSAGES];
type PageTranslator = Translator<KeyOf<(typeof TABLES)[number]>>;

function runsHtml(runs: Run[]): string {
  return runs
    .map((r) =>
      r.arg === 'userName' || r.arg === 'address'
        ? `<span class="user">${escapeHtml(r.text)}</span>`
        : escapeHtml(r.text),
    )
    .join('');
}

export async function renderSetupPage(
  kind: SetupPageKind,
  ctx: EmailContext,
  data: SetupPageData,
): Promise<{ status: number; html: string }> {
  const t = await translator(TABLES, ctx.locale, ctx.defaultLocale, ctx.timeZone);
  const company = ctx.company.name;
  const userName = data.userName;
  const para = (runs: Run[], cls?: string) => `<p${cls ? ` class="${cls}"` : ''}>${runsHtml(runs)}</p>`;
  const contact = () =>
    para(t.runs('page.contact', { company })) +
    `<ul>${contactItems(t, ctx)
      .map(
        (item) =>
          `<li>${item
            .map((r) => {
              const href =
                r.arg === 'email'
                  ? `mailto:${r.text}`
                  : r.arg === 'url' && /^https?:\/\//i.test(r.text)
                    ? r.text
                    : r.arg === 'phone'
                      ? `tel:${r.text.replace(/[^\d+]/g, '')}`
                      : undefined;
              return href ? `<a href="${escapeHtml(href)}">${escapeHtml(r.text)}</a>` : escapeHtml(r.text);
            })
            .join('')}</li>`,
      )
      .join('')}</ul>`;

  let heading: string;
  let body: string;
  switch (kind) {
    case 'form':
    case 'invalid': {
      heading = t.text(kind === 'form' ? 'page.form.heading' : 'page.invalid.heading');
      const errors = kind === 'invalid' ? (data.errors ?? []) : [];
      const policy = (['length', 'upper', 'lower', 'digit', 'symbol'] as const).map(
        (rule) => `<li>${escapeHtml(t.text(`page.policy.${rule}`))}</li>`,
      );
      body =
        (errors.length || kind === 'invalid'
          ? `<div class="errors" role="alert"><p>${escapeHtml(t.text('page.invalid.intro'))}</p><ul>${errors
              .map((e) => `<li>${escapeHtml(errorText(t, e))}</li>`)
              .join('')}</ul></div>`
          : '') +
        para(userName ? t.runs('page.form.introUser', { userName }) : t.runs('page.form.intro')) +
        `<div class="policy"><strong>${escapeHtml(t.text('page.policy.title'))}</strong><ul>${policy.join('')}</ul></div>` +
        `<form method="post"${data.formAction ? ` action="${escapeHtml(data.formAction)}"` : ''} accept-charset="utf-8">` +
        // Lets password managers file the new password under the right account; unnamed, so never posted.
        (userName
          ? `<input class="hidden" type="text" autocomplete="username" value="${escapeHtml(userName)}" readonly tabindex="-1" aria-hidden="true">`
          : '') +
        `<label for="password">${escapeHtml(t.text('page.form.password'))}</label>` +
        `<input id="password" name="password" type="password" autocomplete="new-password" minlength="8" maxlength="64" required>` +
        `<label for="confirm">${escapeHtml(t.text('page.form.confirm'))}</label>` +
        `<input id="confirm" name="confirm" type="password" autocomplete="new-password" minlength="8" maxlength="64" required>` +
        `<button type="submit">${escapeHtml(t.text('page.form.submit'))}</button>` +
        `</form>` +
        para(t.runs('page.form.privacy'), 'note');
      break;
    }
    case 'done':
      heading = t.text('page.done.heading');
      body = para(userName ? t.runs('page.done.bodyUser', { userName }) : t.runs('page.done.body'));
      break;
    case 'expired':
      heading = t.text('page.expired.heading');
      body = para(t.runs('page.expired.body', { company })) + contact();
      break;
    case 'used':
      heading = t.text('page.used.heading');
      body = para(t.runs('page.used.body', { company })) + contact();
      break;
    case 'superseded': {
      heading = t.text('page.superseded.heading');
      const newer = data.newerEmail;
      body =
        para(
          newer
            ? t.runs('page.superseded.body', { sentAt: newer.sentAt, address: newer.to })
            : t.runs('page.superseded.bodyUndated'),
        ) +
        para(t.runs('page.superseded.next', { company })) +
        contact();
      break;
    }
    case 'sign-in-elsewhere': {
      heading = t.text('page.elsewhere.heading');
      const mode = data.signIn?.mode;
      const url = data.signIn?.userAccessUrl;
      body =
        para(
          t.runs('page.elsewhere.body', {
            company,
            signIn: mode === 'saml' ? 'saml' : mode === 'identity-center' ? 'identityCenter' : 'company',
            ...(data.signIn ? identitySourceArgs(data.signIn) : { idSource: 'unknown', idp: '' }),
          }),
        ) +
        (url && /^https?:\/\//i.test(url)
          ? `<p>${escapeHtml(t.text('page.elsewhere.page'))} <a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`
          : '') +
        contact();
      break;
    }
    case 'revoked':
      heading = t.text('page.revoked.heading');
      body = para(t.runs('page.revoked.body', { company })) + contact();
      break;
    case 'unconfirmed':
      heading = t.text('page.unconfirmed.heading');
      body = para(t.runs('page.unconfirmed.body')) + contact();
      break;
    case 'too-many-attempts':
      heading = t.text('page.tooMany.heading');
      body = para(t.runs('page.tooMany.body', { company })) + contact();
      break;
  }

  const html =
    `<!DOCTYPE html>\n<html lang="${escapeHtml(t.locale)}">\n<head>\n<meta charset="utf-8">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<meta name="robots" content="noindex, nofollow">\n<meta name="referrer" content="no-referrer">\n` +
    `<title>${escapeHtml(`${t.text('page.title')} | ${company}`)}</title>\n<style>${CSS}</style>\n</head>\n` +
    `<body>\n<main><div class="card"><p class="brand">${escapeHtml(company)}</p><div class="body">\n` +
    `<h1>${escapeHtml(heading)}</h1>\n${body}\n</div></div></main>\n</body>\n</html>\n`;
  return { status: STATUS[kind], html };
}

function errorText(t: PageTranslator, error: string): string {
  return isErrorCode(error) ? t.text(`page.error.${error}`) : error;
}

const isErrorCode = (error: string): error is (typeof SETUP_ERROR_CODES)[number] =>
  (SETUP_ERROR_CODES as readonly string[]).includes(error);
