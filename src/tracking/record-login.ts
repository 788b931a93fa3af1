import { StageConflictError } from '../kernel/errors';
import { log } from '../kernel/log';
import { funnel } from '../kernel/metrics';
import type { HireStore } from '../kernel/table/hires';
import type { WorkspaceOwners } from '../kernel/table/workspace-owners';

/**
 * The person signed in to their WorkSpace for the first time: the hire is ACTIVE (done), also straight from
 * INVITED (AD Connector has no password step), and leaves the reminder index.
 */
export interface RecordLoginDeps {
  hires: Pick<HireStore, 'move'>;
  workspaceOwners: Pick<WorkspaceOwners, 'find'>;
}

export type LoginOutcome = 'activated' | 'already-active' | 'unknown-workspace' | 'ignored';

export async function recordFirstLogin(
  deps: RecordLoginDeps,
  input: {
    workspaceId: string;
    loginTime: string;
    via: 'login-event' | 'connection-status';
    hireId?: string;
  },
): Promise<{ outcome: LoginOutcome; hireId?: string }> {
  const hireId = input.hireId ?? (await deps.workspaceOwners.find(input.workspaceId));
  if (!hireId) return { outcome: 'unknown-workspace' };
  try {
    const active = await deps.hires.move(hireId, {
      to: 'ACTIVE',
      set: { activeAt: input.loginTime },
      due: null,
      event: { type: 'first-login', detail: { workspaceId: input.workspaceId, via: input.via } },
    });
    funnel.firstLogin(active);
    return { outcome: 'activated', hireId };
  } catch (err) {
    if (!(err instanceof StageConflictError)) throw err;
    if (err.actual === 'ACTIVE') return { outcome: 'already-active', hireId };
    // CANCELLED, or a WorkSpace still being provisioned: nothing to record.
    log.info('login ignored in this stage', { hireId, actual: err.actual });
    return { outcome: 'ignored', hireId };
  }
}
