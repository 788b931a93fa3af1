import { WorkspaceTagsError } from '../kernel/errors';
import type { HireRecord } from '../kernel/hire/record';
import type { FoundWorkspace, ProvisionerDeps } from './ports';
import { failTask, startedProvisioning } from './provision-steps';
import { hireTags, judgeExistingWorkspace, taggedHireIdOf } from './rules';

/**
 * A queued hire's user has a WorkSpace already. It becomes the hire's only if it carries the hire's tag (a
 * create whose answer was lost, a retry) or an admin confirmed exactly this WorkSpace with `adopt` (then it
 * is tagged first, so a later retry recognises it). Anyone else's WorkSpace fails the hire through the
 * workflow's failure route, with the WorkSpace's id and state for the alert and for `adopt`.
 *
 * One DescribeTags call per WorkSpace found, and only for queued hires whose user has one: a wave of new
 * users costs nothing extra.
 */
export async function takeExistingWorkspace(
  deps: ProvisionerDeps,
  hire: HireRecord,
  found: FoundWorkspace,
): Promise<'adopted' | 'refused' | 'gone'> {
  if (!found.tags) {
    const tags = await deps.workspaces.forDirectory(hire.directoryId).describeTags(found.workspaceId);
    if (!tags) return 'gone';
    found.tags = { taggedHireId: taggedHireIdOf(tags) };
  }
  const existing = {
    workspaceId: found.workspaceId,
    state: found.state,
    ...(found.tags.taggedHireId ? { taggedHireId: found.tags.taggedHireId } : {}),
  };
  const verdict = judgeExistingWorkspace(existing, hire);
  if (verdict.action === 'adopt') {
    await startedProvisioning(deps, hire, found.workspaceId, 'adopted');
    return 'adopted';
  }
  if (verdict.action === 'tag-and-adopt') {
    try {
      await deps.workspaces
        .forDirectory(hire.directoryId)
        .createTags(found.workspaceId, hireTags(hire.hireId));
    } catch (err) {
      if (!(err instanceof WorkspaceTagsError)) throw err;
      await failTask(
        deps,
        hire,
        'WorkspaceNotOurs',
        `${err.message}; the confirmed WorkSpace was not adopted.`,
        {
          foreignWorkspace: { ...existing, foundAt: deps.clock.now().toISOString() },
        },
      );
      return 'refused';
    }
    found.tags = { taggedHireId: hire.hireId };
    await startedProvisioning(deps, hire, found.workspaceId, 'adopted', { confirmed: true });
    return 'adopted';
  }
  await failTask(deps, hire, verdict.error, verdict.cause, {
    foreignWorkspace: { ...existing, foundAt: deps.clock.now().toISOString() },
  });
  return 'refused';
}
