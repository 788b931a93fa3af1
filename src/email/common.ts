import { type Block, renderHtml, renderText, text } from './blocks';
import type { COMMON_MESSAGES, KeyOf, Translator } from './catalog';
import type { Run } from './format';
import type { EmailContext, RenderedEmail } from './types';

/** Support contact lines; empty entries are left out. */
export function contactItems(t: Translator<KeyOf<typeof COMMON_MESSAGES>>, ctx: EmailContext): Run[][] {
  const c = ctx.company.supportContact;
  const items = [t.runs('contact.email', { email: c.email })];
  if (c.phone) items.push(t.runs('contact.phone', { phone: c.phone }));
  if (c.url) items.push(t.runs('contact.web', { url: c.url }));
  return items;
}

export function withPrefix(subject: string, prefix: string | undefined): string {
  const p = prefix?.trim();
  return oneLine(p ? `${p} ${subject}` : subject);
}

/** Header values must never carry a line break (header injection), whatever a name contains. */
export function oneLine(value: string): string {
  return value.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
}

export const plain = (value: string): Block => ({ t: 'p', text: text(value) });

/**
 * An email to staff (admins, managers, the network team): no footer of the hire emails, the subject with the
 * configured prefix, both renderings of the same blocks.
 */
export function staffEmail(
  ctx: EmailContext,
  locale: string,
  parts: { subject: string; preheader: string; blocks: Block[] },
): RenderedEmail {
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
    subject: withPrefix(parts.subject, ctx.subjectPrefix),
    preheader,
    html: renderHtml(doc),
    text: renderText(doc),
    locale,
  };
}
