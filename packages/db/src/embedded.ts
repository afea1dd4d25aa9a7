import fs from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedDatabase {
  /** A postgres:// URL any pg client (and so Prisma's adapter) can use. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Serves a PGlite database over the Postgres wire protocol on 127.0.0.1. PGlite is
 * single-connection: the socket server multiplexes clients and serialises their transactions,
 * which suits development and small installs, never concurrency tests.
 * `dataDir` undefined keeps the database in memory.
 */
export async function startEmbeddedDatabase({
  dataDir,
  port = 0,
  maxConnections = 20,
}: { dataDir?: string; port?: number; maxConnections?: number } = {}): Promise<EmbeddedDatabase> {
  if (dataDir) await fs.mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port, maxConnections });
  await server.start();
  const address = server.getServerConn();
  const actualPort = Number(address.split(":").pop());
  return {
    url: `postgresql://postgres@127.0.0.1:${actualPort}/postgres?sslmode=disable`,
    port: actualPort,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
