/**
 * The readiness check to a hire's manager (and, when configured, the admins): ready for day one, or at risk
 * with what to do. Only its own messages are imported, so the reminder run bundles nothing else for it.
 */

import type { Block } from '../../kernel/email/blocks';
import { COMMON_MESSAGES, READINESS_MESSAGES, translator } from '../../kernel/email/catalog';
import { staffEmail } from '../../kernel/email/common';
import { CalendarDate } from '../../kernel/email/format';
import { displayName } from '../../kernel/email/links';
import type { EmailContext, RenderedEmail } from '../../kernel/email/types';
import type { CheckState, ReadinessReport } from '../readiness';

export interface ReadinessData {
  person: { givenName: string; familyName: string; employeeId: string };
  /** `YYYY-MM-DD`, in the hire's time zone. */
  startDate: string;
  report: ReadinessReport;
}

const STATE_KEY = {
  ok: 'readiness.state.ok',
  'not-yet': 'readiness.state.notYet',
  'n/a': 'readiness.state.na',
} as const satisfies Record<CheckState, string>;

export async function renderReadinessEmail(ctx: EmailContext, data: ReadinessData): Promise<RenderedEmail> {
  const t = await translator(
    [READINESS_MESSAGES, COMMON_MESSAGES],
    ctx.locale,
    ctx.defaultLocale,
    ctx.timeZone,
  );
  const args = {
    name: displayName(data.person, t.locale),
    employeeId: data.person.employeeId,
    startDate: new CalendarDate(data.startDate),
    supportEmail: ctx.company.supportContact.email,
  };
  const ready = data.report.verdict === 'ready';
  const verdict = ready ? 'ready' : 'atRisk';
  const subject = t.text(`readiness.subject.${verdict}`, args);
  const preheader = t.text(`readiness.preheader.${verdict}`, args);
  const row = (key: Parameters<typeof t.text>[0], state: CheckState) => ({
    label: t.text(key),
    value: t.runs(STATE_KEY[state]),
  });
  const actions = data.report.actions.map((action) => t.runs(`readiness.action.${action}`, args));
  const blocks: Block[] = [
    { t: 'p', text: t.runs('readiness.greeting') },
    { t: 'h1', text: t.runs(`readiness.title.${verdict}`, args) },
    { t: 'p', text: t.runs('readiness.intro', args) },
    { t: 'h2', text: t.runs('readiness.checks.title') },
    {
      t: 'details',
      rows: [
        row('readiness.check.workspace', data.report.workspaceAvailable),
        row('readiness.check.invitation', data.report.invitationDelivered),
        row('readiness.check.signIn', data.report.signInSetUp),
        row('readiness.check.connection', data.report.firstConnection),
      ],
    },
    { t: 'h2', text: t.runs('readiness.todo.title') },
    actions.length
      ? { t: 'box', tone: ready ? 'info' : 'warn', body: [{ t: 'list', items: actions }] }
      : { t: 'p', text: t.runs('readiness.todo.none') },
    { t: 'p', text: t.runs('readiness.contact', args), small: true },
  ];
  return staffEmail(ctx, t, { subject, preheader, blocks });
}
