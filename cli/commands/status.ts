import { callRoute } from '../call';
import { command, one } from '../command';
import { table } from '../output';

export const statusCommand = command({
  name: 'status',
  usage: ['status <hire>'],
  summary: 'stage, timeline, WorkSpace, emails, next reminder',
  options: {},
  routes: ['hireStatus'],
  async run({ api, values, args, print, printJson }) {
    const s = await callRoute(api(), 'hireStatus', { params: { employeeId: one(args, 'hire') } });
    if (values.json) {
      printJson(s);
      return 0;
    }
    const lines = [
      `Employee   ${s.employeeId}  (hire ${s.hireId}, version ${s.version})`,
      `Person     ${s.name} <${s.email}>  user ${s.userName}  starts ${s.startDate}`,
      `Stage      ${s.stage}  (changed ${s.updatedAt})`,
      `WorkSpace  ${s.workspace ? `${s.workspace.id}  ${s.workspace.state}${s.workspace.detail ? ` (${s.workspace.detail})` : ''}` : '-'}`,
      `Invited    ${s.invitedAt ? `${s.invitedAt}  (invitation ${s.invitationCount ?? 1})` : '-'}`,
      `Next       ${s.nextReminder ? `${s.nextReminder.step} at ${s.nextReminder.at}` : '-'}`,
      `Calendar   ${s.calendar.country ? `public holidays of ${s.calendar.country}` : 'weekdays'} and closures`,
      ...s.calendar.moves.map(
        (m) =>
          `           ${m.what} ${m.at} moved past ${m.movedPast.map((d) => `${d.name} (${d.date})`).join(', ')}`,
      ),
    ];
    const wait = s.waitingForDirectoryAccount;
    if (wait) {
      lines.push(
        `Waiting    for the directory account ${wait.userName} in ${wait.directoryId} (since ${wait.since}; tried again every run until ${wait.until}; admins ${wait.alertedAt ? `alerted ${wait.alertedAt}` : 'not alerted yet'})`,
      );
    }
    if (s.foreignWorkspace) {
      lines.push(
        `Existing   WorkSpace ${s.foreignWorkspace.workspaceId} (${s.foreignWorkspace.state}) of the user, not made for this hire: \`adopt ${s.employeeId}\` confirms it as theirs`,
      );
    }
    if (s.lastError)
      lines.push(`Last error ${s.lastError.error}: ${s.lastError.cause ?? ''} (${s.lastError.at})`);
    print(`${lines.join('\n')}\n\nEmails sent\n`);
    print(
      indent(
        table(
          ['EMAIL', 'STATUS', 'SENT AT'],
          s.emails.map((e) => [e.ledgerKey, e.status, e.sentAt ?? e.claimedAt]),
        ),
      ),
    );
    print('\nTimeline\n');
    print(
      indent(
        table(
          ['AT', 'EVENT', 'STAGE', 'BY', 'DETAIL'],
          s.timeline.map((e) => [e.at, e.type, e.stage, e.by, e.detail ? compact(e.detail) : undefined]),
        ),
      ),
    );
    return 0;
  },
});

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');

function compact(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ');
}
