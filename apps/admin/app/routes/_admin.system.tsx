import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { httpStatusOf, TRPCError } from "@tradecraft/api";
import { Alert, Button, Stat, StatusBadge, Table } from "@tradecraft/ui";
import { useEffect, useState } from "react";
import { requireAdmin } from "~/lib/guards.server";

export const meta: MetaFunction = () => [{ title: "System · Tradecraft Admin" }];

/** How often the page asks for fresh figures while it is visible (the readiness checks are cached 5 s). */
const REFRESH_MS = 5_000;

export async function loader({ request }: LoaderFunctionArgs) {
  return requireAdmin(request, (api) => api.admin.system.overview());
}

type ActionData = { ok: boolean; message: string };

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const queue = String(form.get("queue") ?? "");
  const id = String(form.get("id") ?? "");
  try {
    await requireAdmin(request, (api) =>
      // The procedure refuses an unknown queue or id (400/404); the page shows its message.
      api.admin.system.retryJob({ queue: queue as "maintenance", id }),
    );
    return Response.json({
      ok: true,
      message: `Job ${id.slice(0, 8)} of ${queue} will run again.`,
    } satisfies ActionData);
  } catch (error) {
    if (error instanceof Response && error.status !== 400 && error.status !== 404 && error.status !== 409) throw error;
    const status = error instanceof Response ? error.status : httpStatusOf(error);
    const message =
      error instanceof Response
        ? (((await error.json().catch(() => null)) as { message?: string } | null)?.message ?? "That didn't work.")
        : error instanceof TRPCError && status < 500
          ? error.message
          : "That didn't work. Please try again.";
    return Response.json({ ok: false, message } satisfies ActionData, { status });
  }
}

const time = new Intl.DateTimeFormat("en-GB", { timeStyle: "medium", timeZone: "UTC" });
const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

/** "3 d 4 h", "2 h 05 min", "4 min 09 s", "12 s". */
function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3_600);
  const minutes = Math.floor((s % 3_600) / 60);
  const seconds = s % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  if (days) return `${days} d ${hours} h`;
  if (hours) return `${hours} h ${pad(minutes)} min`;
  if (minutes) return `${minutes} min ${pad(seconds)} s`;
  return `${seconds} s`;
}

const STATUS_TEXT = { ok: "Ready", fail: "Failing", "not-configured": "Not configured" } as const;
const CIRCUIT_TEXT = { closed: "Closed (calls pass)", open: "Open (calls paused)", "half-open": "Half-open (testing)" };

function CheckStatus({ status }: { status: keyof typeof STATUS_TEXT }) {
  // Text always says the state; the badge's colour only repeats it.
  if (status === "not-configured") return <span className="tc-muted">{STATUS_TEXT[status]}</span>;
  return <StatusBadge ok={status === "ok"}>{STATUS_TEXT[status]}</StatusBadge>;
}

/** Refreshes the loader's data every REFRESH_MS while the tab is visible, and ticks a clock for "Xs ago". */
function useLiveRefresh(): number | null {
  const revalidator = useRevalidator();
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const clock = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(clock);
  }, []);
  useEffect(() => {
    const refresh = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, REFRESH_MS);
    return () => clearInterval(refresh);
  }, [revalidator]);
  return now;
}

