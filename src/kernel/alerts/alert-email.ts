/**
 * Admin alerts: what happened to which hire, and the exact next step. Only the alert messages are imported,
 * so a Lambda that sends alerts bundles nothing else.
 */

import { type Block, text } from '../email/blocks';
import { ALERT_MESSAGES, COMMON_MESSAGES, translator } from '../email/catalog';
import { staffEmail } from '../email/common';
import { CalendarDate, type Run } from '../email/format';
import type { AlertData, EmailContext, RenderedEmail } from '../email/types';
import { mixedScripts } from '../hire/user-name';
import { alertChatNotification } from './alert-chat';
import type { ChatNotification } from './chat-notification';

/** The alert email and, for the chat channels, the same alert as a custom notification (no id yet). */
export type AlertEmail = RenderedEmail & { chat: Omit<ChatNotification, 'id'> };

export type AlertKind = 'alert-failed' | 'alert-bounced' | 'alert-escalated' | 'alert-waiting' | 'alert-hr';

export const KNOWN_ALERTS = [
  'UnknownUser',
  'WaitingForDirectoryAccount',
  'DirectoryDataAccessDisabled',
  'WorkspaceNotOurs',
  'WorkspaceError',
  'ProvisioningTimeout',
  'WorkspaceUnhealthy',
  'Bounce',
  'Complaint',
  'RemindersExhausted',
  'UserNameChangeRefused',
  'DirectoryChangeRefused',
  'HireCancelled',
  'HrRecordIncomplete',
  'HrRecordMismatch',
] as const;
type KnownAlert = (typeof KNOWN_ALERTS)[number];

const isKnown = (what: string): what is KnownAlert => (KNOWN_ALERTS as readonly string[]).includes(what);

