// Seeded pseudo-random numbers for the demo-data generator and the model simulations. Hand-written rather
// than a library because the seed must reproduce the same data on every machine,
// and every account needs its own independent stream (so account 7's data does not
// change when account 3's generation code draws one more number).
//
// Generator: sfc32 (Chris Doty-Humphrey's "small fast counting" generator, from
// PractRand): 128-bit state, a counter that guarantees a period of at least 2^32,
// and an invertible state update, so different initial states never merge. A
// 32-bit-state generator such as mulberry32 would not do: 100 000 account streams
// on one 2^32 cycle overlap, and overlapping streams produce duplicate UUIDs.

import { indexError, type Defined } from "@/lib/ltv/arrays";

const UINT32 = 4_294_967_296;

/** MurmurHash3's 32-bit finaliser: a bijection on uint32 that scrambles every bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const HEX_DIGITS = "0123456789abcdef";

export type Weighted<T> = ReadonlyArray<readonly [T, number]>;

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | null = null;

  private constructor(a: number, b: number, c: number) {
    this.a = a >>> 0;
    this.b = b >>> 0;
    this.c = c >>> 0;
    this.d = 1;
    // Standard sfc32 seeding: discard the first outputs so nearby seeds decorrelate.
    for (let i = 0; i < 15; i++) this.next();
  }

  /**
   * An independent stream for (seed, tag, index). The state is built injectively
   * from the three (seed and tag through bijections, index verbatim), so two
   * different accounts can never start from the same state.
   */
  static stream(seed: number, tag: number, index = 0): Rng {
    const s = fmix32(seed >>> 0);
    return new Rng(s, index >>> 0, fmix32((tag >>> 0) ^ fmix32(s ^ 0x9e3779b9)));
  }

  /** Next uint32. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / UINT32;
  }

  /** Uniform in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.float();
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T extends Defined>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    const i = Math.floor(this.float() * items.length);
    const item = items[i];
    if (item === undefined) throw indexError("items", i, items.length);
    return item;
  }

  /** Picks by relative weight (weights need not sum to 1; non-positive weights never win). */
  weighted<T>(items: Weighted<T>): T {
    let total = 0;
    let lastPositive: readonly [T, number] | undefined;
    for (const entry of items) {
      if (entry[1] > 0) {
        total += entry[1];
        lastPositive = entry;
      }
    }
    if (total <= 0 || !lastPositive) throw new Error("weighted pick without a positive weight");
    let u = this.float() * total;
    for (const [item, w] of items) {
      if (w <= 0) continue;
      u -= w;
      if (u < 0) return item;
    }
    // Floating-point leftovers: the last positive item.
    return lastPositive[0];
  }

  /** Standard normal (Box–Muller, the second value kept for the next call). */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + sd * z;
    }
    let u = 0;
    while (u === 0) u = this.float();
    const v = this.float();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }

  /** exp(N(mu, sigma)): median e^mu. */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** Poisson count: Knuth's product method for small means, a rounded normal above 30. */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 30) return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.float();
    while (p > limit) {
      k++;
      p *= this.float();
    }
    return k;
  }

  /** Gamma(shape, scale) by Marsaglia & Tsang (2000); shape < 1 via the boost u^(1/shape). */
  gamma(shape: number, scale: number): number {
    if (shape < 1) return this.gamma(shape + 1, scale) * Math.pow(this.float() || Number.MIN_VALUE, 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.float();
      if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  /** Fisher–Yates, in place; returns the same array. */
  shuffle<T extends Defined>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1));
      const itemI = items[i];
      const itemJ = items[j];
      if (itemI === undefined || itemJ === undefined) throw indexError("items", i, items.length); // j ≤ i
      items[i] = itemJ;
      items[j] = itemI;
    }
    return items;
  }

  /** A version-4-shaped UUID from the stream (deterministic, so seeded ids are stable). */
  uuid(): string {
    const w0 = this.next();
    const w1 = this.next();
    const w2 = (this.next() & 0x3fffffff) | 0x80000000; // variant 10xx
    const w3 = this.next();
    // Two hex digits of a byte of w; the mask keeps the index inside HEX.
    const b = (w: number, shift: number) => {
      const digits = HEX[(w >>> shift) & 0xff];
      if (digits === undefined) throw indexError("HEX", (w >>> shift) & 0xff, HEX.length);
      return digits;
    };
    return (
      b(w0, 24) +
      b(w0, 16) +
      b(w0, 8) +
      b(w0, 0) +
      "-" +
      b(w1, 24) +
      b(w1, 16) +
      "-" +
      "4" +
      HEX_DIGITS.charAt((w1 >>> 8) & 0x0f) +
      b(w1, 0) +
      "-" +
      b(w2, 24) +
      b(w2, 16) +
      "-" +
      b(w2, 8) +
      b(w2, 0) +
      b(w3, 24) +
      b(w3, 16) +
      b(w3, 8) +
      b(w3, 0)
    );
  }
}

/** A seeded uniform [0, 1) source for simulations and generated test data. */
export function seededUniform(seed: number): () => number {
  const rng = Rng.stream(seed, 0);
  return () => rng.float();
}
