/** The body of the 404 page, inside the app's shell or on its own (signed out). */
export function NotFoundMessage({ home, homeLabel }: { home: string; homeLabel: string }) {
  return (
    <section aria-labelledby="not-found-title" className="mx-auto max-w-xl py-8 text-center">
      <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">Error 404</p>
      <h1 id="not-found-title" className="mt-2 text-2xl font-semibold text-slate-900">
        We could not find that page.
      </h1>
      <p className="mt-3 text-slate-700">
        The address may be mistyped, or the account or record it pointed to was removed or moved to another rep.
      </p>
      <p className="mt-6">
        {/* A full page load: the start page may redirect (a password to change), which a client-side navigation handles badly. */}
        <a href={home} className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700">
          {homeLabel}
        </a>
      </p>
    </section>
  );
}
