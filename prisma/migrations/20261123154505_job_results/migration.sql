-- CreateTable
CREATE TABLE "job_results" (
    "job_id" UUID NOT NULL,
    "chunk" INTEGER NOT NULL,
    "rows" JSONB NOT NULL,

    CONSTRAINT "job_results_pkey" PRIMARY KEY ("job_id","chunk")
);

-- AddForeignKey
ALTER TABLE "job_results" ADD CONSTRAINT "job_results_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

