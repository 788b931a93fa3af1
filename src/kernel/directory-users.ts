/**
 * Directory accounts where AWS lets the product create them: AWS Managed Microsoft AD with Directory Service
 * Data enabled. Provisioning creates a hire's account before its WorkSpace; the admin preflight checks that
 * each user of a wave exists or will be created. The adapter in src/provisioning/adapters/ signs its calls
 * itself (there is no JavaScript client for Directory Service Data).
 */

/** Directory Service Data's state on one directory, as ds `DescribeDirectoryDataAccess` names it. */
export type DataAccessStatus = 'Disabled' | 'Disabling' | 'Enabled' | 'Enabling' | 'Failed';

/** The account the product creates: what the directory needs to sign the person in and reach them. */
export interface NewDirectoryUser {
  /** The directory user name (`SAMAccountName`). */
  userName: string;
  givenName?: string;
  surname?: string;
  email?: string;
}

export interface DirectoryUsers {
  /** Whether Directory Service Data is enabled on this directory (ds `DescribeDirectoryDataAccess`). */
  dataAccess(directoryId: string): Promise<DataAccessStatus>;
  /** The account, or undefined when the directory has no user of that name (ds-data `DescribeUser`). */
  describeUser(
    directoryId: string,
    userName: string,
  ): Promise<{ userName: string; enabled: boolean } | undefined>;
  /**
   * Creates the account (ds-data `CreateUser`). `clientToken` is derived from the hire and its queueing, so
   * a retry of the same creation is answered as the first one and never creates twice.
   */
  createUser(directoryId: string, user: NewDirectoryUser, clientToken: string): Promise<void>;
}
