/**
 * WorkSpaces and directories as the product sees them: our own types, so the rules and use cases never
 * depend on the AWS SDK. src/provisioning/adapters/workspaces.ts maps the WorkSpaces API's shapes to these and back.
 */

import type { DirectorySignInFacts } from './sign-in';

/** One WorkSpace (DescribeWorkspaces, CreateWorkspaces' pending requests). */
export interface WorkspaceInfo {
  workspaceId: string;
  userName?: string;
  directoryId?: string;
  /** The API's `State` (PENDING, AVAILABLE, IMPAIRED, ERROR, ...); absent when the API left it out. */
  state?: string;
  errorCode?: string;
  errorMessage?: string;
}

export interface WorkspaceTag {
  key: string;
  value: string;
}

/** What CreateWorkspaces is asked to make for one hire. */
export interface NewWorkspace {
  directoryId: string;
  userName: string;
  bundleId: string;
  runningMode: string;
  protocol: 'PCOIP' | 'WSP';
  tags: WorkspaceTag[];
}

/** A create WorkSpaces refused, for the user it was asked for. */
export interface CreateFailure {
  userName?: string;
  errorCode?: string;
  errorMessage?: string;
}

/** A directory registered with WorkSpaces (DescribeWorkspaceDirectories), with its sign-in facts. */
export interface DirectoryInfo extends DirectorySignInFacts {
  directoryId: string;
  /** What the WorkSpaces client asks for on first start. */
  registrationCode?: string;
  alias?: string;
  directoryName?: string;
}

/** DescribeWorkspacesConnectionStatus for one WorkSpace. */
export interface ConnectionStatus {
  workspaceId: string;
  /** When the user last connected; absent when nobody ever did. */
  lastConnectedAt?: Date;
}

/** WorkSpaces said no to a change of one WorkSpace (TerminateWorkspaces' failed requests). */
export interface WorkspaceRefusal {
  errorCode?: string;
  errorMessage?: string;
}