export default function SystemPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const navigation = useNavigation();
  const now = useLiveRefresh();
  const { generatedAt, instances, readiness, breakers, jobs, live, outbox } = data;
  const ago = (at: number) => formatDuration(((now ?? generatedAt) - at) / 1000);
  const oldestQueued = outbox.oldestQueuedAt ? new Date(outbox.oldestQueuedAt).getTime() : null;

  return (
    <div className="tc-stack">
      <h1>System</h1>
      <p className="tc-muted" data-testid="updated">
        Figures from {time.format(new Date(generatedAt))} UTC
        {now === null ? " (reload the page for newer ones)" : `, updated ${ago(generatedAt)} ago; refreshed every 5 s`}
      </p>
      {result ? <Alert tone={result.ok ? "success" : "error"}>{result.message}</Alert> : null}

      <section aria-labelledby="instances-heading" className="tc-stack">
        <h2 id="instances-heading">Instances</h2>
        {instances.note ? <Alert>{instances.note}</Alert> : null}
        <Table
          stackOnPhone
          caption={`${instances.list.length} running instance${instances.list.length === 1 ? "" : "s"}`}
          rowKey={(i) => i.id}
          rows={instances.list}
          columns={[
            {
              key: "id",
              header: "Instance",
              cell: (i) => (
                <>
                  <code>
                    {i.host}:{i.pid}
                  </code>
                  {i.id === instances.answeredBy ? " (this page)" : ""}
                </>
              ),
            },
            { key: "app", header: "App", cell: (i) => i.app },
            { key: "version", header: "Version", cell: (i) => i.version },
            {
              key: "uptime",
              header: "Uptime",
              cell: (i) => <span data-testid="uptime">{formatDuration((generatedAt - i.startedAt) / 1000)}</span>,
            },
            {
              key: "live",
              header: "Live connections",
              cell: (i) => `${i.liveConnections.sse} SSE · ${i.liveConnections.ws} WebSocket`,
            },
            {
              key: "breakers",
              header: "Circuit breakers",
              cell: (i) =>
                Object.entries(i.breakers)
                  .map(([provider, state]) => `${provider}: ${state}`)
                  .join(", ") || "none",
            },
            { key: "beat", header: "Last heartbeat", cell: (i) => `${ago(i.at)} ago` },
          ]}
        />
      </section>

      <section aria-labelledby="readiness-heading" className="tc-stack">
        <h2 id="readiness-heading">Readiness</h2>
        <Table
          stackOnPhone
          caption={`Checked from this admin instance at ${time.format(new Date(readiness.checkedAt))} UTC (2 s limit each)`}
          rowKey={(c) => c.name}
          rows={readiness.checks}
          columns={[
            { key: "name", header: "Dependency", cell: (c) => c.name },
            { key: "status", header: "Status", cell: (c) => <CheckStatus status={c.status} /> },
            {
              key: "latency",
              header: "Latency",
              numeric: true,
              cell: (c) => (c.latencyMs === null ? "—" : `${c.latencyMs} ms`),
            },
            { key: "detail", header: "Details", cell: (c) => c.detail ?? "" },
          ]}
        />
        <Table
          stackOnPhone
          caption="Market providers' circuit breakers on this instance"
          rowKey={(b) => b.provider}
          rows={breakers}
          columns={[
            { key: "provider", header: "Provider", cell: (b) => b.provider },
            {
              key: "circuit",
              header: "State",
              cell: (b) => <StatusBadge ok={b.circuit === "closed"}>{CIRCUIT_TEXT[b.circuit]}</StatusBadge>,
            },
            { key: "error", header: "Last error", cell: (b) => b.lastError ?? "none" },
            {
              key: "when",
              header: "When (UTC)",
              cell: (b) => (b.lastErrorAt ? dateTime.format(new Date(b.lastErrorAt)) : ""),
            },
          ]}
        />
      </section>

      <section aria-labelledby="live-heading" className="tc-stack">
        <h2 id="live-heading">Live connections and outbox</h2>
        <div className="tc-grid">
          <Stat label="Live streams (SSE), all instances" value={live.sse} />
          <Stat label="Live sockets (WebSocket), all instances" value={live.ws} />
          <Stat label="Emails queued" value={outbox.queued} />
          <Stat
            label="Oldest queued email"
            value={oldestQueued === null ? "none" : `${formatDuration((generatedAt - oldestQueued) / 1000)} old`}
          />
        </div>
      </section>

      <section aria-labelledby="jobs-heading" className="tc-stack">
        <h2 id="jobs-heading">Job queues</h2>
        {jobs.ok ? (
          <>
            <Table
              caption="Jobs by queue (pending includes jobs waiting to retry)"
              scrollLabel="Jobs by queue"
              rowKey={(q) => q.name}
              rows={jobs.queues}
              columns={[
                { key: "name", header: "Queue", cell: (q) => <code>{q.name}</code> },
                { key: "pending", header: "Pending", numeric: true, cell: (q) => q.pending },
                { key: "active", header: "Active", numeric: true, cell: (q) => q.active },
                {
                  key: "failed",
                  header: "Failed",
                  numeric: true,
                  cell: (q) => (q.failed ? <StatusBadge ok={false}>{q.failed}</StatusBadge> : 0),
                },
              ]}
            />
            <Table
              stackOnPhone
              caption="Scheduled jobs (times in UTC)"
              rowKey={(s) => s.name}
              rows={jobs.schedules}
              empty="No schedule yet: the job workers register them when they start."
              columns={[
                { key: "name", header: "Queue", cell: (s) => <code>{s.name}</code> },
                { key: "cron", header: "Schedule", cell: (s) => `${s.cron} (${s.timezone ?? "UTC"})` },
                {
                  key: "last",
                  header: "Last completed",
                  cell: (s) => (s.lastCompletedAt ? dateTime.format(new Date(s.lastCompletedAt)) : "never"),
                },
              ]}
            />
            <Table
              stackOnPhone
              caption={`Failed jobs (${jobs.failed.length === 20 ? "the 20 latest" : jobs.failed.length || "none"}; times in UTC)`}
              rowKey={(j) => j.id}
              rows={jobs.failed}
              empty="No failed jobs."
              columns={[
                { key: "queue", header: "Queue", cell: (j) => <code>{j.queue}</code> },
                { key: "id", header: "Job", cell: (j) => <code title={j.id}>{j.id.slice(0, 8)}</code> },
                {
                  key: "failed",
                  header: "Failed at",
                  cell: (j) => (j.failedAt ? dateTime.format(new Date(j.failedAt)) : ""),
                },
                { key: "retries", header: "Retries", numeric: true, cell: (j) => j.retryCount },
                { key: "error", header: "Error", cell: (j) => j.error ?? "" },
                {
                  key: "action",
                  header: "Action",
                  cell: (j) => (
                    <Form method="post">
                      <input type="hidden" name="queue" value={j.queue} />
                      <input type="hidden" name="id" value={j.id} />
                      <Button
                        type="submit"
                        variant="secondary"
                        aria-label={`Retry job ${j.id.slice(0, 8)} of ${j.queue}`}
                        disabled={navigation.state === "submitting" && navigation.formData?.get("id") === j.id}
                      >
                        Retry
                      </Button>
                    </Form>
                  ),
                },
              ]}
            />
          </>
        ) : (
          <Alert tone="error">The job queues could not be read: {jobs.error}</Alert>
        )}
      </section>
    </div>
  );
}
