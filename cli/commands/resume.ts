import type { RecoveryResult } from '../../src/provisioning/reconcile';
import { callRoute } from '../call';
import { command, one } from '../command';

export const resumeCommand = command({
  name: 'resume',
  usage: ['resume <hire>'],
  summary: 'drive on a hire stuck in RECEIVED, QUEUED or PROVISIONING',
  options: {},
  routes: ['resume'],
  async run({ api, values, args, print, printJson }) {
    const result = await callRoute(api(), 'resume', { params: { employeeId: one(args, 'hire') } });
    if (values.json) printJson(result);
    else print(`${result.employeeId}: ${describeRecovery(result)}\n`);
    return 0;
  },
});

function describeRecovery(r: RecoveryResult): string {
  const execution = r.execution === 'none' ? 'no workflow execution' : `workflow ${r.execution}`;
  switch (r.action) {
    case 'alive':
      return `nothing to do: ${r.stage}, ${execution}${r.stage === 'RECEIVED' ? '' : ', on the provisioner queue'}`;
    case 'started-execution':
      return `${r.stage} with ${execution}: started it again; it picks the hire up where it is`;
    case 'requeued':
      return `${r.stage}, ${execution} but off the provisioner queue: put back on it, due now`;
    case 'failed':
      return `${r.stage}, ${execution}: nothing can move it on, marked FAILED${r.alerted ? ' and the admins alerted' : ''}; reinvite provisions again`;
    case 'moved-on':
      return `moved on meanwhile (${r.stage})`;
  }
}
