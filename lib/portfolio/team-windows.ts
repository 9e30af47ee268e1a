// The time windows of the Team page, shared by the server query (team.ts) and the table that
// labels its columns (a client component, which must not import the query's module).

/** Activity window for visits and orders. */
export const ACTIVITY_DAYS = 90;
/** A flagged account nobody visited for this long needs the manager's eye. */
export const UNVISITED_DAYS = 30;
/** Window for upsell and cross-sell revenue. */
export const EXPANSION_DAYS = 365;
/** Win rate: deals won ÷ deals won or lost, closed in this many days up to today. */
export const WIN_RATE_DAYS = 90;
