import { type Block, renderHtml, renderText, text } from './blocks';
import type { COMMON_MESSAGES, KeyOf, Translator } from './catalog';
import type { Run } from './format';
import type { EmailContext, RenderedEmail } from './types';

/** Support contact lines; empty entries are left out. */
/** A translator that speaks at least the common messages (COMMON_MESSAGES among its tables). */
export type CommonTranslator = Translator<KeyOf<typeof COMMON_MESSAGES>>;

export function contactItems(t: CommonTranslator, ctx: EmailContext): Run[][] {
  const c = ctx.company.supportContact;
  const items = [t.runs('contact.email', { email: c.email })];
  if (c.phone) items.push(t.runs('contact.phone', { phone: c.phone }));
  if (c.url) items.push(t.runs('contact.web', { url: c.url }));
  return items;
}

/**
 * Every subject carries one brand, put here and nowhere else: the configured prefix, else the company name
 * as the subject's language writes a sender's tag (`[Example Corp]`, `【Example Corp】`).
 */
export function brandedSubject(subject: string, ctx: EmailContext, t: CommonTranslator): string {
  const prefix = ctx.subjectPrefix?.trim();
  if (prefix) return oneLine(`${prefix} ${subject}`);
  return oneLine(t.text('brand.subject', { company: ctx.company.name, subject }));
}

/** Header values must never carry a line break (header injection), whatever a name contains. */
export function oneLine(value: string): string {
  return value.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
}

export const plain = (value: string): Block => ({ t: 'p', text: text(value) });

/**
 * An email to staff (admins, managers, the network team): no footer of the hire emails, the branded
 * subject, both renderings of the same blocks.
 */
export function staffEmail(
  ctx: EmailContext,
  t: CommonTranslator,
  parts: { subject: string; preheader: string; blocks: Block[] },
): RenderedEmail {
  const { locale } = t;
  const preheader = oneLine(parts.preheader);
  const doc = {
    lang: locale,
    title: oneLine(parts.subject),
    preheader,
    brand: ctx.company.name,
    blocks: parts.blocks,
    footer: [],
  };
  return {
    subject: brandedSubject(parts.subject, ctx, t),
    preheader,
    html: renderHtml(doc),
    text: renderText(doc),
    locale,
  };
}
