import { type Clock, systemClock } from "../domain/clock.js";
import type { Deps } from "../domain/deps.js";
import type { Store } from "../store/store.js";
import { assert } from "../errors.js";
import { MAX_ADVANCE_MS } from "../schemas/emulator/clock.js";

/** The clock's state, as stored and shown: frozen at an instant, or running `offsetMs` ahead of the base. */
export interface ClockState {
  /** Milliseconds added to the base clock while running. */
  offsetMs: number;
  /** The instant time stands still at, or null while it runs. */
  frozenAt: number | null;
}

/** What `POST /_vconf/v1/clock` asks for; applied in this order: reset, freeze/unfreeze, advance. */
export interface ClockChange {
  advanceMs?: number;
  freeze?: boolean;
  reset?: boolean;
}

export const SYSTEM_TIME: ClockState = { offsetMs: 0, frozenAt: null };

/** Whether `s` is the plain base clock (nothing to remember across a restart). */
export const isSystemTime = (s: ClockState) => s.offsetMs === 0 && s.frozenAt === null;

/**
 * The emulator's clock: every time vconf reads (token expiry, join and leave times, durations, the change
 * log, the journal) comes from here, so a test can move time forward or stop it instead of waiting. It
 * runs on a base clock (the system's; a hand-moved one in vconf's own tests) plus an offset, or stands
 * still at a frozen instant. Time only moves forward through it: `advance` takes no negative amount, and
 * unfreezing continues from the frozen instant. Only `reset` returns to the base clock, which may be a
 * step back.
 */
export class EmulatorClock implements Clock {
  private offsetMs: number;
  private frozenAt: number | null;

  constructor(
    /** Real time: what the rate limit counts in (a frozen clock must not stop its windows). */
    readonly base: Clock = systemClock,
    state: ClockState = SYSTEM_TIME,
  ) {
    this.offsetMs = state.offsetMs;
    this.frozenAt = state.frozenAt;
  }

  now(): number {
    return this.frozenAt ?? this.base.now() + this.offsetMs;
  }

  state(): ClockState {
    return { offsetMs: this.offsetMs, frozenAt: this.frozenAt };
  }

  /** The state `change` leads to from now, without applying it (it is stored first). */
  next(change: ClockChange): ClockState {
    const some = change.advanceMs !== undefined || change.freeze !== undefined || change.reset;
    assert(some, "paramsError", "give advanceMs, freeze or reset");
    const advance = change.advanceMs ?? 0;
    assert(
      Number.isSafeInteger(advance) && advance >= 0 && advance <= MAX_ADVANCE_MS,
      "paramsError",
      `advanceMs must be a whole number of milliseconds from 0 to ${MAX_ADVANCE_MS}`,
    );
    let { offsetMs, frozenAt } = change.reset ? SYSTEM_TIME : this.state();
    const base = this.base.now();
    if (change.freeze === true && frozenAt === null) frozenAt = base + offsetMs;
    if (change.freeze === false && frozenAt !== null) [offsetMs, frozenAt] = [frozenAt - base, null];
    if (frozenAt !== null) frozenAt += advance;
    else offsetMs += advance;
    return { offsetMs, frozenAt };
  }

  apply(state: ClockState): void {
    this.offsetMs = state.offsetMs;
    this.frozenAt = state.frozenAt;
  }

  private queue: Promise<unknown> = Promise.resolve();
  /** Runs `change` after every change queued before it has finished (failed or not). */
  serialize<T>(change: () => Promise<T>): Promise<T> {
    const run = this.queue.then(change);
    this.queue = run.catch(() => {});
    return run;
  }
}

/** How the control plane shows the clock. */
export function clockView(clock: EmulatorClock) {
  // One reading of the base clock: two (now(), then base.now()) straddle a millisecond on a busy machine
  // and showed a running, unadvanced clock as -2 ms off.
  const { offsetMs, frozenAt } = clock.state();
  const base = clock.base.now();
  const now = frozenAt ?? base + offsetMs;
  return {
    now: new Date(now).toISOString(),
    nowMs: now,
    frozen: frozenAt !== null,
    offsetMs: now - base,
  };
}

/** Where the clock is kept across restarts (vconf's settings table). */
const SETTING = "clock";

/** The clock a store left: the stored one, or the system clock (nothing stored, or unreadable). */
export async function loadClock(store: Store, base: Clock = systemClock): Promise<EmulatorClock> {
  const raw = await store.transaction((tx) => tx.getSetting(SETTING), { readOnly: true });
  return new EmulatorClock(base, parseState(raw));
}

function parseState(raw: string | undefined): ClockState {
  if (raw === undefined) return SYSTEM_TIME;
  try {
    const s = JSON.parse(raw) as Partial<ClockState>;
    const offsetMs = Number.isSafeInteger(s.offsetMs) ? s.offsetMs! : 0;
    const frozenAt = Number.isSafeInteger(s.frozenAt) ? s.frozenAt! : null;
    return { offsetMs, frozenAt };
  } catch {
    return SYSTEM_TIME;
  }
}

/**
 * `POST /_vconf/v1/clock`. Changes are applied one at a time (two concurrent advances both count); each is
 * stored before it takes effect and is answered, so an answered change survives a crash. The system clock
 * is stored as no setting at all.
 */
export async function changeClock(deps: Deps, clock: EmulatorClock, change: ClockChange) {
  await clock.serialize(async () => {
    const next = clock.next(change);
    const value = isSystemTime(next) ? undefined : JSON.stringify(next);
    await deps.store.transaction((tx) => tx.putSetting(SETTING, value));
    clock.apply(next);
  });
  return clockView(clock);
}
