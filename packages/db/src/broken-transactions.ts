// Prisma 6.19's transaction manager ends an interactive transaction by sending COMMIT or ROLLBACK
// through it and only then calling commit()/rollback(), which hand the connection back to the pool.
// When the connection died mid-transaction (PostgreSQL stopped or restarted), that statement
// throws, the hand-back never happens and the pool loses the slot for good: every outage shrinks
// the pool until requests wait out DATABASE_POOL_TIMEOUT_MS, and $disconnect() at shutdown waits
// forever. Found by the fault suite (`pnpm test:faults`).

interface PoolClientLike {
  release(error?: Error | boolean): void;
}
interface TransactionLike {
  executeRaw(query: { sql: string }): Promise<number>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}
interface AdapterLike {
  startTransaction(isolationLevel?: never): Promise<TransactionLike>;
}

const ENDING = /^\s*(COMMIT|ROLLBACK)\s*$/i;

/** Makes a failed COMMIT/ROLLBACK release (and discard) its connection, then end the transaction as a no-op. */
function releaseWhenEndingFails(tx: TransactionLike): TransactionLike {
  const client = (tx as { client?: PoolClientLike }).client;
  if (!client) return tx;
  let released = false;
  const executeRaw = tx.executeRaw.bind(tx);
  tx.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      if (!released && ENDING.test(query.sql)) {
        released = true;
        // The connection's state is unknown: pg destroys a client released with an error.
        client.release(error instanceof Error ? error : true);
      }
      throw error;
    }
  };
  for (const end of ["commit", "rollback"] as const) {
    const original = tx[end].bind(tx);
    tx[end] = async () => {
      if (released) return;
      released = true;
      await original();
    };
  }
  return tx;
}

/** Wraps a Prisma driver adapter factory so transactions on a dead connection give their pool slot back. */
export function releasingBrokenTransactions<F extends { connect(): Promise<unknown> }>(factory: F): F {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = (await connect()) as AdapterLike;
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => releaseWhenEndingFails(await start(isolationLevel));
    return adapter;
  };
  return factory;
}
