// Written by `npm run messages` from the folders and files of templates/messages: add or edit them, then run it again.

/** Every language with messages, English (the fallback) first. */
export const LOCALES: readonly string[] = ["en","ja"];

/** Each namespace (a file of messages) is typed by its English source and loaded per language. */
type Loaders = Readonly<Record<string, () => Promise<{ default: object }>>>;

export type AlertsSource = typeof import('../messages/en/alerts.json');
export const alerts: Loaders = {
  "en": () => import('./en/alerts'),
  "ja": () => import('./ja/alerts'),
};

export type CommonSource = typeof import('../messages/en/common.json');
export const common: Loaders = {
  "en": () => import('./en/common'),
  "ja": () => import('./ja/common'),
};

export type HireEmailsSource = typeof import('../messages/en/hire-emails.json');
export const hireEmails: Loaders = {
  "en": () => import('./en/hire-emails'),
  "ja": () => import('./ja/hire-emails'),
};

export type InvitationSource = typeof import('../messages/en/invitation.json');
export const invitation: Loaders = {
  "en": () => import('./en/invitation'),
  "ja": () => import('./ja/invitation'),
};

export type NetworkWatchSource = typeof import('../messages/en/network-watch.json');
export const networkWatch: Loaders = {
  "en": () => import('./en/network-watch'),
  "ja": () => import('./ja/network-watch'),
};

export type ReadinessSource = typeof import('../messages/en/readiness.json');
export const readiness: Loaders = {
  "en": () => import('./en/readiness'),
  "ja": () => import('./ja/readiness'),
};

export type RemindersSource = typeof import('../messages/en/reminders.json');
export const reminders: Loaders = {
  "en": () => import('./en/reminders'),
  "ja": () => import('./ja/reminders'),
};

export type ReportSource = typeof import('../messages/en/report.json');
export const report: Loaders = {
  "en": () => import('./en/report'),
  "ja": () => import('./ja/report'),
};

export type SetupPageSource = typeof import('../messages/en/setup-page.json');
export const setupPage: Loaders = {
  "en": () => import('./en/setup-page'),
  "ja": () => import('./ja/setup-page'),
};
