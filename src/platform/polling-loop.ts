import { Logger } from '@nestjs/common';

export interface PollingLoopOptions {
  /** logger context */
  name: string;
  intervalMs: number;
  /** One round of work; returns true when more work is waiting (the next round starts at once). */
  step: () => Promise<boolean>;
  /** Housekeeping, at most once an hour, after a successful round. */
  hourly?: () => Promise<void>;
  /** Logged on the first failure and every 50th after it. */
  failureMessage: string;
  /** Logged when a round succeeds after failures. */
  recoveredMessage?: string;
}

/**
 * A background loop for the worker role: runs `step` every `intervalMs`, at once again while work
 * is waiting, backs off exponentially (up to 5 s) while it fails, and stops promptly.
 */
export class PollingLoop {
  private readonly logger: Logger;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private lastHourly = 0;

  constructor(private readonly options: PollingLoopOptions) {
    this.logger = new Logger(options.name);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { intervalMs, step, hourly, failureMessage, recoveredMessage } = this.options;
    let failures = 0;
    while (this.running) {
      let delay = intervalMs;
      try {
        if (await step()) delay = 0;
        if (failures > 0 && recoveredMessage) this.logger.log(recoveredMessage);
        failures = 0;
        if (hourly && Date.now() - this.lastHourly > 3600_000) {
          this.lastHourly = Date.now();
          await hourly();
        }
      } catch (err) {
        failures++;
        if (failures === 1 || failures % 50 === 0) this.logger.warn({ err: (err as Error).message, failures }, failureMessage);
        delay = Math.min(intervalMs * 2 ** Math.min(failures, 6), 5000);
      }
      if (delay > 0 && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }
}
