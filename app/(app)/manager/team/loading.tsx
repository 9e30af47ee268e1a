export default function TeamLoading() {
  return (
    <div aria-busy="true" className="space-y-4">
      <h1 className="text-xl font-semibold">Team</h1>
      <p className="text-sm text-slate-500">Loading the team…</p>
      <div className="space-y-2 rounded-xl bg-white p-4 ring-1 ring-slate-200">
        {Array.from({ length: 4 }, (_, i) => (
          <div key={i} className="h-9 animate-pulse rounded bg-slate-100" />
        ))}
      </div>
    </div>
  );
}
