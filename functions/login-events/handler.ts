import type { Clock } from '../../src/kernel/clock';
import { eventFunction } from '../../src/kernel/http/chains';
import { log } from '../../src/kernel/log';
import { type RecordLoginDeps, recordFirstLogin } from '../../src/tracking/record-login';
import { loginEventsDeps } from '../production';

/** EventBridge "WorkSpaces Access" (successfulLogin): the hire who owns the WorkSpace is ACTIVE. */
export interface WorkspacesAccessEvent {
  source: string;
  'detail-type': string;
  time?: string;
  detail?: { actionType?: string; workspaceId?: string; loginTime?: string };
}

export interface LoginDeps extends RecordLoginDeps {
  clock: Clock;
}

export async function handleLogin(event: WorkspacesAccessEvent, d: LoginDeps) {
  const detail = event.detail ?? {};
  if (detail.actionType !== 'successfulLogin' || !detail.workspaceId) return { outcome: 'ignored' as const };
  const result = await recordFirstLogin(d, {
    workspaceId: detail.workspaceId,
    loginTime: detail.loginTime ?? event.time ?? d.clock.now().toISOString(),
    via: 'login-event',
  });
  // The client IP address and platform stay out of the logs.
  log.info('workspaces login', { workspaceId: detail.workspaceId, ...result });
  return result;
}

export const handler = eventFunction(handleLogin, { deps: loginEventsDeps });
