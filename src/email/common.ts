import { type Block, text } from './blocks';
import type { COMMON_MESSAGES, KeyOf, Translator } from './catalog';
import type { Run } from './format';
import type { EmailContext } from './types';

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
