// What `import "server-only"` resolves to outside Next.js (tsx scripts and Vitest), through the
// "server-only" path in tsconfig.json and the alias in vitest.config.ts. Next.js resolves the
// package itself, per layer: empty on the server, an error when a client bundle reaches it.
export {};
