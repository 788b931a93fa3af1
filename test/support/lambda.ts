import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

/**
 * What a handler's middy chain is invoked with and writes, for the unit tests of the handler seams and the
 * middlewares: a Lambda context, an API Gateway HTTP API request, and the JSON lines the chain logs. The
 * ports behind the handlers are the in-memory ones of memory-stores.ts and fakes.ts.
 */

/** A Lambda context whose deadline is `remainingMs` away on the test's own terms. */
export function lambdaContext(name: string, remainingMs = 60_000): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `onboarding-test-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:ap-northeast-1:000000000000:function:onboarding-test-${name}`,
    memoryLimitInMB: '256',
    awsRequestId: `req-${name}`,
    logGroupName: `/aws/lambda/onboarding-test-${name}`,
    logStreamName: 'test',
    getRemainingTimeInMillis: () => remainingMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * The JSON lines written to stdout and stderr while `run` runs (Powertools writes log lines and EMF there),
 * parsed; other output is passed through.
 */
export async function captureLines<T>(
  run: () => Promise<T>,
): Promise<{ result: T; lines: Record<string, any>[]; stderr: Record<string, any>[] }> {
  const lines: Record<string, any>[] = [];
  const stderr: Record<string, any>[] = [];
  const spy = (stream: NodeJS.WriteStream, into: Record<string, any>[]) => {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text = String(chunk);
      if (text.startsWith('{')) {
        into.push(JSON.parse(text));
        return true;
      }
      return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    return () => {
      stream.write = original;
    };
  };
  const restoreOut = spy(process.stdout, lines);
  const restoreErr = spy(process.stderr, stderr);
  try {
    const result = await run();
    return { result, lines, stderr };
  } finally {
    restoreOut();
    restoreErr();
  }
}

/** An API Gateway HTTP API (payload 2.0) request; `routePath` is the route's template when it has parameters. */
export function httpRequest(
  method: string,
  path: string,
  over: Partial<APIGatewayProxyEventV2> & { routePath?: string } = {},
): APIGatewayProxyEventV2 {
  const { routePath, ...rest } = over;
  const routeKey = `${method} ${routePath ?? path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: {},
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'test',
      domainPrefix: 'test',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r-1',
      routeKey,
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
    isBase64Encoded: false,
    ...rest,
  };
}
