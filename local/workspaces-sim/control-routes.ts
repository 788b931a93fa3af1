import { ControlError } from './errors';
import type { FaultSettings, LoginDetails, WorkspacesSimulator } from './simulator';

export interface ControlResponse {
  status: number;
  body: unknown;
}

function field<T>(
  body: Record<string, unknown>,
  name: string,
  check: (v: unknown) => boolean,
  hint: string,
): T {
  const value = body[name];
  if (!check(value)) throw new ControlError(400, `${name} must be ${hint}`);
  return value as T;
}

const isString = (v: unknown) => typeof v === 'string' && v.length > 0;

/**
 * The `/_sim/*` routes: for tests and for a person driving the local cloud by hand. `?region=` narrows
 * `GET /_sim/state` and `GET /_sim/calls` to one Region; without it they cover every Region.
 */
export function handleControl(
  sim: WorkspacesSimulator,
  method: string,
  path: string,
  body: Record<string, unknown>,
  region?: string,
): ControlResponse {
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /_sim/health':
      return { status: 200, body: { ok: true } };
    case 'GET /_sim/state':
      return { status: 200, body: sim.snapshot(region) };
    case 'POST /_sim/users': {
      const directoryId = field<string>(body, 'directoryId', isString, 'a directory id');
      const userNames = field<string[]>(body, 'userNames', Array.isArray, 'a list of user names');
      sim.addUsers(directoryId, userNames);
      return { status: 200, body: { ok: true, added: userNames.length } };
    }
    case 'DELETE /_sim/users': {
      const directoryId = field<string>(body, 'directoryId', isString, 'a directory id');
      const userName = field<string>(body, 'userName', isString, 'a user name');
      return { status: 200, body: { ok: true, removed: sim.removeUser(directoryId, userName) } };
    }
    case 'POST /_sim/faults':
      return { status: 200, body: sim.setFaults(body as FaultSettings) };
    case 'GET /_sim/faults':
      return { status: 200, body: sim.faults() };
    case 'POST /_sim/provisioning':
      return { status: 200, body: sim.setProvisioning(body) };
    case 'GET /_sim/provisioning':
      return { status: 200, body: sim.provisioning() };
    case 'POST /_sim/directories/stage': {
      const directoryId = field<string>(body, 'directoryId', isString, 'a directory id');
      const stage = field<string>(body, 'stage', isString, 'a Directory Service stage such as Impaired');
      sim.setDirectoryStage(directoryId, stage);
      return { status: 200, body: { ok: true, directoryId, stage } };
    }
    case 'POST /_sim/directories/data-access': {
      const directoryId = field<string>(body, 'directoryId', isString, 'a directory id');
      const status = field<string>(body, 'status', isString, 'Enabled or Disabled');
      sim.setDataAccess(directoryId, status);
      return { status: 200, body: { ok: true, directoryId, status } };
    }
    case 'POST /_sim/login': {
      const workspaceId = field<string>(body, 'workspaceId', isString, 'a WorkSpace id');
      const event = sim.login(workspaceId, body as LoginDetails);
      return { status: 200, body: { ok: true, event } };
    }
    case 'GET /_sim/calls':
      return { status: 200, body: region ? sim.regionCalls(region) : sim.calls() };
    case 'POST /_sim/calls/reset':
      sim.resetCalls();
      return { status: 200, body: { ok: true } };
    case 'POST /_sim/reset':
      sim.reset();
      return { status: 200, body: { ok: true } };
    default:
      return { status: 404, body: { error: `no control route ${route}` } };
  }
}
