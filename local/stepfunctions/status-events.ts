import { randomUUID } from 'node:crypto';
import { EXECUTION_STATUS_CHANGE, STATES_EVENT_SOURCE } from '../../src/kernel/hire/execution-event';

/**
 * The EventBridge event Step Functions sends to the default bus on every status change of a Standard
 * execution (source `aws.states`, detail-type "Step Functions Execution Status Change"), shaped like
 * AWS's examples: the detail carries no error or cause (DescribeExecution has them), and input or output
 * left out when the escaped pair would pass 248 KiB, with `inputDetails`/`outputDetails` saying so.
 */
const EVENT_PAYLOAD_MAX_BYTES = 248 * 1024;

export interface ExecutionStatusChangeEvent {
  version: string;
  id: string;
  'detail-type': typeof EXECUTION_STATUS_CHANGE;
  source: typeof STATES_EVENT_SOURCE;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: {
    executionArn: string;
    stateMachineArn: string;
    name: string;
    status: string;
    /** epoch milliseconds */
    startDate: number;
    stopDate: number | null;
    input: string | null;
    inputDetails: { included: boolean };
    output: string | null;
    outputDetails: { included: boolean } | null;
  };
}

export function statusChangeEvent(execution: {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  startDate: number;
  stopDate?: number | undefined;
  input: string;
  output?: string | undefined;
  region: string;
  accountId: string;
  now: Date;
}): ExecutionStatusChangeEvent {
  const escaped = (text: string) => Buffer.byteLength(JSON.stringify(text), 'utf8');
  const { output } = execution;
  const outputIncluded = output !== undefined && escaped(output) <= EVENT_PAYLOAD_MAX_BYTES;
  const inputIncluded =
    escaped(execution.input) + (outputIncluded ? escaped(output) : 0) <= EVENT_PAYLOAD_MAX_BYTES;
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': EXECUTION_STATUS_CHANGE,
    source: STATES_EVENT_SOURCE,
    account: execution.accountId,
    time: execution.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: execution.region,
    resources: [execution.executionArn],
    detail: {
      executionArn: execution.executionArn,
      stateMachineArn: execution.stateMachineArn,
      name: execution.name,
      status: execution.status,
      startDate: execution.startDate,
      stopDate: execution.stopDate ?? null,
      input: inputIncluded ? execution.input : null,
      inputDetails: { included: inputIncluded },
      output: outputIncluded ? output : null,
      outputDetails: output === undefined ? null : { included: outputIncluded },
    },
  };
}