const quote = (value: string) => (/^[\w.:#-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

/**
 * The admin command that resolves it (`npm run admin -- <command>`, which takes the employee id): a new
 * address when the mail itself failed, a look at the hire when HR or the directory must act, the AWS CLI
 * call that removes a WorkSpace nobody needs.
 */
export function nextCommand(what: string, employeeId: string, facts: Record<string, string> = {}): string {
  const id = quote(employeeId);
  switch (what) {
    case 'Bounce':
    case 'Complaint':
      return `reinvite ${id} --email NEW_ADDRESS`;
    case 'WorkspaceNotOurs':
      return `adopt ${id}`;
    case 'WaitingForDirectoryAccount':
    case 'UserNameChangeRefused':
    case 'DirectoryChangeRefused':
      return `status ${id}`;
    case 'HrRecordIncomplete':
    case 'HrRecordMismatch':
      // A preset source's hire is named by its hire id (`hibob-<employee id>`) in the admin commands.
      return `status ${quote(facts.hireId ?? employeeId)}`;
    case 'DirectoryDataAccessDisabled':
      return `aws ds enable-directory-data-access --directory-id ${quote(facts.directoryId ?? 'DIRECTORY_ID')} --region ${quote(facts.region ?? 'REGION')}`;
    case 'HireCancelled':
      return `aws workspaces terminate-workspaces --terminate-workspace-requests WorkspaceId=${quote(facts.workspaceId ?? 'WORKSPACE_ID')}`;
    default:
      return `reinvite ${id}`;
  }
}

export async function renderAlertEmail(
  kind: AlertKind,
  ctx: EmailContext,
  data: AlertData,
): Promise<AlertEmail> {
  const t = await translator([ALERT_MESSAGES, COMMON_MESSAGES], ctx.locale, ctx.defaultLocale, ctx.timeZone);
  const section = kind.slice('alert-'.length) as 'failed' | 'bounced' | 'escalated' | 'waiting' | 'hr';
  const known = isKnown(data.what) ? data.what : undefined;
  const account = data.directoryAccount;
  const args = {
    ...(account ?? {}),
    ...(account ? { startDate: new CalendarDate(account.startDate) } : {}),
    ...data.facts,
    what: data.what,
    // Subjects and preheaders name the alert in plain words; the body keeps the code for a search.
    summary: t.text(known ? `alert.summary.${known}` : 'alert.summary.other'),
    employeeId: data.hire.employeeId,
    hireId: data.hire.hireId,
    stage: data.hire.stage,
    email: data.hire.email ?? t.text('alert.emailUnknown'),
    company: ctx.company.name,
  };
  const subject = t.text(`alert.${section}.subject`, args);
  const preheader = t.text('alert.preheader', args);
  const p = (runs: Run[], small?: boolean): Block =>
    small ? { t: 'p', text: runs, small } : { t: 'p', text: runs };

  const blocks: Block[] = [
    p(t.runs('alert.greeting')),
    { t: 'h1', text: t.runs(`alert.${section}.title`) },
    { t: 'h2', text: t.runs('alert.happened.title') },
    {
      t: 'box',
      tone: kind === 'alert-failed' || kind === 'alert-bounced' ? 'danger' : 'warn',
      body: [p(t.runs(known ? `alert.what.${known}` : 'alert.what.other', args))],
    },
  ];
  const command = nextCommand(data.what, data.hire.employeeId, data.facts);
  const statusCommand = `status ${quote(data.facts?.hireId ?? data.hire.employeeId)}`;
  // A user name of letters from several scripts may pass for another one (Cyrillic а for Latin a).
  const mixedScriptRows = (userName: string) => {
    const scripts = mixedScripts(userName);
    if (!scripts) return [];
    return [
      {
        label: t.text('alert.userName.mixed'),
        value: t.runs('alert.userName.mixedValue', { scripts: scripts.join(' + ') }),
      },
    ];
  };
  if (account) {
    const row = (key: Parameters<typeof t.text>[0], value: string, mono = false) => ({
      label: t.text(key),
      value: text(value),
      ...(mono ? { mono } : {}),
    });
    blocks.push(
      { t: 'h2', text: t.runs('alert.account.title') },
      {
        t: 'details',
        rows: [
          row('alert.account.userName', account.userName, true),
          ...mixedScriptRows(account.userName),
          row('alert.account.directoryId', account.directoryId),
          ...(account.alias ? [row('alert.account.alias', account.alias)] : []),
          ...(account.directoryName ? [row('alert.account.directoryName', account.directoryName)] : []),
          ...(account.directoryType ? [row('alert.account.directoryType', account.directoryType)] : []),
          row('alert.account.region', account.region),
          { label: t.text('alert.account.until'), value: t.runs('alert.account.untilValue', args) },
        ],
      },
    );
  }
  if (data.detail) {
    blocks.push({ t: 'h3', text: t.runs('alert.detail.title') }, { t: 'code', text: data.detail });
  }
  blocks.push(
    { t: 'h2', text: t.runs('alert.todo.title') },
    p(t.runs(known ? `alert.todo.${known}` : 'alert.todo.other', args)),
    { t: 'code', text: command },
    ...(command === statusCommand
      ? []
      : [p(t.runs('alert.statusHint'), true), { t: 'code' as const, text: statusCommand }]),
    { t: 'h2', text: t.runs('alert.hire.title') },
    {
      t: 'details',
      rows: [
        { label: t.text('alert.hire.employeeId'), value: text(data.hire.employeeId), mono: true },
        { label: t.text('alert.hire.hireId'), value: text(data.hire.hireId) },
        { label: t.text('alert.hire.stage'), value: text(data.hire.stage) },
        ...(data.hire.email ? [{ label: t.text('alert.hire.email'), value: text(data.hire.email) }] : []),
        ...(data.hire.userName
          ? [
              { label: t.text('alert.hire.userName'), value: text(data.hire.userName), mono: true },
              ...mixedScriptRows(data.hire.userName),
            ]
          : []),
      ],
    },
  );
  if (data.adminUrlHint) blocks.push(p(t.runs('alert.admin', { adminUrl: data.adminUrlHint })));

  const chat = alertChatNotification({ t, section, known, data, args, command, statusCommand });
  return { ...staffEmail(ctx, t, { subject, preheader, blocks }), chat };
}
