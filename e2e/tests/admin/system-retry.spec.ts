// Retrying a failed background job from the admin's system page (issue 16). The shared stack has
// no failed job of its own, so each test fails one in the stack's pg-boss: an outbox email whose
// delivery job ran out of attempts. The admin retries it from /system, with and without
// JavaScript; the job leaves the failed list, the stack's worker sends the email this time, and
// the audit log names the job, the admin and where they were. That a member cannot retry is the
// procedure's own test (packages/api/src/admin/system.test.ts, "authorization").
import { randomUUID } from "node:crypto";
import { enqueueJob, JOB_SCHEMA, type PrismaClient, QUEUES } from "@tradecraft/db";
import { ADMIN } from "../../fixtures/accounts.ts";
import { signInAdmin } from "../../fixtures/admin.ts";
import { expectNoA11yViolations } from "../../fixtures/axe.ts";
import { stackDatabase } from "../../fixtures/stack-database.ts";
import { expect, type Page, test } from "../../fixtures/test.ts";
import { MAIL_HTTP_URL } from "../../ports.ts";

const QUEUE = QUEUES.emailDeliver.name;
/** What pg-boss 10 writes into a job whose worker stopped answering past its expiry (failJobsByTimeout). */
const TIMED_OUT = { value: { message: "job failed by timeout in active state" } };

let prisma: PrismaClient;
test.beforeAll(() => {
  prisma = stackDatabase();
});
test.afterAll(async () => {
  await prisma.$disconnect();
});

interface FailedJob {
  id: string;
  to: string;
  subject: string;
}

/**
 * An outbox email whose delivery job failed on its last attempt, every retry used, the timeout in
 * its output: as pg-boss leaves one whose worker died mid-send (the email still QUEUED), or with
 * the email marked FAILED, as the delivery leaves it when its last attempt was refused (the retry
 * must put it back in the outbox, or the job would find it settled and send nothing).
 * Enqueued through pg-boss's own insert and failed in the same transaction, so the stack's email
 * worker (polling every second) never sees it runnable; once retried, it sends the email.
 */
async function failedEmailJob(label: string, status: "QUEUED" | "FAILED"): Promise<FailedJob> {
  const marker = `${label}-${randomUUID()}`;
  const to = `${marker}@example.test`;
  const subject = `Retried delivery ${marker}`;
  return prisma.$transaction(async (tx) => {
    const message = await tx.emailMessage.create({
      data: {
        toAddress: to,
        template: "e2e-job-retry",
        subject,
        textBody: "Sent once an admin retried its job.",
        htmlBody: "<p>Sent once an admin retried its job.</p>",
        status,
        ...(status === "FAILED" ? { attempts: 7, lastError: "ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:25" } : {}),
      },
      select: { id: true },
    });
    const id = await enqueueJob(tx, QUEUE, { messageId: message.id });
    await tx.$executeRawUnsafe(
      `UPDATE ${JOB_SCHEMA}.job
       SET state = 'failed', retry_count = retry_limit, started_on = now(), completed_on = now(), output = $3::jsonb
       WHERE name = $1 AND id = $2::uuid`,
      QUEUE,
      id,
      JSON.stringify(TIMED_OUT),
    );
    return { id, to, subject };
  });
}

const stateOf = async (id: string) =>
  (
    await prisma.$queryRawUnsafe<{ state: string }[]>(
      `SELECT state::text AS state FROM ${JOB_SCHEMA}.job WHERE id = $1::uuid`,
      id,
    )
  )[0]?.state;

/** The job's row among the failed ones (its cell carries the whole id as its title). */
const failedRow = (page: Page, job: FailedJob) =>
  page
    .getByRole("table", { name: /^Failed jobs/ })
    .getByRole("row")
    .filter({ has: page.getByTitle(job.id, { exact: true }) });

const retryButton = (page: Page, job: FailedJob) =>
  failedRow(page, job).getByRole("button", { name: `Retry job ${job.id.slice(0, 8)} of ${QUEUE}` });

