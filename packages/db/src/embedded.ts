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
  // Handlers take the server's queue when a client connects: replace it before any does.
  (server as unknown as { queryQueue: BatchQueue }).queryQueue = new BatchQueue(db);
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

interface Queued {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

/** Extended-query messages that belong to a batch ended by Sync: Parse, Bind, Describe, Execute, Close, Flush (and COPY data). */
const IN_BATCH = new Set(["P", "B", "D", "E", "C", "H", "d"].map((c) => c.charCodeAt(0)));

/**
 * The socket server's queue, with whole batches kept together. pglite-socket 0.2 queues each
 * protocol message on its own and keeps a client's turn only inside a transaction, so when two
 * pooled connections send parameterised queries at once, one client's Bind can land after the
 * other's Parse ("bind message supplies 3 parameters, but prepared statement requires 2") and
 * results go to the wrong query. Here a client keeps the database from its first message until
 * its Sync (or a simple Query) is answered, and for as long as it is inside a transaction.
 */
export class BatchQueue {
  private queue: Queued[] = [];
  private processing = false;
  /** The client whose batch or transaction is in progress. */
  private owner: number | null = null;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  private next(): Queued | undefined {
    if (this.owner === null) return this.queue.shift();
    const index = this.queue.findIndex((q) => q.handlerId === this.owner);
    return index === -1 ? undefined : this.queue.splice(index, 1)[0];
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        const { handlerId, message, onData } = item;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                onData(data);
              },
            }),
          );
          item.resolve(bytes);
        } catch (error) {
          item.reject(error);
        }
        // A startup packet starts with its length (a 0 byte), not a type: a unit of its own.
        const midBatch = IN_BATCH.has(message[0] ?? 0);
        this.owner = midBatch || this.db.isInTransaction() ? handlerId : null;
      }
    } finally {
      this.processing = false;
    }
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((q) => {
      if (q.handlerId !== handlerId) return true;
      q.reject(new Error("Handler disconnected"));
      return false;
    });
  }

  /** A client that went away mid-batch or mid-transaction gives the database back (rolled back). */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec("ROLLBACK");
    this.owner = null;
    await this.process();
  }
}
