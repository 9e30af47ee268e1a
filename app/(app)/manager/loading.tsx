export default function ManagerLoading() {
  return (
    <div aria-busy="true" className="space-y-4">
      <h1 className="text-xl font-semibold">Manager dashboard</h1>
      <p className="text-sm text-slate-500">Loading the dashboard…</p>
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="h-16 animate-pulse rounded-xl bg-white ring-1 ring-slate-200" />
        ))}
      </div>
    </div>
  );
}
