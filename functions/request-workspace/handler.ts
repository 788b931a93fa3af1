import { eventFunction } from '../../src/kernel/http/chains';
import {
  type RequestWorkspaceDeps,
  type RequestWorkspaceEvent,
  requestWorkspace,
} from '../../src/provisioning/request-workspace';
import { requestWorkspaceDeps } from '../production';

/**
 * Step Functions task (.waitForTaskToken): puts the hire on the provisioner's queue with the task token
 * (src/provisioning/request-workspace.ts). The workflow stays paused until the provisioner resumes or fails it.
 */
export type { RequestWorkspaceEvent } from '../../src/provisioning/request-workspace';

export const handleRequestWorkspace = (event: RequestWorkspaceEvent, d: RequestWorkspaceDeps) =>
  requestWorkspace(d, event);

export const handler = eventFunction(handleRequestWorkspace, { deps: requestWorkspaceDeps });
