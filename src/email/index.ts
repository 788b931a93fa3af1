/**
 * Localized emails and setup pages, as pure rendering: no I/O, no dependencies beyond Intl.
 * Messages live in templates/messages/<locale>.json; layout in blocks.ts.
 */
import { type AlertKind, renderAlertEmail } from './alerts';
import { type HireEmailKind, renderHireEmail } from './invitation';
import type { AlertData, EmailContext, InvitationData, RenderedEmail } from './types';

export { KNOWN_ALERTS, nextCommand } from './alerts';
export { escapeHtml } from './blocks';
export { chooseLocale, SUPPORTED_LOCALES } from './catalog';
export { hasActiveDirectory } from './invitation';
export { displayName, STREAMING_PORT, workspacesLoginLink } from './links';
export {
  renderSetupPage,
  SETUP_ERROR_CODES,
  type SetupPageData,
  type SetupPageKind,
  setupPageContentSecurityPolicy,
} from './setup-page';
export {
  type AlertData,
  type EmailContext,
  EmailDataError,
  type EmailKind,
  type InvitationData,
  type RenderedEmail,
} from './types';

export function renderEmail(
  kind: 'invitation' | 'reminder-password' | 'reminder-connect',
  ctx: EmailContext,
  data: InvitationData,
): RenderedEmail;
export function renderEmail(
  kind: 'alert-failed' | 'alert-bounced' | 'alert-escalated',
  ctx: EmailContext,
  data: AlertData,
): RenderedEmail;
export function renderEmail(
  kind: HireEmailKind | AlertKind,
  ctx: EmailContext,
  data: InvitationData | AlertData,
): RenderedEmail {
  if (kind.startsWith('alert-')) return renderAlertEmail(kind as AlertKind, ctx, data as AlertData);
  return renderHireEmail(kind as HireEmailKind, ctx, data as InvitationData);
}
