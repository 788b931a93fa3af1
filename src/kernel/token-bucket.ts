/**
 * A token bucket over real time (the budget is about requests per real second, so it ignores the movable
 * clock: moving the clock a day forward must not hand out a day's worth of requests). The product paces
 * its own calls with `take()`, which waits until a token is free and serves callers in order; the local
 * WorkSpaces simulator refuses a request over the budget with `tryTake()`, as the API throttles.
 */
export interface TokenBucket {
  take(): Promise<void>;
  /** Takes a token when one is free, without waiting: false means over the budget. */
  tryTake(): boolean;
  available(): number;
}

export interface Budget {
  ratePerSecond: number;
  burst: number;
}

export function createTokenBucket(
  opts: Budget & { nowMs?: () => number; sleep?: (ms: number) => Promise<void> },
): TokenBucket {
  if (!(opts.ratePerSecond > 0) || !(opts.burst >= 1)) {
    throw new RangeError(
      `a budget needs ratePerSecond > 0 and burst >= 1, got ${opts.ratePerSecond}/${opts.burst}`,
    );
  }
  const nowMs = opts.nowMs ?? (() => performance.now());
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let tokens = opts.burst;
  let last = nowMs();
  let queue: Promise<void> = Promise.resolve();

  const refill = () => {
    const now = nowMs();
    tokens = Math.min(opts.burst, tokens + ((now - last) / 1000) * opts.ratePerSecond);
    last = now;
  };

  return {
    take() {
      const turn = queue.then(async () => {
        refill();
        while (tokens < 1) {
          await sleep(Math.ceil(((1 - tokens) / opts.ratePerSecond) * 1000));
          refill();
        }
        tokens -= 1;
      });
      queue = turn;
      return turn;
    },
    tryTake() {
      refill();
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
    available() {
      refill();
      return tokens;
    },
  };
}
