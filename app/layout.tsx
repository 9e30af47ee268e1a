import type { Metadata, Viewport } from "next";
import "./globals.css";
import { Providers } from "@/components/providers";

export const metadata: Metadata = {
  title: { default: "LTV CRM", template: "%s · LTV CRM" },
  description: "Customer lifetime value at the centre of the sales workflow.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}

// Every page, the 404 page included, renders per request so Next.js can put the
// request's CSP nonce (proxy.ts) on its scripts; a prerendered page would carry none.
export const dynamic = "force-dynamic";
