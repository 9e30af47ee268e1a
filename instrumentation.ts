// Runs once when the server starts; the Node-only part lives in its own module
// so the Edge bundle never sees process signals.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { installGracefulShutdown } = await import("@/lib/db/shutdown");
    installGracefulShutdown();
  }
}
