import { requestWorkspaceDeps } from '../../src/app/production';
import {
  type RequestWorkspaceDeps,
  type RequestWorkspaceEvent,
  requestWorkspace,
} from '../../src/app/request-workspace';

/**
 * Step Functions task (.waitForTaskToken): puts the hire on the provisioner's queue with the task token
 * (src/app/request-workspace.ts). The workflow stays paused until the provisioner resumes or fails it.
 */
export type { RequestWorkspaceEvent } from '../../src/app/request-workspace';

let productionDeps: RequestWorkspaceDeps | undefined;
const deps = (): RequestWorkspaceDeps => (productionDeps ??= requestWorkspaceDeps());

export const handler = (event: RequestWorkspaceEvent) => requestWorkspace(deps(), event);
