import { describe, expect, it } from "vitest";
import { unavailableDependencyOf } from "./dependency-errors.ts";

/**
 * What Prisma 6.19 with the pg adapter throws from a raw query while PostgreSQL replays its WAL
 * after a crash (the fault suite saw it as a 500 on every member page for about a second): the
 * SQLSTATE is only in meta.driverAdapterError, not in the error's code or cause.
 */
function prismaRawQueryError(originalCode: string, originalMessage: string) {
  const error = new Error(
    `\nInvalid \`prisma.$queryRaw()\` invocation:\n\n\nRaw query failed. Code: \`${originalCode}\`. Message: \`${originalMessage}\``,
  );
  return Object.assign(error, {
    name: "PrismaClientKnownRequestError",
    code: "P2010",
    clientVersion: "6.19.3",
    meta: {
      driverAdapterError: Object.assign(new Error(originalMessage), {
        name: "DriverAdapterError",
        cause: {
          originalCode,
          originalMessage,
          kind: "postgres",
          code: originalCode,
          severity: "FATAL",
          message: originalMessage,
        },
      }),
    },
  });
}

describe("unavailableDependencyOf", () => {
  it("reads PostgreSQL's recovery (57P03) from a Prisma raw-query error as the database being down", () => {
    expect(
      unavailableDependencyOf(prismaRawQueryError("57P03", "the database system is not yet accepting connections")),
    ).toBe("database");
  });

  it("reads an admin shutdown (57P01) the same way, and keeps a query's own mistakes as bugs", () => {
    expect(
      unavailableDependencyOf(prismaRawQueryError("57P01", "terminating connection due to administrator command")),
    ).toBe("database");
    expect(unavailableDependencyOf(prismaRawQueryError("42703", 'column "nope" does not exist'))).toBeNull();
    expect(
      unavailableDependencyOf(prismaRawQueryError("23505", "duplicate key value violates unique constraint")),
    ).toBeNull();
  });

  it("reads pg's broken pooled client (PostgreSQL stopped mid-transaction) as the database being down", () => {
    const broken = new Error("Client has encountered a connection error and is not queryable");
    expect(unavailableDependencyOf(Object.assign(new Error("analytics failed"), { cause: broken }))).toBe("database");
  });

  it("reads the recovery message alone (an error without codes)", () => {
    expect(unavailableDependencyOf(new Error("FATAL: the database system is not yet accepting connections"))).toBe(
      "database",
    );
  });
});
