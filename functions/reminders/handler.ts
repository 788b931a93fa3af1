import type { Context } from 'aws-lambda';
import type { WorkspacesApi } from '../../src/adapters/workspaces';
import { countingCalls } from '../../src/app/api-calls';
import { remindersDeps } from '../../src/app/production';
import { type ReminderDeps, runReminders } from '../../src/app/run-reminders';
import { log } from '../../src/log';
import { eventFunction } from '../../src/middleware/chains';

/** Scheduled: reminds the hires that are due, escalates those out of reminders. Safe to run twice at once. */
export interface RemindersDeps extends ReminderDeps {
  workspaces: ReminderDeps['workspaces'] & Pick<WorkspacesApi, 'calls'>;
}

export async function handleReminderRun(
  _event: unknown,
  d: RemindersDeps,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
) {
  const { result: report, calls } = await countingCalls(d.workspaces, () =>
    runReminders(d, () => context.getRemainingTimeInMillis()),
  );
  log.info('reminder run', { ...report, calls });
  return { ...report, calls };
}

export const handler = eventFunction(handleReminderRun, { deps: remindersDeps });
