import { createHash } from 'node:crypto';
import { publishToChat } from '../kernel/alerts/alert-admins';
import type { ChatNotifier } from '../kernel/alerts/chat-notifier';
import type { Clock } from '../kernel/clock';
import { configuredProtocols, type OnboardingConfig } from '../kernel/config/config';
import { adminEmailContext } from '../kernel/email/context';
import type { Mailer } from '../kernel/email/mailer';
import { log } from '../kernel/log';
import type { AllowlistSeenStore } from '../kernel/table/allowlist-seen';
import {
  type AllowlistChange,
  changeBetween,
  changeId,
  isNoChange,
  type WatchScope,
  watchedRules,
} from './changes';
import { type AllowlistChangeData, renderAllowlistChangeEmail } from './emails/network-change-email';
import { parseIpRanges } from './ip-ranges';
import { PORT_PAGE, type PortPage } from './port-page';

/**
 * The allowlist watch (scheduled, once a day): reads ip-ranges.json and, when the firewall rules that matter
 * for the configured Regions and protocols differ from the set it saw last, emails each network contact,
 * in their language, what to open and what to close. Each email goes through the send-once ledger under
 * the change's id, and the new set is saved only after every email went out: a run that dies in between
 * is repeated by the next one, which names the same change and sends nobody a second copy. The first run
 * only remembers what it saw. The rules include the DCV gateway ranges of the product's copy of the port
 * page, and the watch remembers that copy's read date: when a release updates it, what the update opens or
 * closes is emailed like a change of ip-ranges.json, naming the update.
 */
/** The ledger owner of the allowlist watch's emails: the mailer's tags keep it as it is ([A-Za-z0-9_]). */
export const ALLOWLIST_WATCH_LEDGER_ID = 'allowlist_watch';

export interface AllowlistWatchDeps {
  readIpRanges: () => Promise<unknown>;
  seen: AllowlistSeenStore;
  mailer: Mailer;
  /** The chat channels of the admin alerts, when configured: one message per change. */
  chat?: ChatNotifier;
  config: OnboardingConfig;
  clock: Clock;
  /** The deployment's Region: watched when the configuration names none. */
  region: string;
  /** The port page's tables; the product's copy (src/network/port-page.json) by default. */
  portPage?: PortPage;
}

export type WatchOutcome = 'first-look' | 'unchanged' | 'changed' | 'lost-race';

export interface WatchReport {
  outcome: WatchOutcome;
  rules: number;
  added: number;
  removed: number;
  emailed: number;
}

export function watchScope(config: OnboardingConfig, region: string): WatchScope {
  return {
    regions: config.network.regions ?? [region],
    protocols: configuredProtocols(config),
    globalAccelerator: config.network.globalAccelerator,
  };
}

export async function watchAllowlist(deps: AllowlistWatchDeps): Promise<WatchReport> {
  const ipRanges = parseIpRanges(await deps.readIpRanges());
  const scope = watchScope(deps.config, deps.region);
  const portPage = deps.portPage ?? PORT_PAGE;
  const rules = watchedRules(ipRanges, scope, portPage);
  const seen = await deps.seen.get();
  const next = {
    rules,
    syncToken: ipRanges.syncToken,
    createDate: ipRanges.createDate,
    seenAt: deps.clock.now().toISOString(),
    portPage: portPage.read,
  };
  const report = { rules: rules.length, added: 0, removed: 0, emailed: 0 };
  if (!seen) {
    const saved = await deps.seen.save({ ...next, version: 1 }, undefined);
    return { ...report, outcome: saved ? 'first-look' : 'lost-race' };
  }
  const change = changeBetween(seen.rules, rules);
  const pageUpdated = seen.portPage !== portPage.read;
  if (isNoChange(change)) {
    // A release that re-read the page without a change for these Regions: remember the new date quietly.
    if (pageUpdated) await deps.seen.save({ ...next, version: seen.version + 1 }, seen.version);
    return { ...report, outcome: 'unchanged' };
  }
  const id = changeId(seen.version, change);
  const page = pageUpdated
    ? { url: portPage.page, read: portPage.read, ...(seen.portPage ? { before: seen.portPage } : {}) }
    : undefined;
  const emailed = await tellNetworkTeam(deps, scope, ipRanges.createDate, change, id, page);
  const saved = await deps.seen.save({ ...next, version: seen.version + 1 }, seen.version);
  return {
    ...report,
    added: change.added.length,
    removed: change.removed.length,
    emailed,
    outcome: saved ? 'changed' : 'lost-race',
  };
}

/** Every contact (the admins when none is configured), once per change each. */
async function tellNetworkTeam(
  deps: AllowlistWatchDeps,
  scope: WatchScope,
  createDate: string,
  change: AllowlistChange,
  id: string,
  portPage: AllowlistChangeData['portPage'],
): Promise<number> {
  const { config } = deps;
  const contacts: { email: string; locale?: string }[] = config.network.contacts.length
    ? config.network.contacts
    : config.email.adminAddresses.map((email) => ({ email }));
  if (!config.network.contacts.length)
    log.warn('no network contacts configured: the allowlist change goes to the admins');
  const data = {
    ...scope,
    createDate,
    added: change.added,
    removed: change.removed,
    ...(portPage ? { portPage } : {}),
  };
  let emailed = 0;
  for (const contact of contacts) {
    const email = await renderAllowlistChangeEmail(adminEmailContext(config, contact.locale), data);
    // The address stays out of the key (it is a tag on the email): its hash tells contacts apart.
    const who = createHash('sha256').update(contact.email.toLowerCase()).digest('hex').slice(0, 12);
    const { sent } = await deps.mailer.sendOnce(ALLOWLIST_WATCH_LEDGER_ID, `network-change#${id}#${who}`, {
      to: [contact.email],
      subject: email.subject,
      html: email.html,
      text: email.text,
    });
    if (sent) emailed++;
    // The attempt that told the first contact tells the chat channels, once, in the admins' language.
    if (sent && contact === contacts[0] && deps.chat) {
      const { chat } = await renderAllowlistChangeEmail(adminEmailContext(config), data);
      await publishToChat(deps.chat, ALLOWLIST_WATCH_LEDGER_ID, `network-change#${id}`, chat);
    }
  }
  return emailed;
}
