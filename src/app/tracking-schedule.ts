import type { OnboardingConfig } from '../config/load';
import { findDirectory } from '../config/load';
import type { HireRecord } from '../domain/hire-record';
import { nextStepDueAt, type PasswordSetupMode, type ReminderSchedule } from '../domain/reminders';

/** How a hire sets a password: the directory's configured mode, else from its type (AD Connector: none). */
export function passwordSetupFor(
  config: OnboardingConfig,
  directoryId: string,
  directoryType: string | undefined,
): PasswordSetupMode {
  return (
    findDirectory(config, directoryId)?.passwordSetup ??
    (directoryType === 'AD_CONNECTOR' ? 'company-password' : 'hosted')
  );
}

export function reminderSchedule(config: OnboardingConfig): ReminderSchedule {
  return { afterDays: config.reminders.afterDays, businessHours: config.reminders.businessHours };
}

/** Where a freshly invited hire goes on the `due` index: the first reminder, in their business hours. */
export function firstReminderDue(
  config: OnboardingConfig,
  hire: Pick<HireRecord, 'person'>,
  invitedAt: Date,
): { at: string } {
  const at = nextStepDueAt({
    invitedAt,
    remindersSent: 0,
    timeZone: hire.person.timeZone ?? config.defaults.timeZone,
    schedule: reminderSchedule(config),
  });
  return { at: at.toISOString() };
}
