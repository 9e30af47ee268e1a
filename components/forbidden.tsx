import { EmptyState } from "./ui/card";

export function ForbiddenNotice({ what }: { what: string }) {
  return (
    <EmptyState title="You don't have access to this page.">
      {what} is for other roles. Use the navigation above to get back to your work.
    </EmptyState>
  );
}
