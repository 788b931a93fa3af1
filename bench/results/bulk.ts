import type { BulkResult } from '../bulk';
import { table, verdict } from '../stats';
import { BULK_RUNS, lowerBound, lowerBoundCalls, type SummaryRow, TARGETS } from './results';
import { render } from './template';

/** Section 1: WorkSpaces calls against their lower bound, failures and duplicates, per bulk run. */
export function bulkSection(runs: BulkResult[], summary: SummaryRow[]): string {
  const full = runs.find((b) => b.hires === BULK_RUNS[0]);
  if (!full) {
    summary.push(['1. Bulk', 'not measured', '', 'n/a']);
    return render('bulk-missing');
  }
  const t = totals(full);
  const all = runs.map(totals);
  const worst = {
    ratio: Math.max(...all.map((x) => x.ratio)),
    failed: all.reduce((n, x) => n + x.failed, 0),
    hires: runs.reduce((n, b) => n + b.hires, 0),
    duplicates: all.reduce((n, x) => n + x.duplicates, 0),
  };
  summary.push(
    [
      '1. Bulk',
      `WorkSpaces calls ${t.calls} / lower bound ${t.lower} = ${t.ratio.toFixed(2)}× (${full.hires} hires); worst run ${worst.ratio.toFixed(2)}×`,
      `≤ ${TARGETS.bulkCallsRatio}×`,
      verdict(worst.ratio <= TARGETS.bulkCallsRatio),
    ],
    [
      '1. Bulk',
      `hires FAILED: ${t.failed} of ${full.hires}; all runs ${worst.failed} of ${worst.hires}`,
      '0',
      verdict(worst.failed === 0),
    ],
    [
      '1. Bulk',
      `duplicate WorkSpaces / invitations, all runs: ${worst.duplicates}`,
      '0',
      verdict(worst.duplicates === 0),
    ],
    [
      '1. Bulk',
      `time to all ${full.hires} invited: ${full.seconds.allInvited.toFixed(0)} s`,
      '(reported)',
      '—',
    ],
  );
  const lower = lowerBound(full.hires);
  const perOp = (['CreateWorkspaces', 'DescribeWorkspaces', 'DescribeWorkspaceDirectories'] as const).map(
    (op) => {
      const c = full.workspacesCalls[op] ?? { requests: 0, throttled: 0, faults: 0, clientErrors: 0 };
      return [op, c.requests, lower[op], c.throttled, c.faults];
    },
  );
  const runRows = runs.map((b) => {
    const x = totals(b);
    return [
      b.hires,
      b.accepted,
      `${x.calls} / ${x.lower} = ${x.ratio.toFixed(2)}×`,
      b.workspacesCalls.DescribeWorkspaceDirectories?.requests ?? 0,
      x.throttled,
      x.failed
        ? `${x.failed} (${Object.entries(b.failures)
            .map(([e, n]) => `${n} ${e}`)
            .join(', ')})`
        : 0,
      x.duplicates,
      b.seconds.post.toFixed(1),
      b.seconds.allInvited.toFixed(1),
      ((b.seconds.allInvited / b.hires) * 1000).toFixed(0),
      b.clockMinutes,
    ];
  });
  // Not clean: sendInvitation asked for the directory more than once, or hires failed.
  const directoryCalls = runs.map((b) => b.workspacesCalls.DescribeWorkspaceDirectories?.requests ?? 0);
  const failed = runs.map((b) => b.stages.FAILED ?? 0);
  const notClean = Math.max(...directoryCalls) > 1 || Math.max(...failed) > 0;
  return render('bulk', {
    hires: full.hires,
    runHires: runs.map((b) => b.hires).join(', '),
    perOperation: table(['Operation', 'Requests', 'Lower bound', 'Throttled', '5xx'], perOp),
    allRuns: table(
      [
        'Hires',
        'Accepted (202)',
        'Calls / bound',
        'DescribeWorkspaceDirectories',
        'Throttled',
        'Failed',
        'Duplicates',
        'Post s',
        'All invited s',
        'ms per hire',
        'Clock minutes',
      ],
      runRows,
    ),
    stages: JSON.stringify(full.stages),
    invitations: full.emails.invitations,
    otherEmails: full.emails.other,
    provisionerRuns: full.provisionerRuns,
    notClean,
    ...(notClean
      ? {
          directoryCalls: runs.map((b, i) => `${directoryCalls[i]} for ${b.hires} hires`).join(', '),
          failedPerRun: failed.join(', '),
          failures: runs.map((b) => JSON.stringify(b.failures)).join(', '),
        }
      : {}),
    throttledPerRun: all.map((x) => x.throttled).join(', '),
  });
}

function totals(b: BulkResult) {
  const calls = Object.values(b.workspacesCalls).reduce((n, c) => n + c.requests, 0);
  const lower = lowerBoundCalls(b.hires);
  const throttled = Object.values(b.workspacesCalls).reduce((n, c) => n + c.throttled, 0);
  const duplicates = b.duplicates.usersWithSeveralWorkspaces + b.duplicates.addressesWithSeveralInvitations;
  return { calls, lower, ratio: calls / lower, throttled, duplicates, failed: b.stages.FAILED ?? 0 };
}
