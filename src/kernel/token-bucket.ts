/**
 * A token bucket over real time (the budget is about requests per real second, so it ignores the movable
 * clock). `take()` waits until a token is free; callers are served in order.
 */
export interface TokenBucket {
  take(): Promise<void>;
  available(): number;
}

export function createTokenBucket(opts: {
  ratePerSecond: number;
  burst: number;
  nowMs?: () => number;
  sleep?: (ms: number) => Promise<void>;
}): TokenBucket {
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
    available() {
      refill();
      return tokens;
    },
  };
}
