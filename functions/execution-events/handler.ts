import { executionEventsDeps } from '../../src/app/production';
import { type ExecutionEndDeps, recordExecutionEnd } from '../../src/app/record-execution-end';
import { parseExecutionStatusChange } from '../../src/domain/execution-event';
import { log } from '../../src/log';

/** EventBridge "Step Functions Execution Status Change" events of the onboarding state machine. */
let productionDeps: ExecutionEndDeps | undefined;
function deps(): ExecutionEndDeps {
  productionDeps ??= executionEventsDeps();
  return productionDeps;
}

export async function handler(event: unknown) {
  const end = parseExecutionStatusChange(event);
  const result = await recordExecutionEnd(deps(), end);
  const line = { executionName: end.name, status: end.status, ...result };
  if (result.outcome === 'failed') log.warn('workflow execution ended outside its failure route', line);
  else log.info('workflow execution end', line);
  return result;
}
