// Checked element access, for code compiled with noUncheckedIndexedAccess. Where a loop's bounds or a
// lookup table's construction already guarantee an index, `at` states that invariant in the types and
// throws a RangeError naming it if a bug ever breaks it, instead of letting `undefined` become NaN
// several steps later. The likelihood and quadrature loops read their typed arrays directly and check
// with indexError (see there why). Pure: imports nothing.

/** Any value except undefined, so that an undefined read can only mean a missing element. */
export type Defined = NonNullable<unknown> | null;

/**
 * xs[i] for an array whose elements are never undefined, so an undefined read can only mean that i is
 * outside the array; that throws a RangeError naming the array (`name`) and its length.
 */
export function at<T extends Defined>(xs: ArrayLike<T>, i: number, name = "array"): T {
  const value = xs[i];
  if (value === undefined) throw indexError(name, i, xs.length);
  return value;
}

/**
 * The error at() throws, for the hot loops that read their typed arrays directly and test the values
 * for undefined themselves: at() sees every kind of array in a process, so V8 compiles its read as a
 * generic (megamorphic) one, ~5× slower than a typed-array read in the loop, where the test is free.
 * Read each value just before its use, as before: holding more values across Math.log/exp calls
 * cost the BG/NBD likelihood loop ~4 %.
 */
export function indexError(name: string, i: number, length: number): RangeError {
  return new RangeError(`${name}[${i}] is out of range (length ${length})`);
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

/** matrix[i][j] for a matrix stored as rows, both indices checked like at(). */
export function at2<T extends Defined>(matrix: ArrayLike<ArrayLike<T>>, i: number, j: number, name = "matrix"): T {
  return at(at(matrix, i, name), j, name);
}
