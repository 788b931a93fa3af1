/**
 * The two reminders: set your password (hosted setup only), and connect for the first time. Only their
 * messages are imported, so a Lambda that sends them bundles nothing else.
 */

import {
  COMMON_MESSAGES,
  HIRE_EMAIL_MESSAGES,
  REMINDER_MESSAGES,
  translator,
} from '../../kernel/email/catalog';
import {
  contactBlocks,
  detailsBlock,
  facts,
  hireEmail,
  networkBlocks,
  p,
  stepsBlocks,
} from '../../kernel/email/hire-email';
import type { EmailContext, InvitationData, RenderedEmail } from '../../kernel/email/types';
import { needsPasswordSetup } from '../../kernel/hire/sign-in';

export type ReminderKind = 'reminder-password' | 'reminder-connect';

const TABLES = [COMMON_MESSAGES, HIRE_EMAIL_MESSAGES, REMINDER_MESSAGES];

/** A password reminder for a hire with no password to set (company password, SAML, ...) is a connect reminder. */
export async function renderReminderEmail(
  kind: ReminderKind,
  ctx: EmailContext,
  data: InvitationData,
): Promise<RenderedEmail> {
  const t = await translator(TABLES, ctx.locale, ctx.defaultLocale, ctx.timeZone);
  const f = facts(t, ctx, data, () => ({
    tag: t.text('reminder.tag', { n: Math.max(1, Math.floor(data.reminderNumber ?? 1)) }),
  }));
  const { args } = f;
  const greeting = p(t.runs('common.greeting', args));

  if (kind === 'reminder-password' && needsPasswordSetup(f.signIn)) {
    return hireEmail(f, {
      subject: t.text('reminderPassword.subject', args),
      preheader: t.text('reminderPassword.preheader', args),
      blocks: [
        greeting,
        { t: 'h1', text: t.runs('reminderPassword.title') },
        p(t.runs('reminderPassword.intro', args)),
        {
          t: 'box',
          tone: 'warn',
          body: [
            p(t.runs('reminderPassword.deadline', args)),
            { t: 'button', href: data.setupUrl!, label: t.text('steps.password.hosted.button') },
            p(t.runs('steps.password.hosted.policy'), true),
          ],
        },
        p(t.runs('reminderPassword.ignore'), true),
        { t: 'h2', text: t.runs('details.title') },
        detailsBlock(f, false),
        ...stepsBlocks(f, true),
        ...networkBlocks(f, false),
        ...contactBlocks(f),
      ],
    });
  }
  // Password set (or nothing to set with a company password) but never connected: network first.
  return hireEmail(f, {
    subject: t.text('reminderConnect.subject', args),
    preheader: t.text('reminderConnect.preheader', args),
    blocks: [
      greeting,
      { t: 'h1', text: t.runs('reminderConnect.title') },
      p(t.runs('reminderConnect.intro', args)),
      { t: 'box', tone: 'warn', body: [p(t.runs('reminderConnect.networkFirst'))] },
      ...networkBlocks(f, true),
      { t: 'h2', text: t.runs('details.title') },
      detailsBlock(f, false),
      ...stepsBlocks(f, false),
      p(t.runs('reminderConnect.deadline', args)),
      ...contactBlocks(f),
    ],
  });
}
