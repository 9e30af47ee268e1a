/**
 * A region that scrolls sideways (a wide table or chart on a phone). It takes the
 * keyboard focus so it can be scrolled without a mouse (WCAG 2.1.1; axe
 * "scrollable-region-focusable") and is named for screen readers.
 */
export function ScrollArea({
  label,
  className = "",
  children,
  ...rest
}: { label: string; className?: string; children: React.ReactNode } & React.HTMLAttributes<HTMLDivElement>) {
  return (
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      className={`overflow-x-auto rounded-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 ${className}`}
      {...rest}
    >
      {children}
    </div>
  );
}
