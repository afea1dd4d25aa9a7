// Vitest global setup: every test run gets a fresh migrated database of its own, dropped at the end.
import { createTestDatabase, testServerUrl } from "./database.ts";

export default async function setup() {
  const server = testServerUrl();
  if (server) process.env.TEST_ADMIN_DATABASE_URL = server;
  const db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  process.env.TEST_DATABASE_KIND = db.kind;
  return async () => {
    await db.drop();
  };
}
