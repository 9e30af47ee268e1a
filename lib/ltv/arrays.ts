// Checked element access, for code compiled with noUncheckedIndexedAccess. Where a loop's bounds or a
// lookup table's construction already guarantee an index, `at` states that invariant in the types and
// throws a RangeError naming it if a bug ever breaks it, instead of letting `undefined` become NaN
// several steps later. Small enough for V8 to inline in the hot likelihood loops. Pure: imports nothing.

/** Any value except undefined, so that an undefined read can only mean a missing element. */
export type Defined = NonNullable<unknown> | null;

/**
 * xs[i] for an array whose elements are never undefined, so an undefined read can only mean that i is
 * outside the array; that throws a RangeError naming the array (`name`) and its length.
 */
export function at<T extends Defined>(xs: ArrayLike<T>, i: number, name = "array"): T {
  const value = xs[i];
  if (value === undefined) throw new RangeError(`${name}[${i}] is out of range (length ${xs.length})`);
  return value;
}

/** The last element of a non-empty array; a RangeError naming the array when it is empty. */
export function last<T extends Defined>(xs: ArrayLike<T>, name = "array"): T {
  return at(xs, xs.length - 1, name);
}

/**
 * record[key] when key is the record's own property, else undefined: a segment or category named
 * "constructor" must not read Object.prototype's.
 */
export function ownValue<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
