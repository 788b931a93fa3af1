/**
 * Amazon WorkSpaces + AWS Directory Service simulator for the local cloud and tests.
 * Speaks awsJson1_1 so the official SDK clients and the AWS CLI work against it unchanged.
 */
export { meetsPasswordPolicy } from './directory-ops';
export { signingRegion, startWorkspacesSimulator } from './server';
export type {
  AllCallCounts,
  Budget,
  CallCounts,
  DirectoryInfo,
  FaultSettings,
  Faults,
  LoginDetails,
  OperationCounts,
  ProvisioningSettings,
  WorkspacesAccessEvent,
  WorkspacesSimulatorOptions,
} from './simulator';
export { ControlError, WorkspacesSimulator } from './simulator';
export {
  AD_CONNECTOR_DIRECTORY_ID,
  AD_CONNECTOR_REGISTRATION_CODE,
  AD_CONNECTOR_USERS,
  type DirectorySeed,
  OREGON_DIRECTORY_ID,
  OREGON_REGION,
  OREGON_REGISTRATION_CODE,
  OREGON_USERS,
  PERFORMANCE_WSP_BUNDLE_ID,
  SIMPLE_AD_DIRECTORY_ID,
  SIMPLE_AD_REGISTRATION_CODE,
  SIMPLE_AD_USERS,
  STANDARD_PCOIP_BUNDLE_ID,
  STANDARD_WSP_BUNDLE_ID,
} from './state';
