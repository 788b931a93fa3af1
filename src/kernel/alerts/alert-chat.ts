/**
 * An admin alert as a chat custom notification: the email's title, what happened and what to do, in the
 * same language and from the same messages. It carries what the alert email shows the admins, less the
 * hire's rows of personal data (email address, user name) that the texts do not already name: a channel is
 * often wider than the admin list, and `status` shows the rest.
 */
import type { ALERT_MESSAGES, COMMON_MESSAGES, KeyOf, Translator } from '../email/catalog';
import type { ArgValue } from '../email/format';
import type { AlertData } from '../email/types';
import type { ChatNotification } from './chat-notification';

/** Enough of a reported cause to recognise it in a channel; the email has all of it. */
const DETAIL_MAX_CHARS = 600;

export interface ChatAlertParts {
  t: Translator<KeyOf<typeof ALERT_MESSAGES | typeof COMMON_MESSAGES>>;
  section: 'failed' | 'bounced' | 'escalated' | 'waiting' | 'hr';
  /** The alert code when the messages know it (their `alert.what.<code>`), else undefined. */
  known: string | undefined;
  data: AlertData;
  args: Record<string, ArgValue>;
  command: string;
  statusCommand: string;
}

/** A code span that stays one: a backtick in a value would end it. */
const code = (value: string) => `\`${value.replace(/`/g, "'")}\``;

export function alertChatNotification(parts: ChatAlertParts): Omit<ChatNotification, 'id'> {
  const { t, section, known, data, args, command, statusCommand } = parts;
  const what = known ?? 'other';
  const row = (label: string, value: string) => `• ${label}: ${code(value)}`;
  const account = data.directoryAccount;
  const description = [
    t.text(`alert.what.${what}` as 'alert.what.other', args),
    '',
    `*${t.text('alert.hire.title')}*`,
    row(t.text('alert.hire.employeeId'), data.hire.employeeId),
    ...(data.hire.hireId === data.hire.employeeId
      ? []
      : [row(t.text('alert.hire.hireId'), data.hire.hireId)]),
    row(t.text('alert.hire.stage'), data.hire.stage),
    ...(account
      ? [
          '',
          `*${t.text('alert.account.title')}*`,
          row(t.text('alert.account.userName'), account.userName),
          row(t.text('alert.account.directoryId'), account.directoryId),
          row(t.text('alert.account.region'), account.region),
        ]
      : []),
    ...(data.detail
      ? ['', `*${t.text('alert.detail.title')}*`, '```', excerpt(data.detail).replace(/```/g, "'''"), '```']
      : []),
  ].join('\n');
  const resources = [data.facts?.workspaceId, account?.directoryId].filter((r): r is string => !!r);
  return {
    version: '1.0',
    source: 'custom',
    content: {
      textType: 'client-markdown',
      title: t.text(`alert.${section}.subject`, args),
      description,
      nextSteps: [
        `${t.text(`alert.todo.${what}` as 'alert.todo.other', args)} ${code(command)}`,
        ...(command === statusCommand ? [] : [`${t.text('alert.statusHint')} ${code(statusCommand)}`]),
      ],
      keywords: [data.what, data.hire.stage],
    },
    metadata: {
      // A hire's alerts share a thread where the channel threads notifications.
      threadId: data.hire.hireId,
      summary: String(args.summary),
      eventType: data.what,
      ...(resources.length ? { relatedResources: resources } : {}),
      additionalContext: {
        employeeId: data.hire.employeeId,
        hireId: data.hire.hireId,
        stage: data.hire.stage,
      },
    },
  };
}

function excerpt(detail: string): string {
  return detail.length <= DETAIL_MAX_CHARS ? detail : `${detail.slice(0, DETAIL_MAX_CHARS - 1)}…`;
}
