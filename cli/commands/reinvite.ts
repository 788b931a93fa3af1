import type { HireSummary } from '../../src/admin/summary';
import { UsageError } from '../args';
import { callRoute } from '../call';
import { ApiError } from '../client';
import { type CommandRun, command, one } from '../command';
import { durationFlag } from '../flags';
import { progressBar, table } from '../output';
import { LIST_OPTIONS, listPage } from './list';

const OPTIONS = {
  email: { type: 'string' },
  ...LIST_OPTIONS,
  'dry-run': { type: 'boolean' },
} as const;

type Run = CommandRun<typeof OPTIONS>;

export const reinviteCommand = command({
  name: 'reinvite',
  usage: ['reinvite <hire> [--email NEW]', 'reinvite --stage S --older-than 7d [--dry-run]'],
  summary:
    'fresh link and invitation now (FAILED: provision again); with --stage: bulk, with a progress bar and a summary',
  options: OPTIONS,
  routes: ['reinvite', 'listHires'],
  run: (ctx) => (ctx.values.stage ? bulkReinvite(ctx) : reinviteOne(ctx)),
});

async function reinviteOne({ api, values, args, print, printJson }: Run): Promise<number> {
  const employeeId = one(args, 'hire');
  if (values['older-than']) throw new UsageError('--older-than is for a bulk re-invite with --stage');
  const result = await callRoute(api(), 'reinvite', {
    params: { employeeId },
    body: values.email ? { email: values.email } : {},
  });
  if (values.json) printJson(result);
  else if (result.outcome === 'retrying') {
    print(
      `${result.employeeId}: provisioning again (execution ${result.executionName}); the invitation follows when the WorkSpace is ready\n`,
    );
  } else if (result.outcome === 'recently-invited') {
    print(
      `${result.employeeId}: recently invited: invitation ${result.invitation} went to this address at ${result.invitedAt}, less than 5 minutes ago; nothing new sent; stage ${result.stage}\n`,
    );
  } else {
    print(
      `${result.employeeId}: invitation ${result.invitation} ${result.sent ? 'sent' : 'was sent already'}${result.emailChanged ? ' to the new address' : ''}; stage ${result.stage}\n`,
    );
  }
  return 0;
}

async function bulkReinvite({ api, io, values, args, print, printJson }: Run): Promise<number> {
  if (args.length)
    throw new UsageError('bulk re-invite selects hires by --stage and --older-than, not by id');
  if (!values['older-than'])
    throw new UsageError('bulk re-invite needs --older-than (e.g. 7d) as well as --stage');
  if (values.email) throw new UsageError('--email is for one hire');
  durationFlag('older-than', values['older-than']);
  const client = api();
  const hires: HireSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await listPage(client, values, cursor, 100);
    hires.push(...page.hires);
    cursor = page.cursor;
  } while (cursor);

  if (values['dry-run']) {
    if (values.json) printJson({ dryRun: true, wouldReinvite: hires.map((h) => h.hireId) });
    else {
      print(
        table(
          ['HIRE', 'STAGE', 'EMAIL', 'INVITED'],
          hires.map((h) => [h.hireId, h.stage, h.email, h.invitedAt]),
        ),
      );
      print(`${hires.length} hire(s) would be re-invited (dry run: nothing sent)\n`);
    }
    return 0;
  }
  const results: {
    employeeId: string;
    result: 'reinvited' | 'retrying' | 'skipped' | 'failed';
    detail?: string;
  }[] = [];
  const progress = progressBar(io.stderr, hires.length, 're-invited');
  for (const hire of hires) {
    try {
      const r = await callRoute(client, 'reinvite', { params: { employeeId: hire.employeeId }, body: {} });
      results.push(
        r.outcome === 'recently-invited'
          ? { employeeId: hire.employeeId, result: 'skipped', detail: 'invited less than 5 minutes ago' }
          : { employeeId: hire.employeeId, result: r.outcome === 'retrying' ? 'retrying' : 'reinvited' },
      );
    } catch (err) {
      // 409: the hire moved on since the list (activated, cancelled, re-invited by someone else).
      const skipped = err instanceof ApiError && err.status === 409;
      results.push({
        employeeId: hire.employeeId,
        result: skipped ? 'skipped' : 'failed',
        detail: err instanceof Error ? err.message : String(err),
      });
    }
    progress.update(results.length);
  }
  progress.finish();
  const count = (kind: string) => results.filter((r) => r.result === kind).length;
  const summary = {
    selected: hires.length,
    reinvited: count('reinvited'),
    retrying: count('retrying'),
    skipped: count('skipped'),
    failed: count('failed'),
  };
  if (values.json) printJson({ ...summary, results });
  else {
    const notable = results.filter((r) => r.detail);
    if (notable.length)
      print(
        table(
          ['EMPLOYEE', 'RESULT', 'DETAIL'],
          notable.map((r) => [r.employeeId, r.result, r.detail]),
        ),
      );
    print(
      `Re-invite ${values.stage} older than ${values['older-than']}: ${summary.selected} selected, ${summary.reinvited} re-invited, ${summary.retrying} provisioning again, ${summary.skipped} skipped (moved on), ${summary.failed} failed\n`,
    );
  }
  return summary.failed ? 1 : 0;
}
