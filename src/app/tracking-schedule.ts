import type { OnboardingConfig } from '../config/load';
import { findDirectory } from '../config/load';
import type { HireRecord } from '../domain/hire-record';
import { nextStepDueAt, type PasswordSetupMode, type ReminderSchedule } from '../domain/reminders';
import { type DirectorySignInFacts, needsPasswordSetup, type SignIn, signInFor } from '../domain/sign-in';

/**
 * How a hire of this directory signs in: what DescribeWorkspaceDirectories says (SAML 2.0, certificates,
 * IAM Identity Center), and for a directory password the configured way to set it (AD Connector: none).
 */
export function hireSignIn(
  config: OnboardingConfig,
  directoryId: string,
  directory: DirectorySignInFacts,
): SignIn {
  const configured = findDirectory(config, directoryId);
  const facts =
    directory.directoryType || !configured ? directory : { ...directory, directoryType: configured.type };
  return signInFor(facts, configured?.passwordSetup, configured?.identitySource);
}

/** The reminder planner's view: a password reminder only where setting one is the step to take. */
export function reminderPasswordSetup(signIn: SignIn): PasswordSetupMode {
  return needsPasswordSetup(signIn) ? 'hosted' : 'company-password';
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
