// A real SMTP server for tests: the app sends to it over SMTP exactly as it would to a provider,
// and tests read what arrived (and the links in it). Optionally a small JSON API over HTTP, for
// Playwright tests whose app runs in another process.
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer, type SMTPServerDataStream } from "smtp-server";

export interface ReceivedMail {
  /** Lower-cased recipient addresses. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  receivedAt: Date;
  /** Every http(s) URL in the plain-text body, in order. */
  links: string[];
}

export interface MailMatch {
  to: string;
  subject?: string | RegExp;
  /**
   * Only messages received after this moment, strictly: a message received in the same
   * millisecond the mark was taken came from before it (take it just before the request that sends).
   */
  after?: Date;
}

export interface TestMailServer {
  url: string;
  port: number;
  /** Set when started with `httpPort`. */
  httpUrl?: string;
  messages(): ReceivedMail[];
  waitForMessage(match: MailMatch, timeoutMs?: number): Promise<ReceivedMail>;
  /** The next `count` messages are refused with `reply` (default a temporary 451). */
  failNext(count: number, reply?: string): void;
  clear(): void;
  stop(): Promise<void>;
}

const addresses = (value: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((a) =>
    a.value.map((v) => (v.address ?? "").toLowerCase()),
  );

// A sentence's full stop or comma after a URL is not part of it.
const linksIn = (text: string): string[] =>
  (text.match(/https?:\/\/[^\s<>"')]+/g) ?? []).map((url) => url.replace(/[.,;:!?]+$/, ""));

function matches(mail: ReceivedMail, { to, subject, after }: MailMatch): boolean {
  if (!mail.to.includes(to.toLowerCase())) return false;
  if (after && mail.receivedAt <= after) return false;
  if (subject === undefined) return true;
  return typeof subject === "string" ? mail.subject === subject : subject.test(mail.subject);
}

/** Starts an SMTP server on a free port (by default) that keeps every message it accepts, parsed, in memory. */
export async function startTestMailServer({
  port = 0,
  host = "127.0.0.1",
  httpPort,
}: { port?: number; host?: string; httpPort?: number } = {}): Promise<TestMailServer> {
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let failures: { count: number; reply: string } = { count: 0, reply: "" };

  const smtp = new SMTPServer({
    secure: false,
    authOptional: true,
    // Without STARTTLS on offer, smtp-server also takes AUTH in plain text (any credentials, below).
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth: (_auth, _session, callback) => callback(null, { user: "test" }),
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const receivedAt = new Date();
        // The envelope's recipients too, so a Bcc'd message is found like any other.
        const envelope = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        if (failures.count > 0) {
          failures.count -= 1;
          const [code, ...rest] = failures.reply.split(" ");
          const error = Object.assign(new Error(rest.join(" ")), { responseCode: Number(code) });
          return callback(error);
        }
        simpleParser(Buffer.concat(chunks))
          .then((parsed) => {
            const text = parsed.text ?? "";
            received.push({
              to: [...new Set([...addresses(parsed.to), ...envelope])],
              from: parsed.from?.text ?? "",
              subject: parsed.subject ?? "",
              text,
              html: typeof parsed.html === "string" ? parsed.html : "",
              receivedAt,
              links: linksIn(text),
            });
            // Parsing is asynchronous: keep arrival order (the sort is stable).
            received.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
            for (const wake of waiters) wake();
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  smtp.listen(port, host);
  await once(smtp.server, "listening");
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  let httpServer: http.Server | undefined;
  let httpUrl: string | undefined;
  if (httpPort !== undefined) {
    httpServer = http.createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://mail.test");
      if (url.pathname !== "/messages") {
        res.writeHead(404).end();
        return;
      }
      if (req.method === "DELETE") {
        received.length = 0;
        res.writeHead(204).end();
        return;
      }
      if (req.method !== "GET") {
        res.writeHead(405, { allow: "GET, DELETE" }).end();
        return;
      }
      const to = url.searchParams.get("to")?.toLowerCase();
      const messages = to ? received.filter((m) => m.to.includes(to)) : received;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ messages }));
    });
    httpServer.listen(httpPort, host);
    await once(httpServer, "listening");
    httpUrl = `http://${host}:${(httpServer.address() as AddressInfo).port}`;
  }

  return {
    url: `smtp://${host}:${smtpPort}`,
    port: smtpPort,
    httpUrl,
    messages: () => [...received],
    // Generous: on a busy 2-core machine a queued email can take a while to be delivered.
    waitForMessage(match, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find((m) => matches(m, match));
          if (!found) return false;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(found);
          return true;
        };
        const wake = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          const seen = received.map((m) => `${m.to.join(",")}: "${m.subject}" at ${m.receivedAt.toISOString()}`);
          const wanted = `${match.to}${match.subject ? ` matching ${String(match.subject)}` : ""}${match.after ? ` since ${match.after.toISOString()}` : ""}`;
          reject(
            new Error(
              `No email to ${wanted} within ${timeoutMs} ms. Received: ${seen.length ? seen.join("; ") : "nothing"}`,
            ),
          );
        }, timeoutMs);
        waiters.add(wake);
        check();
      });
    },
    failNext(count, reply = "451 4.3.0 Temporary failure") {
      failures = { count, reply };
    },
    clear() {
      received.length = 0;
    },
    async stop() {
      await Promise.all([
        new Promise<void>((resolve) => smtp.close(() => resolve())),
        httpServer ? new Promise<void>((resolve) => httpServer.close(() => resolve())) : undefined,
      ]);
    },
  };
}
