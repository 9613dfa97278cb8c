import { ApiError, assert, catalog } from "../errors.js";
import type { FaultsBody, FaultSpec } from "../schemas/emulator/faults.js";

/** What a hit fault does to one call: wait `delayMs`, then answer `error` (if any) instead of running. */
export interface FaultHit {
  delayMs: number;
  error?: ApiError;
  /**
   * Set by a fault set shared by several instances (src/cluster/faults.ts): resolves to whether the
   * cluster-wide count still had this hit; false means the fault is spent and the call runs normally.
   */
  claim?: Promise<boolean>;
}

/** Claims the `index`th fault's next hit cluster-wide (see FaultHit.claim). */
export type FaultClaimer = (index: number) => Promise<boolean>;

const DEFAULT_SEED = 1;

/**
 * mulberry32: a tiny seeded PRNG, so a fault set with `probability` hits the same calls on every run.
 * Returns numbers in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fault's answer: `code` defaults to systemError, `status` to the code's catalog status (else 500). */
function faultError(f: FaultSpec): ApiError | undefined {
  if (f.status === undefined && f.code === undefined) return undefined;
  const code = f.code ?? "systemError";
  const known = (catalog as Record<string, { status: number; message: string } | undefined>)[code];
  const status = f.status ?? known?.status ?? 500;
  const message = f.message ?? known?.message ?? code;
  return new ApiError(code, status, message);
}

/**
 * The active fault set of one running app, replaced as a whole (in memory; with several instances on
 * PostgreSQL, src/cluster/faults.ts installs the shared set in each and claims hits cluster-wide). For each call the first
 * fault of its operation (in list order) that has hits left and wins its `probability` draw applies.
 */
export class Faults {
  private seed = DEFAULT_SEED;
  private faults: { spec: FaultSpec; fired: number }[] = [];
  private random = mulberry32(DEFAULT_SEED);
  /** Claims hits cluster-wide (several instances on PostgreSQL); absent, hits count in this process. */
  claimer: FaultClaimer | undefined;

  /** @param operations the operations that may carry faults (a typo in a fault set is refused). */
  constructor(private readonly operations: () => ReadonlySet<string>) {}

  /** Checks and installs `set`, resetting the counters and the random source. Throws paramsError. */
  replace(set: FaultsBody): void {
    this.check(set);
    this.install(set);
  }

  /** Refuses a fault set that names an unknown operation or mixes call and delivery fields. */
  check(set: FaultsBody): void {
    const known = this.operations();
    const faultable = [...known].sort().join(", ");
    set.faults.forEach((f, i) => {
      const at = `faults[${i}]`;
      assert(
        (f.operation === undefined) !== (f.delivery === undefined),
        "paramsError",
        `${at}: give operation (a call's fault) or delivery (an event push's fault)`,
      );
      if (f.delivery !== undefined) {
        assert(
          f.status === undefined && f.code === undefined && f.message === undefined,
          "paramsError",
          `${at}: a delivery fault takes drop or delayMs, not status/code/message`,
        );
        assert(
          f.drop || f.delayMs !== undefined,
          "paramsError",
          `${at}: give drop: true (lose pushes) or delayMs (delay them)`,
        );
        return;
      }
      assert(
        f.drop === undefined && f.appKey === undefined,
        "paramsError",
        `${at}: drop and appKey are for delivery faults`,
      );
      assert(
        known.has(f.operation!),
        "paramsError",
        `${at}.operation: no operation ${f.operation}; faultable: ${faultable}`,
      );
      assert(
        f.status !== undefined || f.code !== undefined || f.delayMs !== undefined,
        "paramsError",
        `${at}: give status/code (an error) or delayMs (a delay)`,
      );
    });
  }

  /** Installs a checked `set`, resetting the counters and the random source. */
  install(set: FaultsBody): void {
    this.seed = set.seed ?? DEFAULT_SEED;
    this.random = mulberry32(this.seed);
    this.faults = set.faults.map((spec) => ({ spec: { ...spec }, fired: 0 }));
  }

  /** Sets how often the `index`th fault fired (as the cluster counted it). */
  setFired(index: number, fired: number): void {
    const f = this.faults[index];
    if (f) f.fired = fired;
  }

  clear(): void {
    this.replace({ faults: [] });
  }

  /** The active set with how many times each fault fired. */
  list() {
    return {
      seed: this.seed,
      faults: this.faults.map(({ spec, fired }) => ({ ...spec, fired })),
    };
  }

  /** The fault that hits this call of `operation`, if any (and counts it). */
  hit(operation: string): FaultHit | undefined {
    const i = this.draw((s) => s.operation === operation);
    if (i === undefined) return undefined;
    const f = this.faults[i].spec;
    const hit: FaultHit = { delayMs: f.delayMs ?? 0, error: faultError(f) };
    if (this.claimer) hit.claim = this.claimer(i);
    return hit;
  }

  /** The delivery fault that hits this push to `clientKey` over `delivery`, if any (and counts it). */
  hitDelivery(
    delivery: "stream" | "http",
    clientKey: string,
  ): { drop: boolean; delayMs: number } | undefined {
    const i = this.draw((s) => s.delivery === delivery && (s.appKey === undefined || s.appKey === clientKey));
    if (i === undefined) return undefined;
    // Counted in this process: delivery decides synchronously (see docs/decisions.md, cluster faults).
    this.claimer?.(i).catch(() => {});
    const f = this.faults[i].spec;
    return { drop: !!f.drop, delayMs: f.delayMs ?? 0 };
  }

  /** The first matching fault with hits left that wins its draw (counted), as the docs above say. */
  private draw(matches: (spec: FaultSpec) => boolean): number | undefined {
    for (let i = 0; i < this.faults.length; i++) {
      const f = this.faults[i];
      if (!matches(f.spec)) continue;
      if (f.spec.count !== undefined && f.fired >= f.spec.count) continue;
      const p = f.spec.probability ?? 1;
      if (p < 1 && !(this.random() < p)) continue;
      f.fired++;
      return i;
    }
    return undefined;
  }
}

/** The active set as the control plane shows it (`Faults.list`). */
export type FaultList = ReturnType<Faults["list"]>;

/** What the control plane's fault routes act on: this process's set, or the set shared by a cluster. */
export interface FaultControl {
  put(set: FaultsBody): FaultList | Promise<FaultList>;
  list(): FaultList | Promise<FaultList>;
  clear(): void | Promise<void>;
}

/** The fault routes of a process on its own: they act on its `Faults` directly. */
export function localFaultControl(faults: Faults): FaultControl {
  return {
    put: (set) => {
      faults.replace(set);
      return faults.list();
    },
    list: () => faults.list(),
    clear: () => faults.clear(),
  };
}