/** The admin's view before retrying: the job listed as failed, with pg-boss's reason. */
async function expectListedAsFailed(page: Page, job: FailedJob) {
  const row = failedRow(page, job);
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("cell").first()).toHaveText(QUEUE);
  await expect(row).toContainText("job failed by timeout in active state");
  await expect(row).not.toContainText(`{"value"`);
}

/**
 * What the operator relies on once the page said so: pg-boss ran the job again to completion, the
 * email reached the SMTP server once, and one audit row names the job, the admin and their address.
 */
async function expectRetriedAndAudited(job: FailedJob, ip: string) {
  // The worker polls every second, then talks SMTP: allow a busy machine more than the default.
  await expect
    .poll(() => stateOf(job.id), { message: "the job's state in pg-boss", timeout: 15_000 })
    .toBe("completed");
  await expect
    .poll(
      async () => {
        const response = await fetch(`${MAIL_HTTP_URL}/messages?to=${encodeURIComponent(job.to)}`);
        const { messages } = (await response.json()) as { messages: { subject: string }[] };
        return messages.map((m) => m.subject);
      },
      { message: `the retried email to ${job.to}`, timeout: 15_000 },
    )
    .toEqual([job.subject]);

  const admin = await prisma.user.findUniqueOrThrow({ where: { email: ADMIN.email }, select: { id: true } });
  const audits = await prisma.auditEvent.findMany({
    where: { action: "admin.job.retried", metadata: { path: ["jobId"], equals: job.id } },
    select: { actorId: true, ip: true, metadata: true },
  });
  expect(audits).toEqual([{ actorId: admin.id, ip, metadata: { queue: QUEUE, jobId: job.id } }]);
}

test("an admin retries a failed job: it leaves the failed list, runs again, and the audit log names it", async ({
  page,
  extraHTTPHeaders,
}) => {
  const job = await failedEmailJob("retry-js", "FAILED");
  await signInAdmin(page);
  await page.getByRole("link", { name: "System" }).click();
  await expect(page).toHaveURL(/\/system$/);
  await expectListedAsFailed(page, job);

  await retryButton(page, job).click();
  await expect(
    page.getByRole("status").filter({ hasText: `Job ${job.id.slice(0, 8)} of ${QUEUE} will run again.` }),
  ).toBeVisible();
  await expect(failedRow(page, job)).toHaveCount(0);
  // system.spec.ts checks the page as it loads; this is the page with the confirmation shown.
  await expectNoA11yViolations(page);

  await expectRetriedAndAudited(job, extraHTTPHeaders!["X-Forwarded-For"]!);
  // The same row as the admin reads it in the audit log, newest first.
  await page.goto("/audit?action=admin.job.retried");
  const audit = page.getByRole("row").filter({ hasText: job.id });
  await expect(audit).toHaveCount(1);
  await expect(audit).toContainText(ADMIN.displayName);
  await expect(audit).toContainText(`"queue":"${QUEUE}"`);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the Retry form posts and the page answers; a second admin's stale Retry is refused, not repeated", async ({
    page,
    extraHTTPHeaders,
  }) => {
    const job = await failedEmailJob("retry-nojs", "QUEUED");
    await signInAdmin(page);
    await page.goto("/system");
    await expectListedAsFailed(page, job);
    // A second tab loaded before the retry (no script refreshes it): another admin's stale view.
    const stale = await page.context().newPage();
    await stale.goto("/system");
    await expectListedAsFailed(stale, job);

    await retryButton(page, job).click();
    await expect(page).toHaveURL(/\/system$/);
    await expect(
      page.getByRole("status").filter({ hasText: `Job ${job.id.slice(0, 8)} of ${QUEUE} will run again.` }),
    ).toBeVisible();
    await expect(failedRow(page, job)).toHaveCount(0);
    await expectRetriedAndAudited(job, extraHTTPHeaders!["X-Forwarded-For"]!);

    await retryButton(stale, job).click();
    await expect(stale.getByRole("alert")).toHaveText("That job has not failed (it may have been retried already).");
    // Still one audit row and one email (expectRetriedAndAudited asserts exactly one of each).
    await expectRetriedAndAudited(job, extraHTTPHeaders!["X-Forwarded-For"]!);
  });
});
