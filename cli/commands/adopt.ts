import { callRoute } from '../call';
import { command, one } from '../command';

export const adoptCommand = command({
  name: 'adopt',
  usage: ['adopt <hire>'],
  summary: 'confirm the existing WorkSpace the hire failed on as theirs',
  options: {},
  routes: ['adopt'],
  async run({ api, values, args, print, printJson }) {
    const result = await callRoute(api(), 'adopt', { params: { employeeId: one(args, 'hire') } });
    if (values.json) printJson(result);
    else {
      print(
        `${result.employeeId}: WorkSpace ${result.workspaceId} confirmed; provisioning again with it (execution ${result.executionName}); the invitation follows when it is ready\n`,
      );
    }
    return 0;
  },
});
