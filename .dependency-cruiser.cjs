// Import boundaries (issue 19, docs/style.md "one-way imports"). Layers, each importing only
// the ones below it:
//   app → components → lib/<feature> → lib/{metrics,auth,http,jobs} → lib/db, lib/<file>.ts utilities
//   and the pure lib/{ltv,flags,fx}.
// Run by `npm run lint` (depcruise --config .dependency-cruiser.cjs app components lib);
// lib/lint/boundaries.test.ts shows that a wrong import fails it.
const CORE = "^lib/(metrics|auth|http|jobs)/";
const PURE = "^lib/(ltv|flags|fx)/";
const FEATURE = "^lib/(?!ltv/|flags/|fx/|metrics/|auth/|http/|jobs/|db/|generated/|testing/)[^/]+/";

module.exports = {
  forbidden: [
    {
      name: "no-circular-layers-lib-to-ui",
      comment: "lib is below the UI: it never imports app or components.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(app|components)/" },
    },
    {
      name: "components-below-app",
      comment: "Components are used by app routes, never the other way.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^app/" },
    },
    {
      name: "db-imports-no-feature",
      comment: "lib/db is the bottom layer: it imports only the generated client and lib/<file>.ts utilities.",
      severity: "error",
      from: { path: "^lib/db/" },
      to: { path: "^lib/(?!db/|generated/|[^/]+\\.ts$)" },
    },
    {
      name: "pure-domain-stays-pure",
      comment: "lib/ltv, lib/flags and lib/fx are pure: no database, framework or feature code (lib/days.ts, day arithmetic, is pure too).",
      severity: "error",
      from: { path: PURE, pathNot: "\\.test\\.ts$|/cli\\.ts$" },
      to: { path: "^lib/(?!ltv/|flags/|fx/|random\\.ts$|days\\.ts$)|^node_modules/(@prisma|prisma|next|react|pg|@electric-sql)/" },
    },
    {
      name: "core-imports-no-feature",
      comment:
        "lib/{metrics,auth,http,jobs} serve the features; they do not import them. The job-kind registry is lib/background. " +
        "Two deliberate exceptions: the audit trail (every layer records changes) and the flag-records sync, which the " +
        "metrics writers run in the same transaction as the flags they store.",
      severity: "error",
      from: { path: CORE, pathNot: "\\.test\\.ts$|/testing/" },
      to: { path: FEATURE, pathNot: "^lib/audit/record-audit\\.ts$|^lib/flag-records/sync\\.ts$" },
    },
    {
      name: "components-import-no-server-code",
      comment: "Client components may import types from server modules, but no value that reaches the database layer.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^lib/db/|^lib/generated/prisma/client|^node_modules/(pg|@electric-sql|@prisma)/", reachable: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(lib/generated|node_modules|\\.next)/" },
    // Type-only imports vanish at compile time: the rules judge what runs (and what a client bundle would carry).
    tsPreCompilationDeps: false,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
