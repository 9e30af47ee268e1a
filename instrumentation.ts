// Runs once when the server starts; the Node-only part lives in its own module
// so the Edge bundle never sees process signals or the job queue.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.NEXT_PHASE !== "phase-production-build") {
    const { startServerJobs } = await import("@/lib/background/server");
    await startServerJobs();
  }
}
