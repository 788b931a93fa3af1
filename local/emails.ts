/**
 * Localized emails and setup pages, as pure rendering: no I/O, no dependencies beyond Intl.
 * Messages live in templates/messages/<locale>/<part>.json (see catalog.ts); layout in blocks.ts.
 *
 * This module has every renderer, for tests, previews and tools. Lambdas import the one they use from its
 * own module (invitation.ts, reminders.ts, alerts.ts, setup-page.ts) so their bundles carry only its code
 * and messages.
 */

import { renderInvitationEmail } from '../src/invitations/invitation-email';
import { type AlertKind, renderAlertEmail } from '../src/kernel/alerts/alert-email';
import type { HireEmailKind } from '../src/kernel/email/hire-email';
import type { AlertData, EmailContext, InvitationData, RenderedEmail } from '../src/kernel/email/types';
import { type ReminderKind, renderReminderEmail } from '../src/tracking/emails/reminder-emails';

export { hasActiveDirectory, renderInvitationEmail } from '../src/invitations/invitation-email';
export {
  type AlertKind,
  KNOWN_ALERTS,
  nextCommand,
  renderAlertEmail,
} from '../src/kernel/alerts/alert-email';
export { escapeHtml } from '../src/kernel/email/blocks';
export { chooseLocale, SUPPORTED_LOCALES } from '../src/kernel/email/catalog';
export type { HireEmailKind } from '../src/kernel/email/hire-email';
export { displayName, STREAMING_PORT, workspacesLoginLink } from '../src/kernel/email/links';
export type {
  AlertData,
  EmailContext,
  EmailKind,
  InvitationData,
  RenderedEmail,
} from '../src/kernel/email/types';
export { EmailDataError } from '../src/kernel/errors';
export {
  type AllowlistChangeData,
  renderAllowlistChangeEmail,
} from '../src/network/emails/network-change-email';
export { type ReminderKind, renderReminderEmail } from '../src/tracking/emails/reminder-emails';
export {
  renderSetupPage,
  SETUP_ERROR_CODES,
  type SetupPageData,
  type SetupPageKind,
} from '../src/tracking/emails/setup-page';

export function renderEmail(
  kind: 'invitation' | 'reminder-password' | 'reminder-connect',
  ctx: EmailContext,
  data: InvitationData,
): Promise<RenderedEmail>;
export function renderEmail(kind: AlertKind, ctx: EmailContext, data: AlertData): Promise<RenderedEmail>;
export function renderEmail(
  kind: HireEmailKind | AlertKind,
  ctx: EmailContext,
  data: InvitationData | AlertData,
): Promise<RenderedEmail> {
  if (kind.startsWith('alert-')) return renderAlertEmail(kind as AlertKind, ctx, data as AlertData);
  if (kind === 'invitation') return renderInvitationEmail(ctx, data as InvitationData);
  return renderReminderEmail(kind as ReminderKind, ctx, data as InvitationData);
}
