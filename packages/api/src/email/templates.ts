// Every email the product sends, as plain text and HTML. Pure: links come in ready-made.

export interface EmailContent {
  template: EmailTemplate;
  subject: string;
  text: string;
  html: string;
}

export type EmailTemplate =
  | "verify-email"
  | "confirm-new-email"
  | "email-changed"
  | "password-reset"
  | "password-changed"
  | "account-locked"
  | "signup-attempt"
  | "pro-request"
  | "notification"
  | "notification-digest";

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

interface Block {
  /** Paragraphs of plain text (escaped for HTML). */
  paragraphs: string[];
  action?: { label: string; url: string };
  /** A second, plainer link after the button. */
  secondary?: { label: string; url: string };
  /** Small print after the button. */
  footer: string[];
}

function compose(template: EmailTemplate, subject: string, greetingName: string, block: Block): EmailContent {
  const greeting = `Hi ${greetingName},`;
  const text = [
    greeting,
    "",
    ...block.paragraphs.flatMap((p) => [p, ""]),
    ...(block.action ? [`${block.action.label}: ${block.action.url}`, ""] : []),
    ...(block.secondary ? [`${block.secondary.label}: ${block.secondary.url}`, ""] : []),
    ...block.footer.flatMap((p) => [p, ""]),
    "— Tradecraft",
  ].join("\n");
  const p = (content: string) => `<p style="margin:0 0 16px;line-height:1.5">${escapeHtml(content)}</p>`;
  const button = block.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(block.action.url)}" style="background:#0b5cad;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600;display:inline-block">${escapeHtml(block.action.label)}</a></p>
<p style="margin:0 0 16px;line-height:1.5;font-size:13px;color:#4a5566">If the button does not work, paste this link into your browser:<br><a href="${escapeHtml(block.action.url)}" style="color:#0b5cad;word-break:break-all">${escapeHtml(block.action.url)}</a></p>`
    : "";
  const secondary = block.secondary
    ? `<p style="margin:0 0 16px;line-height:1.5">${escapeHtml(block.secondary.label)}: <a href="${escapeHtml(block.secondary.url)}" style="color:#0b5cad;word-break:break-all">${escapeHtml(block.secondary.url)}</a></p>`
    : "";
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f4f6f9;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#18202b">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px">
<p style="margin:0 0 24px;font-weight:700;font-size:18px;color:#0b5cad">Tradecraft</p>
${p(greeting)}
${block.paragraphs.map(p).join("\n")}
${button}
${secondary}
${block.footer.map((f) => `<p style="margin:0 0 12px;line-height:1.5;font-size:13px;color:#4a5566">${escapeHtml(f)}</p>`).join("\n")}
</div>
</body></html>`;
  return { template, subject, text, html };
}

export function verifyEmail({
  name,
  link,
  timeZone,
  profileLink,
}: {
  name: string;
  link: string;
  /** At sign-up: the zone the account's times and trading days are shown in. */
  timeZone?: string;
  profileLink?: string;
}): EmailContent {
  const zone = timeZone
    ? [
        `Your times and trading days are shown in the ${timeZone} time zone. You can change it in your profile${profileLink ? `: ${profileLink}` : "."}`,
      ]
    : [];
  return compose("verify-email", "Confirm your email for Tradecraft", name, {
    paragraphs: ["Welcome to Tradecraft. Please confirm that this is your email address.", ...zone],
    action: { label: "Confirm my email", url: link },
    footer: ["The link works once, for 24 hours. If you did not create a Tradecraft account, ignore this email."],
  });
}

export function confirmNewEmail({
  name,
  link,
  newEmail,
}: {
  name: string;
  link: string;
  newEmail: string;
}): EmailContent {
  return compose("confirm-new-email", "Confirm your new email for Tradecraft", name, {
    paragraphs: [`You asked to sign in to Tradecraft with ${newEmail} from now on. Confirm it to make the change.`],
    action: { label: "Confirm my new email", url: link },
    footer: ["The link works once, for 24 hours. Until you confirm, your account keeps its current email."],
  });
}

export function emailChanged({
  name,
  newEmail,
  helpLink,
}: {
  name: string;
  newEmail: string;
  helpLink: string;
}): EmailContent {
  return compose("email-changed", "Your Tradecraft email was changed", name, {
    paragraphs: [
      `The email of your Tradecraft account is now ${maskEmail(newEmail)}. Messages about your account will go there.`,
      "If you made this change, there is nothing else to do.",
    ],
    footer: [`If you did not, reply to this email or contact us at once: ${helpLink}`],
  });
}

export function passwordReset({ name, link }: { name: string; link: string }): EmailContent {
  return compose("password-reset", "Reset your Tradecraft password", name, {
    paragraphs: [
      "Someone asked to reset the password of your Tradecraft account. If it was you, choose a new password.",
    ],
    action: { label: "Choose a new password", url: link },
    footer: ["The link works once, for 1 hour. If you did not ask, ignore this email: your password stays as it is."],
  });
}

