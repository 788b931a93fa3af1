/**
 * What the bundles get for `node:stream/web` (serverless.yml `custom.esbuild.alias`). Only @middy/core imports
 * it, for one `instanceof ReadableStream` on the streamed responses no function here uses (streamifyResponse
 * is off), and loading Node's web streams costs about 4 ms of every cold start. The global ReadableStream is
 * the same class and Node loads it the first time it is read, so the check asks for it only when it runs.
 */
export const ReadableStream = {
  [Symbol.hasInstance]: (value: unknown): boolean => value instanceof globalThis.ReadableStream,
};
