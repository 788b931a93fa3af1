import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';

/** The Lambda context as the handlers of this product see it: with the function's dependencies. */
export type DepsContext<D> = Context & { deps: D };

/**
 * Builds the function's dependencies (adapters, configuration, clients) once per cold start, on the first
 * invocation, and hands the same set to every invocation of the container as `context.deps`. A build that
 * throws (an invalid configuration, a missing variable) is tried again on the next invocation, and its error
 * keeps its name on the way out.
 */
export function injectDeps<D>(build: () => D): MiddlewareObj<unknown, unknown, Error, DepsContext<D>> {
  let built: D | undefined;
  return {
    name: 'injectDeps',
    before(request) {
      built ??= build();
      request.context.deps = built;
    },
  };
}
