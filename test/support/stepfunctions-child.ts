import { join } from 'node:path';
import { createLocalClock, loadWorkflowFile, startStepFunctions } from '@workspaces-onboarding/local-cloud';

/**
 * A local Step Functions endpoint in its own process, journaling to the file named on the command line,
 * so a test can SIGKILL it mid-flight. Prints its URL as one JSON line when it is ready.
 */
const stateFile = process.argv[2];
if (!stateFile) throw new Error('usage: stepfunctions-child.ts <journal file>');
const endpoint = await startStepFunctions({
  clock: createLocalClock(),
  port: 0,
  stateFile,
  stateMachines: [
    {
      name: 'wait',
      definition: await loadWorkflowFile(
        join(import.meta.dirname, '../fixtures/workflows/wait.asl.json'),
        (key) => key,
      ),
    },
  ],
  invokeLambda: async () => null,
});
process.stdout.write(`${JSON.stringify({ url: endpoint.url })}\n`);
