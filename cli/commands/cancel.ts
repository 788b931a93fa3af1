import { callRoute } from '../call';
import { command, one } from '../command';

export const cancelCommand = command({
  name: 'cancel',
  usage: ['cancel <hire> [--reason TEXT]'],
  summary: 'stop the workflow and reminders (the WorkSpace is kept)',
  options: { reason: { type: 'string' } },
  routes: ['cancel'],
  async run({ api, values, args, print, printJson }) {
    const result = await callRoute(api(), 'cancel', {
      params: { employeeId: one(args, 'hire') },
      body: values.reason ? { reason: values.reason } : {},
    });
    if (values.json) printJson(result);
    else {
      print(
        `${result.employeeId}: CANCELLED (was ${result.fromStage}); workflow ${result.executionStopped ? 'stopped' : 'was not running'}${result.workspaceId ? `; WorkSpace ${result.workspaceId} kept` : ''}\n`,
      );
    }
    return 0;
  },
});
