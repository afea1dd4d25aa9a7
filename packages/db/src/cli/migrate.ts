// `pnpm db:migrate`: applies pending migrations to DATABASE_URL and installs the job queues.
import { installJobQueues } from "../jobs.ts";
import { migrate } from "../migrator.ts";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set (pnpm dev migrates the embedded database by itself)");
  process.exit(1);
}
try {
  const { applied, alreadyApplied } = await migrate(url, { log: (line) => console.warn(line) });
  console.warn(`migrations: ${applied.length} applied, ${alreadyApplied} already applied`);
  await installJobQueues(url);
  console.warn("job queues installed");
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
