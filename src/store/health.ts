import type { StoreHealth } from "./store.js";

/**
 * A store's write health: failed when a write met a storage fault (disk full, read-only or deleted files,
 * a lock held elsewhere past its deadline, a server out of space), healthy again once a write succeeds.
 * Each change of state is reported once as a process warning (stderr), not once per request.
 */
export class HealthState {
  private reason: string | undefined;

  failed(reason: string): void {
    if (this.reason === undefined) process.emitWarning(`vconf: the store cannot take writes: ${reason}`);
    this.reason = reason;
  }

  recovered(): void {
    if (this.reason === undefined) return;
    this.reason = undefined;
    process.emitWarning("vconf: the store takes writes again");
  }

  get(): StoreHealth {
    return this.reason === undefined ? { ok: true } : { ok: false, reason: this.reason };
  }
}
