import { forbidden } from "next/navigation";
import Link from "next/link";
import type { Metadata } from "next";
import { Suspense, cache } from "react";
import { requireActor } from "@/lib/auth/session";
import { can, type Actor } from "@/lib/auth/permissions";
import { cohortRetention, portfolioOverview, revenueByCustomerAge } from "@/lib/portfolio/charts";
import { rankingFilterOptions } from "@/lib/rankings/rank-accounts";
import { dashboardReadSource } from "@/lib/portfolio/read-source";
import { monthKey } from "@/lib/portfolio/chart-math";
import { buttonClass } from "@/components/ui/button";
import { KpiSkeleton } from "@/components/manager/kpi-strip";
import { DashboardKpis } from "@/components/manager/dashboard-kpis";
import { RankingTable } from "@/components/manager/ranking-table";
import { ReadSourceNotice } from "@/components/manager/read-source-notice";
import { SectionBoundary } from "@/components/manager/section-boundary";
import { ChartSkeleton } from "@/components/manager/charts/chart-frame";
import { ParetoChart } from "@/components/manager/charts/pareto-chart";
import { LtvHistogram } from "@/components/manager/charts/ltv-histogram";
import { RiskByRepChart } from "@/components/manager/charts/risk-by-rep-chart";
import { CohortHeatmap } from "@/components/manager/charts/cohort-heatmap";
import { RevenueSplitChart } from "@/components/manager/charts/revenue-split-chart";

export const metadata: Metadata = { title: "Manager dashboard" };

// One read of account_metrics per request feeds the KPIs and three charts, so they agree.
const overview = cache((actor: Actor) => portfolioOverview(actor));

async function Kpis({ actor }: { actor: Actor }) {
  // The strip follows the ranking's filters in the URL (client side); unfiltered it shows these.
  return <DashboardKpis kpis={(await overview(actor)).kpis} />;
}

async function Ranking({ actor }: { actor: Actor }) {
  return <RankingTable choices={await rankingFilterOptions(actor)} />;
}

async function Pareto({ actor }: { actor: Actor }) {
  return <ParetoChart pareto={(await overview(actor)).pareto} />;
}

async function Histogram({ actor }: { actor: Actor }) {
  return <LtvHistogram histogram={(await overview(actor)).ltvHistogram} />;
}

async function RiskByRep({ actor }: { actor: Actor }) {
  return <RiskByRepChart reps={(await overview(actor)).riskByRep} />;
}

async function Cohorts({ actor }: { actor: Actor }) {
  const { cohorts, maxOffset, asOfMonth } = await cohortRetention(actor);
  return <CohortHeatmap cohorts={cohorts} maxOffset={maxOffset} partialMonth={asOfMonth} />;
}

async function RevenueSplit({ actor }: { actor: Actor }) {
  const { months, newCustomerDays, reportingCurrency, ordersWithoutRate } = await revenueByCustomerAge(actor);
  // The last month is the one still running (the query counts up to now, UTC months).
  return (
    <RevenueSplitChart
      months={months}
      newCustomerDays={newCustomerDays}
      partialMonth={monthKey(new Date())}
      currency={reportingCurrency}
      ordersWithoutRate={ordersWithoutRate}
    />
  );
}

function Section({ title, fallback, children }: { title: string; fallback?: React.ReactNode; children: React.ReactNode }) {
  return (
    <SectionBoundary title={title}>
      <Suspense fallback={fallback ?? <ChartSkeleton title={title} />}>{children}</Suspense>
    </SectionBoundary>
  );
}

export default async function ManagerDashboardPage() {
  const actor = await requireActor();
  if (!can(actor, "read", "dashboard")) forbidden();
  const readSource = await dashboardReadSource(actor);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">Manager dashboard</h1>
          <p className="text-sm text-slate-600">
            Live from every account&apos;s measures; the figures below agree with each other and with each account page.
          </p>
          <ReadSourceNotice routing={readSource} />
        </div>
        <Link href="/manager/team" className={buttonClass("secondary")}>
          Team &amp; reassignment
        </Link>
      </div>
      <Section title="Portfolio" fallback={<KpiSkeleton />}>
        <Kpis actor={actor} />
      </Section>
      <Section title="LTV ranking">
        <Ranking actor={actor} />
      </Section>
      <div className="grid gap-4 lg:grid-cols-2">
        <Section title="Revenue concentration (Pareto)">
          <Pareto actor={actor} />
        </Section>
        <Section title="Formula LTV distribution">
          <Histogram actor={actor} />
        </Section>
        <Section title="Revenue: existing vs new customers">
          <RevenueSplit actor={actor} />
        </Section>
        <Section title="Revenue at risk by rep">
          <RiskByRep actor={actor} />
        </Section>
      </div>
      <Section title="Cohort retention">
        <Cohorts actor={actor} />
      </Section>
    </div>
  );
}
