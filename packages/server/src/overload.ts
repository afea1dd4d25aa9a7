// Bounds the work one process takes on. Without it a burst of page requests each waits for a
// database connection until the pool's timeout and then fails with 500; with it, a fixed number
// run, a short queue waits (for a bounded time), and the rest hear 503 with Retry-After at once,
// while /healthz and static files stay fast.

/** Frees a slot taken with `acquire`; calling it more than once is harmless. */
export type Release = () => void;

export interface LimiterStats {
  active: number;
  queued: number;
  refused: number;
}

/** A counting semaphore with a bounded FIFO queue and a bounded wait. */
export class ConcurrencyLimiter {
  private active = 0;
  private refused = 0;
  private readonly queue: { grant: (release: Release | null) => void; timer: NodeJS.Timeout | null }[] = [];

  constructor(
    readonly capacity: number,
    readonly queueLength: number,
    readonly queueTimeoutMs: number,
  ) {}

  /** A slot now, a slot after a wait in the queue, or null when the queue is full or the wait ran out. */
  acquire(): Promise<Release | null> {
    if (this.active < this.capacity) return Promise.resolve(this.take());
    if (this.queue.length >= this.queueLength || this.queueTimeoutMs === 0) {
      this.refused += 1;
      return Promise.resolve(null);
    }
    return new Promise((resolve) => {
      const waiter = {
        grant: resolve,
        timer: setTimeout(() => {
          const index = this.queue.indexOf(waiter);
          if (index !== -1) this.queue.splice(index, 1);
          this.refused += 1;
          resolve(null);
        }, this.queueTimeoutMs) as NodeJS.Timeout | null,
      };
      this.queue.push(waiter);
    });
  }

  /** Takes a slot only if one is free now (no queue): for work that must not wait. */
  tryAcquire(): Release | null {
    if (this.active < this.capacity) return this.take();
    this.refused += 1;
    return null;
  }

  stats(): LimiterStats {
    return { active: this.active, queued: this.queue.length, refused: this.refused };
  }

  private take(): Release {
    this.active += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next) {
        // The slot passes straight to the next waiter: `active` stays the same.
        if (next.timer) clearTimeout(next.timer);
        next.grant(this.handOver());
      } else {
        this.active -= 1;
      }
    };
  }

  private handOver(): Release {
    this.active -= 1;
    return this.take();
  }
}
