/**
 * Localized emails and setup pages, as pure rendering: no I/O, no dependencies beyond Intl.
 * Messages live in templates/messages/<locale>/<part>.json (see catalog.ts); layout in blocks.ts.
 *
 * This module has every renderer, for tests, previews and tools. Lambdas import the one they use from its
 * own module (invitation.ts, reminders.ts, alerts.ts, setup-page.ts) so their bundles carry only its code
 * and messages.
 */
import { type AlertKind, renderAlertEmail } from './alerts';
import type { HireEmailKind } from './hire-email';
import { renderInvitationEmail } from './invitation';
import { type ReminderKind, renderReminderEmail } from './reminders';
import type { AlertData, EmailContext, InvitationData, RenderedEmail } from './types';

export { EmailDataError } from '../domain/errors';
export { type AlertKind, KNOWN_ALERTS, nextCommand, renderAlertEmail } from './alerts';
export { escapeHtml } from './blocks';
export { chooseLocale, SUPPORTED_LOCALES } from './catalog';
export type { HireEmailKind } from './hire-email';
export { hasActiveDirectory, renderInvitationEmail } from './invitation';
export { displayName, STREAMING_PORT, workspacesLoginLink } from './links';
export { type AllowlistChangeData, renderAllowlistChangeEmail } from './network-change';
export { type ReminderKind, renderReminderEmail } from './reminders';
export {
  renderSetupPage,
  SETUP_ERROR_CODES,
  type SetupPageData,
  type SetupPageKind,
  setupPageContentSecurityPolicy,
} from './setup-page';
export type { AlertData, EmailContext, EmailKind, InvitationData, RenderedEmail } from './types';

export function renderEmail(
  kind: 'invitation' | 'reminder-password' | 'reminder-connect',
  ctx: EmailContext,
  data: InvitationData,
): RenderedEmail;
export function renderEmail(kind: AlertKind, ctx: EmailContext, data: AlertData): RenderedEmail;
export function renderEmail(
  kind: HireEmailKind | AlertKind,
  ctx: EmailContext,
  data: InvitationData | AlertData,
): RenderedEmail {
  if (kind.startsWith('alert-')) return renderAlertEmail(kind as AlertKind, ctx, data as AlertData);
  if (kind === 'invitation') return renderInvitationEmail(ctx, data as InvitationData);
  return renderReminderEmail(kind as ReminderKind, ctx, data as InvitationData);
}
