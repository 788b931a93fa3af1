/**
 * The one way the CLI calls the admin API: a route of src/admin/contract.ts by name, its path filled from
 * `params`, its query and body typed by the contract, its answer checked against the documented fields (an
 * API of another version is named as such instead of printing `undefined`).
 */
import type * as v from 'valibot';
import {
  ADMIN_CONTRACT,
  type AdminContract,
  type AdminRouteName,
  answerProblems,
  type ParamNames,
  type RouteAnswer,
  type RouteContract,
  routePath,
} from '../src/admin/contract';
import type { AdminClient } from './client';

type QueryInput<R extends RouteContract> = R['query'] extends v.GenericSchema
  ? { [K in keyof v.InferInput<R['query']>]?: string | number | boolean | undefined }
  : never;

export type CallInput<R extends RouteContract> = ([ParamNames<R['path']>] extends [never]
  ? { params?: undefined }
  : { params: Record<ParamNames<R['path']>, string> }) & {
  query?: QueryInput<R>;
  body?: R['body'] extends v.GenericSchema ? v.InferInput<R['body']> : never;
  csv?: R['body'] extends 'text/csv' ? string : never;
};

/** What the named route answers. */
export type RouteAnswerOf<N extends AdminRouteName> = RouteAnswer<AdminContract[N]>;

export async function callRoute<N extends AdminRouteName>(
  api: AdminClient,
  name: N,
  input: CallInput<AdminContract[N]>,
): Promise<RouteAnswer<AdminContract[N]>> {
  const route: RouteContract = ADMIN_CONTRACT[name];
  const path = routePath(route.path, (input.params ?? {}) as Record<string, string>);
  const answer = await api.request<unknown>(route.method, path, {
    ...(input.query ? { query: input.query } : {}),
    ...(route.body === 'text/csv'
      ? { text: { body: input.csv ?? '', contentType: 'text/csv; charset=utf-8' } }
      : route.body
        ? { json: input.body ?? {} }
        : {}),
  });
  const problems = answerProblems(route, answer);
  if (problems) {
    const first = problems[0]!;
    throw new Error(
      `the admin API answered ${route.method} ${path} without the documented ${first.field || 'body'} (${first.message}): is it the same version as this CLI?`,
    );
  }
  return answer as RouteAnswer<AdminContract[N]>;
}
