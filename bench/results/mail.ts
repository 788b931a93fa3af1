import type { MailResult } from '../mail';
import { table, verdict } from '../stats';
import { type SummaryRow, TARGETS } from './results';
import { render } from './template';

/** Section 8: a wave's invitations through SES at 5 a second: none failed, never above the rate, how long. */
export function mailSection(r: MailResult | undefined, summary: SummaryRow[]): string {
  if (!r) {
    summary.push(['10. Mail', 'not measured', `${TARGETS.mailFailed} failed, ≤ rate`, 'n/a']);
    return render('mail-missing');
  }
  const failed = r.stages.FAILED ?? 0;
  const ratio = r.ses.idealSeconds > 0 ? r.ses.sendSeconds / r.ses.idealSeconds : 0;
  summary.push(
    [
      '10. Mail',
      `${r.hires} hires: ${failed} FAILED, ${r.stages.INVITED ?? 0} INVITED`,
      '0 failed',
      verdict(failed === 0 && (r.stages.INVITED ?? 0) === r.hires),
    ],
    [
      '10. Mail',
      `highest rate SES saw: ${r.ses.highestRate} a second (${r.ses.refused.rate} refused)`,
      `≤ ${r.sendRate}`,
      verdict(r.ses.highestRate <= r.sendRate),
    ],
    [
      '10. Mail',
      `sending took ${r.ses.sendSeconds} s for ${r.ses.sent} (${r.ses.idealSeconds.toFixed(0)} s at the rate: ${ratio.toFixed(2)}×)`,
      `≤ ${TARGETS.mailTimeRatio}×`,
      verdict(ratio <= TARGETS.mailTimeRatio),
    ],
  );
  return render('mail', {
    hires: r.hires,
    rate: r.sendRate,
    figures: table(
      [
        'Hires',
        'Accepted',
        'INVITED',
        'FAILED',
        'Invitations',
        'SES accepted',
        'Highest a second',
        'Refused (rate/quota)',
        'Send seconds',
        'At the rate',
        'Wall seconds',
      ],
      [
        [
          r.hires,
          r.accepted,
          r.stages.INVITED ?? 0,
          failed,
          r.invitations,
          r.ses.sent,
          r.ses.highestRate,
          `${r.ses.refused.rate}/${r.ses.refused.quota}`,
          r.ses.sendSeconds,
          r.ses.idealSeconds.toFixed(0),
          r.seconds.allInvited.toFixed(0),
        ],
      ],
    ),
    histogram: table(
      ['Recipients accepted in a second', 'Seconds'],
      Object.entries(r.ses.histogram).map(([k, v]) => [k, v]),
    ),
  });
}
