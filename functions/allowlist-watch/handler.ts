import { allowlistWatchDeps } from '../../src/app/production';
import { type AllowlistWatchDeps, watchAllowlist } from '../../src/app/watch-allowlist';
import { log } from '../../src/log';
import { eventFunction } from '../../src/middleware/chains';

/** Scheduled once a day: tells the network team when the firewall ranges that matter change. */
export async function handleAllowlistWatch(_event: unknown, d: AllowlistWatchDeps) {
  const report = await watchAllowlist(d);
  log.info('allowlist watch', { ...report });
  return report;
}

export const handler = eventFunction(handleAllowlistWatch, { deps: allowlistWatchDeps });
