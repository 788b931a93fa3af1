import type { Context } from 'aws-lambda';
import { eventFunction } from '../../src/kernel/http/chains';
import { log } from '../../src/kernel/log';
import type { WorkspacesApi } from '../../src/kernel/workspaces-api';
import { countingCalls } from '../../src/provisioning/api-calls';
import { type ReminderDeps, runReminders } from '../../src/tracking/run-reminders';
import { remindersDeps } from '../production';

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
