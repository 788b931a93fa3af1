import { eventFunction } from '../../src/kernel/http/chains';
import { log } from '../../src/kernel/log';
import { type AllowlistWatchDeps, watchAllowlist } from '../../src/network/watch-allowlist';
import { allowlistWatchDeps } from '../production';

/** Scheduled once a day: tells the network team when the firewall ranges that matter change. */
export async function handleAllowlistWatch(_event: unknown, d: AllowlistWatchDeps) {
  const report = await watchAllowlist(d);
  log.info('allowlist watch', { ...report });
  return report;
}

export const handler = eventFunction(handleAllowlistWatch, { deps: allowlistWatchDeps });
