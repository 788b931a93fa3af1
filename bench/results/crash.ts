import type { CrashResult } from '../crash';
import { table, verdict } from '../stats';
import { type SummaryRow, TARGETS } from './results';
import { render } from './template';

/** Section 6: hires lost or doubled when the local cloud is killed with SIGKILL while it works. */
export function crashSection(c: CrashResult | undefined, summary: SummaryRow[]): string {
  if (!c) {
    summary.push(['6. Crash', 'not measured', '0', 'n/a']);
    return render('crash-missing');
  }
  const zero = (label: string, n: number, detail = '') => {
    summary.push(['6. Crash', `${label}: ${n}${detail}`, '0', verdict(n === TARGETS.crashZero)]);
  };
  zero('hires lost', c.lost.length, ` of ${c.acknowledged} acknowledged`);
  zero('duplicate WorkSpaces', c.duplicateWorkspaces);
  zero('duplicate invitations', c.duplicateInvitations);
  zero('dead newest links', c.deadNewestLinks.length);
  zero('hires not INVITED without a FAILED alert', c.notInvitedWithoutAlert.length);
  const list = (xs: string[]) => (xs.length ? xs.join(', ') : 'none');
  const figures = table(
    ['Figure', 'Result', 'How it is counted'],
    [
      [
        'hires acknowledged (202 or 200)',
        `${c.acknowledged} (${c.answered202} answered 202)`,
        'the HR side of every delivery',
      ],
      [
        'hires lost',
        `${c.lost.length}: ${list(c.lost)}`,
        'acknowledged, but not ending INVITED (or later), or FAILED with an alert',
      ],
      [
        'duplicate WorkSpaces',
        c.duplicateWorkspaces,
        "users with more than one WorkSpace in the simulator's state",
      ],
      [
        'duplicate invitations',
        c.duplicateInvitations,
        "per hire, invitation emails in the inbox beyond the hire's invitation count",
      ],
      [
        'dead newest links',
        `${c.deadNewestLinks.length}: ${list(c.deadNewestLinks)}`,
        'the link in the newest email a hire received does not open the password form',
      ],
      [
        'not INVITED without a FAILED alert',
        `${c.notInvitedWithoutAlert.length}: ${list(c.notInvitedWithoutAlert)}`,
        'hires in any other stage with no alert to the admins',
      ],
    ],
  );
  return render('crash', {
    seed: c.seed,
    hires: c.hires,
    killCount: c.kills.length,
    kills: c.kills.map((k) => `${k.when} (+${k.afterMs} ms)`).join('; '),
    attempts: c.deliveries.attempts,
    statuses: JSON.stringify(c.deliveries.statuses),
    driveSteps: c.driveSteps,
    clockHours: c.clockHours,
    seconds: c.seconds.toFixed(0),
    figures,
    stages: JSON.stringify(c.stages),
    failures: JSON.stringify(c.failures),
    alertsPerFailedHire: JSON.stringify(c.alertsPerFailedHire),
    emails: JSON.stringify(c.emails),
    recovered: JSON.stringify(c.recovered),
  });
}
