import type { Context } from 'aws-lambda';
import { remindersDeps } from '../../src/app/production';
import { runReminders } from '../../src/app/run-reminders';
import { log } from '../../src/log';

/** Scheduled: reminds the hires that are due, escalates those out of reminders. Safe to run twice at once. */
let productionDeps: ReturnType<typeof remindersDeps> | undefined;
const deps = () => (productionDeps ??= remindersDeps());

export async function handler(_event: unknown, context: Context) {
  const d = deps();
  const before = d.workspaces.calls();
  const report = await runReminders(d, () => context.getRemainingTimeInMillis());
  const after = d.workspaces.calls();
  const calls = Object.fromEntries(Object.entries(after).map(([op, n]) => [op, n - (before[op] ?? 0)]));
  log.info('reminder run', { ...report, calls });
  return { ...report, calls };
}
