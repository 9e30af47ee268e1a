import { describe, expect, it } from "vitest";
import { at } from "./arrays";
import { bfgs, hessianFromGradient, invertPositiveDefinite, minimize, nelderMead, type Objective } from "./optimize";

/** The two coordinates of a 2-D test objective's point. */
const pair = (x: Float64Array): [number, number] => [at(x, 0), at(x, 1)];

// Rosenbrock's banana: minimum 0 at (1, 1), a curved narrow valley that defeats naive descent.
const rosenbrock: Objective = (x, gradient) => {
  const [a, b] = pair(x);
  if (gradient) {
    gradient[0] = -2 * (1 - a) - 400 * a * (b - a * a);
    gradient[1] = 200 * (b - a * a);
  }
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
};

describe("bfgs", () => {
  it("finds Rosenbrock's minimum from the classic start (−1.2, 1)", () => {
    const result = bfgs(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
    expect(result.value).toBeLessThan(1e-12);
  });

  it("treats non-finite values as infeasible and backs off", () => {
    // f is defined on (0.9, 1.1) only; the first unit-length step from 1.05 lands far outside (NaN).
    let sawNaN = false;
    const f: Objective = (x, gradient) => {
      const u = at(x, 0);
      if (gradient) gradient[0] = -1 / (u - 0.9) + 1 / (1.1 - u);
      const value = -Math.log(u - 0.9) - Math.log(1.1 - u);
      if (Number.isNaN(value)) sawNaN = true;
      return value;
    };
    const result = bfgs(f, [1.05]);
    expect(sawNaN).toBe(true);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 8);
  });

  it("reports non-convergence honestly when the iteration budget is too small", () => {
    expect(bfgs(rosenbrock, [-1.2, 1], { maxIterations: 3 }).converged).toBe(false);
  });
});

describe("nelderMead", () => {
  it("minimises a non-smooth function", () => {
    const f: Objective = (x) => {
      const [u, v] = pair(x);
      return Math.abs(u - 3) + 2 * Math.abs(v + 1);
    };
    const result = nelderMead(f, [0, 0], { maxEvaluations: 2000 });
    expect(result.x[0]).toBeCloseTo(3, 4);
    expect(result.x[1]).toBeCloseTo(-1, 4);
  });
});

describe("minimize", () => {
  it("keeps the solution inside box bounds and reaches an active bound", () => {
    // Unconstrained minimum at (5, −5); the box is [−1, 2]², so the answer is the corner (2, −1).
    const f: Objective = (x, gradient) => {
      const [u, v] = pair(x);
      if (gradient) {
        gradient[0] = 2 * (u - 5);
        gradient[1] = 2 * (v + 5);
      }
      return (u - 5) ** 2 + (v + 5) ** 2;
    };
    const result = minimize(f, [0, 0], { lower: [-1, -1], upper: [2, 2] });
    expect(result.x[0]).toBeGreaterThan(1.999);
    expect(result.x[0]).toBeLessThanOrEqual(2);
    expect(result.x[1]).toBeLessThan(-0.999);
    expect(result.x[1]).toBeGreaterThanOrEqual(-1);
  });

  it("falls back to Nelder–Mead when BFGS cannot start (gradient unusable at x0)", () => {
    // The gradient is NaN at the start point only; BFGS gives up at once and the fallback recovers.
    const f: Objective = (x, gradient) => {
      const [u, v] = pair(x);
      if (gradient) {
        gradient[0] = u === 4 ? Number.NaN : 2 * (u - 1);
        gradient[1] = 2 * (v - 2);
      }
      return (u - 1) ** 2 + (v - 2) ** 2;
    };
    const result = minimize(f, [4, 4]);
    expect(result.method).toBe("nelder-mead+bfgs");
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(2, 6);
  });

  it("stops at the first iterate stopIf accepts, without restarts", () => {
    // Rosenbrock from (−1.2, 1) takes dozens of BFGS iterations to reach (1, 1); the caller
    // only needs to know when the iterate has crossed x = 0.
    let evaluations = 0;
    const counted: Objective = (x, gradient) => {
      evaluations++;
      return rosenbrock(x, gradient);
    };
    const stopped = minimize(counted, [-1.2, 1], { stopIf: (x) => at(x, 0) > 0 });
    const stoppedEvaluations = evaluations;
    expect(stopped.x[0]).toBeGreaterThan(0);
    expect(stopped.converged).toBe(false);
    expect(stopped.method).toBe("bfgs");
    evaluations = 0;
    const full = minimize(counted, [-1.2, 1]);
    expect(full.x[0]).toBeCloseTo(1, 6);
    expect(stoppedEvaluations).toBeLessThan(evaluations);
  });

  it("requires both bounds or neither", () => {
    expect(() => minimize(rosenbrock, [0, 0], { lower: [0, -Infinity], upper: [Infinity, Infinity] })).toThrow(RangeError);
  });
});

describe("hessianFromGradient and invertPositiveDefinite", () => {
  it("recover a quadratic's Hessian and its inverse", () => {
    // f = ½ xᵀ A x with A = [[4, 1], [1, 3]]
    const f: Objective = (x, gradient) => {
      const [u, v] = pair(x);
      if (gradient) {
        gradient[0] = 4 * u + v;
        gradient[1] = u + 3 * v;
      }
      return 0.5 * (4 * u ** 2 + 2 * u * v + 3 * v ** 2);
    };
    const H = hessianFromGradient(f, [0.3, -0.7]);
    expect(H[0]?.[0]).toBeCloseTo(4, 8);
    expect(H[0]?.[1]).toBeCloseTo(1, 8);
    expect(H[1]?.[1]).toBeCloseTo(3, 8);
    const inverse = invertPositiveDefinite(H);
    // A⁻¹ = [[3, −1], [−1, 4]] / 11
    expect(inverse?.[0]?.[0]).toBeCloseTo(3 / 11, 8);
    expect(inverse?.[0]?.[1]).toBeCloseTo(-1 / 11, 8);
    expect(inverse?.[1]?.[1]).toBeCloseTo(4 / 11, 8);
  });

  it("returns null for a matrix that is not positive definite", () => {
    expect(
      invertPositiveDefinite([
        [1, 2],
        [2, 1],
      ]),
    ).toBeNull();
  });
});
