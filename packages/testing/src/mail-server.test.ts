import nodemailer, { type Transporter } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestMailServer, type ReceivedMail, type TestMailServer } from "./mail-server.ts";

let mail: TestMailServer;
let transport: Transporter;

beforeAll(async () => {
  mail = await startTestMailServer({ httpPort: 0 });
  transport = nodemailer.createTransport(mail.url);
});

afterAll(async () => {
  transport.close();
  await mail.stop();
});

const send = (to: string, subject: string, via = transport) =>
  via.sendMail({
    from: "Tradecraft <no-reply@tradecraft.test>",
    to,
    subject,
    text: `Hello,\n\nFollow https://app.test/verify-email?token=abc123. Or see http://app.test/help\n`,
    html: `<p>Hello, <a href="https://app.test/verify-email?token=abc123">confirm</a></p>`,
  });

describe("test mail server", () => {
  it("receives real SMTP and hands over subject, bodies and links", async () => {
    const since = new Date();
    await send("Pat@Example.test", "Confirm your email");
    const message = await mail.waitForMessage({ to: "PAT@example.test", subject: /confirm/i, after: since });
    expect(message).toMatchObject({
      to: ["pat@example.test"],
      subject: "Confirm your email",
      links: ["https://app.test/verify-email?token=abc123", "http://app.test/help"],
    });
    expect(message.text).toContain("Follow https://app.test/verify-email?token=abc123.");
    expect(message.from).toContain("no-reply@tradecraft.test");
    expect(message.html).toContain('<a href="https://app.test/verify-email?token=abc123">');
    expect(message.receivedAt.getTime()).toBeGreaterThanOrEqual(since.getTime());
  });

  it("waits for a message that arrives later, and skips older ones with `after`", async () => {
    await send("later@example.test", "Earlier");
    await mail.waitForMessage({ to: "later@example.test", subject: "Earlier" });
    const since = new Date(Date.now() + 1);
    const waiting = mail.waitForMessage({ to: "later@example.test", after: since }, 5_000);
    setTimeout(() => void send("later@example.test", "Later"), 100);
    expect((await waiting).subject).toBe("Later");
  });

  it("accepts any credentials over plain SMTP, and finds Bcc'd recipients", async () => {
    const authed = nodemailer.createTransport(mail.url.replace("smtp://", "smtp://someone:secret@"));
    await authed.sendMail({
      from: "a@tradecraft.test",
      to: "to@example.test",
      bcc: "Hidden@example.test",
      subject: "Bcc",
      text: "hi",
    });
    authed.close();
    expect((await mail.waitForMessage({ to: "hidden@example.test" })).to).toEqual([
      "to@example.test",
      "hidden@example.test",
    ]);
  });

  it("refuses the next deliveries when told to, then accepts again", async () => {
    mail.failNext(1);
    await expect(send("retry@example.test", "First try")).rejects.toMatchObject({
      responseCode: 451,
      response: "451 4.3.0 Temporary failure",
    });
    await send("retry@example.test", "Second try");
    expect((await mail.waitForMessage({ to: "retry@example.test" })).subject).toBe("Second try");
    mail.failNext(2, "550 5.1.1 No such mailbox");
    await expect(send("retry@example.test", "Refused")).rejects.toMatchObject({ responseCode: 550 });
    await expect(send("retry@example.test", "Refused again")).rejects.toMatchObject({ responseCode: 550 });
    await send("retry@example.test", "Third try");
    expect(
      mail
        .messages()
        .filter((m) => m.to.includes("retry@example.test"))
        .map((m) => m.subject),
    ).toEqual(["Second try", "Third try"]);
  });

  it("serves what arrived as JSON over HTTP, filtered by recipient, and clears on DELETE", async () => {
    await send("http@example.test", "Over HTTP");
    await mail.waitForMessage({ to: "http@example.test" });
    const list = async (query = "") => {
      const response = await fetch(`${mail.httpUrl}/messages${query}`);
      expect(response.headers.get("content-type")).toBe("application/json");
      return ((await response.json()) as { messages: (Omit<ReceivedMail, "receivedAt"> & { receivedAt: string })[] })
        .messages;
    };
    expect((await list("?to=HTTP@example.test")).map((m) => m.subject)).toEqual(["Over HTTP"]);
    const all = await list();
    expect(all.length).toBeGreaterThan(1);
    expect(all.at(-1)).toMatchObject({
      subject: "Over HTTP",
      to: ["http@example.test"],
      links: ["https://app.test/verify-email?token=abc123", "http://app.test/help"],
    });
    expect((await fetch(`${mail.httpUrl}/nothing-here`)).status).toBe(404);
    expect((await fetch(`${mail.httpUrl}/messages`, { method: "POST" })).status).toBe(405);

    expect((await fetch(`${mail.httpUrl}/messages`, { method: "DELETE" })).status).toBe(204);
    expect(await list()).toEqual([]);
    expect(mail.messages()).toEqual([]);
  });

  it("says what did arrive when the expected message does not", async () => {
    await send("other@example.test", "Something else");
    await mail.waitForMessage({ to: "other@example.test" });
    await expect(mail.waitForMessage({ to: "nobody@example.test", subject: "Never" }, 200)).rejects.toThrow(
      /No email to nobody@example.test matching Never within 200 ms. Received: other@example.test: "Something else" at /,
    );
    mail.clear();
    await expect(mail.waitForMessage({ to: "nobody@example.test" }, 50)).rejects.toThrow(/Received: nothing$/);
  });
});
