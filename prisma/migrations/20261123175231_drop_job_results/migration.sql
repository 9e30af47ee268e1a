-- The cost-settings job now fills a shadow copy of account_metrics and renames it into place
-- (lib/metrics/shadow-table.ts, decision 0004); nothing stages rows in job_results any more.

-- DropForeignKey
ALTER TABLE "job_results" DROP CONSTRAINT "job_results_job_id_fkey";

-- DropTable
DROP TABLE "job_results";

