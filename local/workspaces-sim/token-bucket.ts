/**
 * The account-wide WorkSpaces request budget. It runs on real time (performance.now), never on the
 * movable clock: moving the clock a day forward must not hand out a day's worth of requests.
 */
export class TokenBucket {
  private tokens: number;
  private lastMs: number;

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    if (!(ratePerSecond > 0) || !(burst >= 1)) {
      throw new RangeError(`budget needs ratePerSecond > 0 and burst >= 1, got ${ratePerSecond}/${burst}`);
    }
    this.tokens = burst;
    this.lastMs = nowMs();
  }

  tryTake(): boolean {
    const now = this.nowMs();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.lastMs) / 1000) * this.ratePerSecond);
    this.lastMs = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