export function passwordChanged({
  name,
  when,
  forgotLink,
}: {
  name: string;
  when: Date;
  forgotLink: string;
}): EmailContent {
  return compose("password-changed", "Your Tradecraft password was changed", name, {
    paragraphs: [
      `The password of your Tradecraft account was changed on ${formatUtc(when)}. Other devices were signed out.`,
      "If you made this change, there is nothing else to do.",
    ],
    footer: [`If you did not, reset your password now: ${forgotLink}`],
  });
}

export function accountLocked({
  name,
  minutes,
  unlockLink,
  resetLink,
}: {
  name: string;
  minutes: number;
  unlockLink: string;
  resetLink: string;
}): EmailContent {
  return compose("account-locked", "Your Tradecraft account was locked", name, {
    paragraphs: [
      `After 10 failed attempts to sign in from one place, signing in to your Tradecraft account from there is locked for ${minutes} minutes. Nobody signed in. Browsers you have signed in with before are not locked.`,
      "If it was you, unlock it now with the button below (the link works once, for 24 hours), or choose a new password.",
    ],
    action: { label: "Unlock my account", url: unlockLink },
    secondary: { label: "Choose a new password (the link works once, for 1 hour)", url: resetLink },
    footer: ["If it was not you, someone may be guessing your password: choosing a new one keeps them out."],
  });
}

export function signupAttempted({
  name,
  signInLink,
  resetLink,
}: {
  name: string;
  signInLink: string;
  resetLink: string;
}): EmailContent {
  return compose("signup-attempt", "Someone tried to sign up with your email", name, {
    paragraphs: [
      "Someone, perhaps you, tried to create a Tradecraft account with this email address. You already have an account, so nothing was created and nothing changed.",
      "If it was you, sign in. Forgot your password? Choose a new one.",
    ],
    action: { label: "Sign in", url: signInLink },
    secondary: { label: "Forgot your password", url: resetLink },
    footer: ["If it was not you, you can ignore this email: nobody can get into your account this way."],
  });
}

/** To an admin: a member asked to be moved to Pro (there is no online checkout yet). */
export function proRequested({
  adminName,
  member,
  message,
  link,
}: {
  adminName: string;
  member: { displayName: string; email: string };
  message: string | null;
  link: string;
}): EmailContent {
  return compose("pro-request", `${member.displayName} asks to move to Pro`, adminName, {
    paragraphs: [
      `${member.displayName} (${member.email}) asked to be moved to the Pro plan.`,
      ...(message ? [`Their message: “${message}”`] : []),
      "Approve or decline the request on their page in the admin app; approving moves them to Pro at once.",
    ],
    action: { label: "Open their page", url: link },
    footer: ["You receive this because you are a Tradecraft admin."],
  });
}

/** A notification's email copy (a price alert that fired, a webhook disabled): its text and a link to it. */
export function notificationEmail({
  name,
  title,
  body,
  link,
  settingsLink,
}: {
  name: string;
  title: string;
  body: string;
  link: string;
  settingsLink: string;
}): EmailContent {
  return compose("notification", title, name, {
    paragraphs: [body],
    action: { label: "Open in Tradecraft", url: link },
    secondary: { label: "Choose which notifications you get by email", url: settingsLink },
    footer: ["You receive this because email is on for this kind of notification in your settings."],
  });
}

/** The daily digest: the notifications that waited for it, newest first, each with its time. */
export function notificationDigestEmail({
  name,
  items,
  more,
  link,
  settingsLink,
}: {
  name: string;
  items: { title: string; body: string; createdAt: Date }[];
  /** Notifications past the ones listed (the list stops at a readable length). */
  more: number;
  link: string;
  settingsLink: string;
}): EmailContent {
  const total = items.length + more;
  const subject = total === 1 ? "Your daily digest: 1 notification" : `Your daily digest: ${total} notifications`;
  return compose("notification-digest", subject, name, {
    paragraphs: [
      `Since your last digest: ${total === 1 ? "1 notification" : `${total} notifications`} you have not read yet.`,
      ...items.map((item) => `${item.title} (${formatUtc(item.createdAt)}): ${item.body}`),
      ...(more > 0 ? [`And ${more} more in the app.`] : []),
    ],
    action: { label: "Open your notifications", url: link },
    secondary: { label: "Choose which notifications you get by email, and how often", url: settingsLink },
    footer: ["You receive this because you chose a daily digest for some notifications in your settings."],
  });
}

/** "trader@example.com" → "t•••r@example.com": enough to recognise, not enough to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "•••";
  const local = email.slice(0, at);
  const shown = local.length <= 2 ? `${local[0]}•••` : `${local[0]}•••${local[local.length - 1]}`;
  return `${shown}${email.slice(at)}`;
}

const formatUtc = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " at ")} UTC`;
