import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { workspaceKey } from './keys';
import type { TableDeps } from './table';

/** Which hire a WorkSpace belongs to (`WORKSPACE#<id>`): login events name only the WorkSpace. */
export interface WorkspaceOwners {
  put(workspaceId: string, hireId: string): Promise<void>;
  find(workspaceId: string): Promise<string | undefined>;
}

export function createWorkspaceOwners(deps: TableDeps): WorkspaceOwners {
  const { client, tableName: TableName } = deps;
  return {
    async put(workspaceId, hireId) {
      // Unconditional: a WorkSpace id is never reused, so a repeated write stores the same pair.
      await client.send(
        new PutCommand({
          TableName,
          Item: { ...workspaceKey(workspaceId), hireId, workspaceId, createdAt: deps.now().toISOString() },
        }),
      );
    },
    async find(workspaceId) {
      const out = await client.send(new GetCommand({ TableName, Key: workspaceKey(workspaceId) }));
      return typeof out.Item?.hireId === 'string' ? out.Item.hireId : undefined;
    },
  };
}
