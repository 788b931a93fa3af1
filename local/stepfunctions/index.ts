import { closeServer, listen } from '../http';
import { LocalStepFunctions, type StepFunctionsOptions } from './executions';
import { createStepFunctionsServer } from './server';

export {
  type LocalStateMachine,
  LocalStepFunctions,
  START_BUDGET_TOKYO,
  type StepFunctionsOptions,
} from './executions';
export { loadWorkflowFile, resolveWorkflow } from './load-workflow';

/** Starts the local Step Functions endpoint (default 127.0.0.1:8083); port 0 picks a free port. */
export async function startStepFunctions(
  opts: StepFunctionsOptions & { host?: string; port?: number },
): Promise<{ url: string; close(): Promise<void>; service: LocalStepFunctions }> {
  const service = new LocalStepFunctions(opts);
  const server = createStepFunctionsServer(service);
  const url = await listen(server, opts.host ?? '127.0.0.1', opts.port ?? 8083);
  return {
    url,
    service,
    async close() {
      await service.close();
      await closeServer(server);
    },
  };
}
