import { requestWorkspaceDeps } from '../../src/app/production';
import {
  type RequestWorkspaceDeps,
  type RequestWorkspaceEvent,
  requestWorkspace,
} from '../../src/app/request-workspace';
import { eventFunction } from '../../src/middleware/chains';

/**
 * Step Functions task (.waitForTaskToken): puts the hire on the provisioner's queue with the task token
 * (src/app/request-workspace.ts). The workflow stays paused until the provisioner resumes or fails it.
 */
export type { RequestWorkspaceEvent } from '../../src/app/request-workspace';

export const handleRequestWorkspace = (event: RequestWorkspaceEvent, d: RequestWorkspaceDeps) =>
  requestWorkspace(d, event);

export const handler = eventFunction(handleRequestWorkspace, { deps: requestWorkspaceDeps });
