import { describe, expect, it } from "vitest";
import { JOB_KINDS } from "./kinds";
import { TRACKED_WITHOUT_WORKERS } from "@/lib/jobs/queue";

describe("job kinds", () => {
  it("the queue's list of tracked kinds (used before any worker registered them) matches the kinds themselves", () => {
    const tracked = JOB_KINDS.filter((kind) => kind.tracked)
      .map((kind) => kind.name)
      .sort();
    expect(tracked).toEqual(["backtest", "cost-preview", "cost-recompute", "metrics-as-of", "model-refit"]);
    expect([...TRACKED_WITHOUT_WORKERS].sort()).toEqual(tracked);
  });

  it("every kind has its own queue name", () => {
    const names = JOB_KINDS.map((kind) => kind.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
