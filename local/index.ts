/**
 * The local cloud's entry (`@workspaces-onboarding/local-cloud`): what tests, the bench and the scripts
 * beside it start the product with. Files behind it may change; these names stay.
 */
export { type ChildCloud, childCloud } from './child-cloud';
export { createLocalClock, type LocalClock } from './clock';
export {
  DEFAULT_PORTS,
  LOCAL_ACCOUNT,
  LOCAL_REGION,
  type LocalCloud,
  type LocalCloudOptions,
  startLocalCloud,
} from './cloud';
export { loadWorkflowFile, startStepFunctions } from './stepfunctions';
export { postSignedWebhook, sampleHire } from './webhook-client';
