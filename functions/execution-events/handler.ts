import { parseExecutionStatusChange } from '../../src/kernel/hire/execution-event';
import { eventFunction } from '../../src/kernel/http/chains';
import { log } from '../../src/kernel/log';
import { type ExecutionEndDeps, recordExecutionEnd } from '../../src/provisioning/record-execution-end';
import { executionEventsDeps } from '../production';

/** EventBridge "Step Functions Execution Status Change" events of the onboarding state machine. */
export async function handleExecutionEvent(event: unknown, d: ExecutionEndDeps) {
  const end = parseExecutionStatusChange(event);
  const result = await recordExecutionEnd(d, end);
  const line = { executionName: end.name, status: end.status, ...result };
  if (result.outcome === 'failed') log.warn('workflow execution ended outside its failure route', line);
  else log.info('workflow execution end', line);
  return result;
}

export const handler = eventFunction(handleExecutionEvent, { deps: executionEventsDeps });
