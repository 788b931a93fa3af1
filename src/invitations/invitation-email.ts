/**
 * The invitation: what the person got, by when, the steps in order, the network check, printing and whom to
 * ask. Only the invitation's messages are imported, so a Lambda that sends it bundles nothing else.
 */
import type { Block } from '../kernel/email/blocks';
import {
  COMMON_MESSAGES,
  HIRE_EMAIL_MESSAGES,
  INVITATION_MESSAGES,
  type KeyOf,
  type Translator,
  translator,
} from '../kernel/email/catalog';
import {
  contactBlocks,
  detailsBlock,
  type Facts,
  facts,
  hireEmail,
  networkBlocks,
  p,
  stepsBlocks,
} from '../kernel/email/hire-email';
import type { EmailContext, InvitationData, RenderedEmail } from '../kernel/email/types';

/** Directory types whose WorkSpaces sit in an Active Directory that can publish network printers. */
const ACTIVE_DIRECTORY_TYPES = new Set(['MANAGED_AD', 'AD_CONNECTOR', 'CUSTOMER_MANAGED']);

export function hasActiveDirectory(directoryType: string): boolean {
  return ACTIVE_DIRECTORY_TYPES.has(directoryType.toUpperCase());
}

const TABLES = [COMMON_MESSAGES, HIRE_EMAIL_MESSAGES, INVITATION_MESSAGES];
type InvitationTranslator = Translator<KeyOf<(typeof TABLES)[number]>>;

function printingBlocks(t: InvitationTranslator, { args, data }: Facts): Block[] {
  return [
    { t: 'h2', text: t.runs('printing.title') },
    p(t.runs('printing.local')),
    p(t.runs('printing.noLocal')),
    p(
      t.runs(hasActiveDirectory(data.directory.type) ? 'printing.network.ad' : 'printing.network.none', args),
    ),
  ];
}

export async function renderInvitationEmail(ctx: EmailContext, data: InvitationData): Promise<RenderedEmail> {
  const t = await translator(TABLES, ctx.locale, ctx.defaultLocale, ctx.timeZone);
  const f = facts(t, ctx, data);
  const { args } = f;
  return hireEmail(f, {
    subject: t.text('invitation.subject', args),
    preheader: t.text('invitation.preheader', args),
    blocks: [
      p(t.runs('common.greeting', args)),
      { t: 'h1', text: t.runs('invitation.title') },
      p(t.runs('invitation.intro', args)),
      { t: 'box', tone: 'info', body: [p(t.runs('invitation.deadline', args))] },
      { t: 'h2', text: t.runs('details.title') },
      detailsBlock(f, true),
      ...stepsBlocks(f, true),
      ...networkBlocks(f, true),
      ...printingBlocks(t, f),
      ...contactBlocks(f),
    ],
  });
}
