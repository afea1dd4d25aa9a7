import nodemailer, { type Transporter } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestMailServer, type TestMailServer } from "./mail-server.ts";

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

const send = (to: string, subject: string) =>
  transport.sendMail({
    from: "Tradecraft <no-reply@tradecraft.test>",
    to,
    subject,
    text: `Hello,\n\nFollow https://app.test/verify-email?token=abc123 to confirm.\n`,
    html: `<p>Hello, <a href="https://app.test/verify-email?token=abc123">confirm</a></p>`,
  });

describe("test mail server", () => {
  it("receives real SMTP and hands over subject, bodies and links", async () => {
    const since = new Date();
    await send("Pat@Example.test", "Confirm your email");
    const message = await mail.waitForMessage({ to: "pat@example.test", subject: /confirm/i, after: since });
    expect(message).toMatchObject({ to: ["pat@example.test"], subject: "Confirm your email", links: ["https://app.test/verify-email?token=abc123"] });
    expect(message.from).toContain("no-reply@tradecraft.test");
    expect(message.html).toContain('<a href="https://app.test/verify-email?token=abc123">');
  });

  it("waits for a message that arrives later", async () => {
    const waiting = mail.waitForMessage({ to: "later@example.test" }, 5_000);
    setTimeout(() => void send("later@example.test", "Later"), 100);
    expect((await waiting).subject).toBe("Later");
  });

  it("refuses the next deliveries when told to, then accepts again", async () => {
    mail.failNext(1);
    await expect(send("retry@example.test", "First try")).rejects.toMatchObject({ responseCode: 451 });
    await send("retry@example.test", "Second try");
    expect((await mail.waitForMessage({ to: "retry@example.test" })).subject).toBe("Second try");
    mail.failNext(1, "550 5.1.1 No such mailbox");
    await expect(send("retry@example.test", "Refused")).rejects.toMatchObject({ responseCode: 550 });
  });

  it("serves what arrived as JSON over HTTP, filtered by recipient", async () => {
    await send("http@example.test", "Over HTTP");
    await mail.waitForMessage({ to: "http@example.test" });
    const body = (await (await fetch(`${mail.httpUrl}/messages?to=HTTP@example.test`)).json()) as { messages: { subject: string; to: string[] }[] };
    expect(body.messages.map((m) => m.subject)).toEqual(["Over HTTP"]);
    expect((await fetch(`${mail.httpUrl}/nothing-here`)).status).toBe(404);
  });

  it("says what did arrive when the expected message does not", async () => {
    await expect(mail.waitForMessage({ to: "nobody@example.test", subject: "Never" }, 200)).rejects.toThrow(/No email to nobody@example.test matching Never within 200 ms. Received: .*Over HTTP/);
  });
});
