// A local server that speaks Twilio's Messages API for tests and e2e, so the app's real SMS
// client runs over HTTP unchanged. Dependency-free (node:http).
//
// In process (integration tests):
//   const sms = await startSmsStub();                  // random port on 127.0.0.1
//   config = { url: sms.url, accountSid: sms.accountSid, authToken: sms.authToken, from: "+15005550006" }
//   sms.script({ status: 500 }, { hangUp: true });      // the next two sends fail, then success again
//   ... then: sms.messages (oldest first, accepted ones only), sms.requests (every one), reset(), close()
//
// POST /2010-04-01/Accounts/{sid}/Messages.json, form-encoded To, From, Body, HTTP Basic auth
// sid:token. Answers like Twilio: 201 with the message resource (sid "SM…", status "queued"), 401
// for wrong credentials, 400 (code 21604/21602) without To or Body; errors as {code, message,
// status, more_info}. A scripted answer may set `status`, `body`, `delayMs` or `hangUp`.
//
// Control API on the same port (JSON), for a stub in another process:
//   POST /__stub/script   { responses: SmsStubResponse[] } → { pending }
//   GET  /__stub/messages → { messages }
//   POST /__stub/reset    → { ok: true }
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SmsStubResponse {
  status?: number;
  /** JSON answer; defaults to Twilio's error shape for the status (or the message on 2xx). */
  body?: unknown;
  delayMs?: number;
  /** Destroys the socket without an answer. */
  hangUp?: boolean;
}

/** A request to the Messages resource, as received. */
export interface SmsStubRequest {
  accountSid: string;
  /** The Basic auth user and password sent, or null without Basic auth. */
  auth: { user: string; password: string } | null;
  contentType: string;
  to: string | null;
  from: string | null;
  body: string | null;
  status: number;
}

/** A message the stub accepted (answered 2xx). */
export interface SmsStubMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
  receivedAt: number;
}

export interface SmsStub {
  /** SMS_PROVIDER_URL: http://host:port */
  url: string;
  accountSid: string;
  authToken: string;
  script(...responses: SmsStubResponse[]): void;
  readonly messages: SmsStubMessage[];
  readonly requests: SmsStubRequest[];
  /** Resolves once `count` messages were accepted (rejects after `timeoutMs`). */
  waitForMessages(count: number, timeoutMs?: number): Promise<SmsStubMessage[]>;
  reset(): void;
  close(): Promise<void>;
}

const PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

const twilioError = (status: number, code: number, message: string) => ({
  code,
  message,
  more_info: `https://www.twilio.com/docs/errors/${code}`,
  status,
});

function basicAuth(header: string | undefined): SmsStubRequest["auth"] {
  const match = /^Basic (.+)$/i.exec(header ?? "");
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** Starts the Twilio-compatible SMS stub (see the header of this file). */
export async function startSmsStub({
  port = 0,
  host = "127.0.0.1",
  accountSid = `AC${randomBytes(16).toString("hex")}`,
  authToken = randomBytes(16).toString("hex"),
}: { port?: number; host?: string; accountSid?: string; authToken?: string } = {}): Promise<SmsStub> {
  const queue: SmsStubResponse[] = [];
  const messages: SmsStubMessage[] = [];
  const requests: SmsStubRequest[] = [];
  const waiters = new Set<() => void>();

  async function handleControl(req: http.IncomingMessage, res: http.ServerResponse, path: string) {
    if (req.method === "GET" && path === "/__stub/messages") return send(res, 200, { messages });
    if (req.method === "POST" && path === "/__stub/reset") {
      queue.length = messages.length = requests.length = 0;
      return send(res, 200, { ok: true });
    }
    if (req.method === "POST" && path === "/__stub/script") {
      const input = JSON.parse((await readBody(req)) || "{}") as { responses?: SmsStubResponse[] };
      queue.push(...(input.responses ?? []));
      return send(res, 200, { pending: queue.length });
    }
    send(res, 404, { error: "unknown control path" });
  }

  async function handleMessage(req: http.IncomingMessage, res: http.ServerResponse, sid: string) {
    const form = new URLSearchParams(await readBody(req));
    const auth = basicAuth(req.headers.authorization);
    const request: SmsStubRequest = {
      accountSid: sid,
      auth,
      contentType: req.headers["content-type"] ?? "",
      to: form.get("To"),
      from: form.get("From"),
      body: form.get("Body"),
      status: 0,
    };
    requests.push(request);
    const scripted = queue.shift();
    if (scripted?.delayMs) await new Promise((resolve) => setTimeout(resolve, scripted.delayMs));
    if (scripted?.hangUp) return void req.socket.destroy();
    const answer = (status: number, body: unknown) => {
      request.status = status;
      send(res, status, body);
    };
    if (scripted?.status && (scripted.status < 200 || scripted.status > 299)) {
      return answer(scripted.status, scripted.body ?? twilioError(scripted.status, 20500, "Scripted failure"));
    }
    if (auth?.user !== accountSid || auth.password !== authToken || sid !== accountSid) {
      return answer(401, twilioError(401, 20003, "Authentication Error - invalid username"));
    }
    if (!request.to) return answer(400, twilioError(400, 21604, "A 'To' phone number is required."));
    if (!request.body) return answer(400, twilioError(400, 21602, "Message body is required."));
    const message: SmsStubMessage = {
      sid: `SM${randomBytes(16).toString("hex")}`,
      to: request.to,
      from: request.from ?? "",
      body: request.body,
      receivedAt: Date.now(),
    };
    messages.push(message);
    for (const wake of waiters) wake();
    answer(
      scripted?.status ?? 201,
      scripted?.body ?? {
        sid: message.sid,
        account_sid: accountSid,
        to: message.to,
        from: message.from,
        body: message.body,
        status: "queued",
        date_created: new Date(message.receivedAt).toUTCString(),
      },
    );
  }

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://stub").pathname;
    const match = PATH.exec(path);
    const handled = path.startsWith("/__stub/")
      ? handleControl(req, res, path)
      : req.method === "POST" && match
        ? handleMessage(req, res, decodeURIComponent(match[1]!))
        : Promise.resolve(send(res, 404, twilioError(404, 20404, "The requested resource was not found")));
    handled.catch((error: Error) => {
      if (!res.headersSent) send(res, 500, { error: error.message });
    });
  });
  server.listen(port, host);
  await once(server, "listening");
  const address = server.address() as AddressInfo;

  return {
    url: `http://${host}:${address.port}`,
    accountSid,
    authToken,
    messages,
    requests,
    script: (...responses) => void queue.push(...responses),
    waitForMessages(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(messages.slice(0, count));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`SMS stub: ${messages.length} of ${count} messages after ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    reset() {
      queue.length = messages.length = requests.length = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
