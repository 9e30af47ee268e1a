import { describe, expect, it } from "vitest";
import { replicaLagOf } from "./read-database";

const at = "2026-12-05T10:00:00.000Z";

describe("replicaLagOf", () => {
  it("an idle, streaming replica that replayed all it received is not behind, however old its last replayed commit", () => {
    // The primary wrote nothing for an hour: the last replayed commit is an hour old, the lag is 0.
    expect(replicaLagOf({ in_recovery: true, streaming: true, replayed_all: true, last_replay_at: at, since_last_replay: 3600 })).toEqual({
      lagSeconds: 0,
      lastReplayAt: new Date(at),
      caughtUp: true,
    });
  });
  it("WAL waiting to be replayed: behind by the time since the last replayed commit", () => {
    expect(
      replicaLagOf({ in_recovery: true, streaming: true, replayed_all: false, last_replay_at: at, since_last_replay: "7.25" }),
    ).toEqual({
      lagSeconds: 7.25,
      lastReplayAt: new Date(at),
      caughtUp: false,
    });
  });
  it("not streaming (cut off from the primary): behind by the time since the last replayed commit, even with nothing left to replay", () => {
    expect(
      replicaLagOf({ in_recovery: true, streaming: false, replayed_all: true, last_replay_at: at, since_last_replay: 42 }).lagSeconds,
    ).toBe(42);
  });
  it("WAL waiting and nothing replayed yet: behind by an unknown amount (Infinity)", () => {
    expect(
      replicaLagOf({ in_recovery: true, streaming: true, replayed_all: false, last_replay_at: null, since_last_replay: null }),
    ).toEqual({
      lagSeconds: Infinity,
      lastReplayAt: null,
      caughtUp: false,
    });
  });
  it("a server not in recovery (a primary, or a promoted replica) is current", () => {
    expect(
      replicaLagOf({ in_recovery: false, streaming: false, replayed_all: false, last_replay_at: null, since_last_replay: null }),
    ).toEqual({
      lagSeconds: 0,
      lastReplayAt: null,
      caughtUp: true,
    });
  });
  it("a clock a little ahead on the replica never makes the lag negative", () => {
    expect(
      replicaLagOf({ in_recovery: true, streaming: true, replayed_all: false, last_replay_at: at, since_last_replay: -0.2 }).lagSeconds,
    ).toBe(0);
  });
});
