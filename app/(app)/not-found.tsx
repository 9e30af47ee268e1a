import type { Metadata } from "next";
import { NotFoundMessage } from "@/components/not-found-message";

export const metadata: Metadata = { title: "Page not found" };

// notFound() from a page under (app) (an unknown account id): the (app) layout already
// drew the navigation around it.
export default function AppNotFound() {
  return <NotFoundMessage home="/" homeLabel="Go to your start page" />;
}
