import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Alert, Button, Card, ErrorSummary, SelectField, TextAreaField, TextField } from "@tradecraft/ui";
import { requireUser } from "~/lib/auth.server";
import { type FormFailure, formFailure } from "~/lib/forms.server";
import { timeZoneOptions } from "~/lib/time-zones.server";

export const meta: MetaFunction = () => [{ title: "Profile · Tradecraft" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  const profile = await api.account.profile();
  return { profile, timeZones: timeZoneOptions(profile.timeZone) };
}

type ProfileValues = Record<"displayName" | "bio" | "timeZone" | "coachStyle" | "breakevenBand", string>;
type ActionData =
  | { intent: "profile"; ok: true }
  | { intent: "change-email"; ok: true; pendingEmail: string }
  | ({ intent: "profile" | "change-email"; ok: false; newEmail?: string; values?: ProfileValues } & FormFailure);

const PROFILE_FIELD_IDS = {
  displayName: "displayName",
  bio: "bio",
  timeZone: "timeZone",
  coachStyle: "coachStyle",
  breakevenBand: "breakevenBand",
};
const EMAIL_FIELD_IDS = { newEmail: "newEmail", currentPassword: "email-currentPassword" };

export async function action({ request }: ActionFunctionArgs) {
  const { api } = await requireUser(request);
  const form = await request.formData();
  const intent = form.get("intent") === "change-email" ? "change-email" : "profile";
  // Not cut: an address too long is refused with a message, and comes back as typed.
  const newEmail = String(form.get("newEmail") ?? "");
  const values: ProfileValues = {
    displayName: String(form.get("displayName") ?? ""),
    bio: String(form.get("bio") ?? ""),
    timeZone: String(form.get("timeZone") ?? ""),
    coachStyle: String(form.get("coachStyle") ?? ""),
    breakevenBand: String(form.get("breakevenBand") ?? ""),
  };
  try {
    if (intent === "change-email") {
      const { pendingEmail } = await api.account.changeEmail({
        newEmail,
        currentPassword: String(form.get("currentPassword") ?? ""),
      });
      return Response.json({ intent, ok: true, pendingEmail } satisfies ActionData);
    }
    await api.account.updateProfile({ ...values, coachStyle: values.coachStyle as "concise" });
    return Response.json({ intent, ok: true } satisfies ActionData);
  } catch (error) {
    const { data, status } = formFailure(error);
    const echo = intent === "change-email" ? { newEmail } : { values };
    return Response.json({ intent, ok: false, ...echo, ...data } satisfies ActionData, { status });
  }
}

export default function ProfileSettings() {
  const { profile, timeZones } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const profileResult = data?.intent === "profile" ? data : null;
  const emailResult = data?.intent === "change-email" ? data : null;
  const errors = profileResult && !profileResult.ok ? profileResult.fieldErrors : {};
  const emailErrors = emailResult && !emailResult.ok ? emailResult.fieldErrors : {};
  // A refused profile shows what was typed, not what is stored.
  const typed = profileResult && !profileResult.ok ? profileResult.values : undefined;
  return (
    <div className="tc-stack">
      <h1>Profile</h1>
      <Card aria-labelledby="profile-heading">
        <h2 id="profile-heading">About you</h2>
        {profileResult?.ok ? <Alert tone="success">Your profile was saved.</Alert> : null}
        {profileResult && !profileResult.ok ? (
          <ErrorSummary
            fieldErrors={profileResult.fieldErrors}
            fieldIds={PROFILE_FIELD_IDS}
            formError={profileResult.formError}
          />
        ) : null}
        <Form method="post" noValidate className="tc-narrow">
          <input type="hidden" name="intent" value="profile" />
          <TextField
            id={PROFILE_FIELD_IDS.displayName}
            label="Name"
            name="displayName"
            required
            hint="At most 60 characters"
            defaultValue={typed?.displayName ?? profile.displayName}
            error={errors.displayName}
          />
          <TextAreaField
            id={PROFILE_FIELD_IDS.bio}
            label="Bio"
            name="bio"
            hint="Up to 500 characters: what you trade and how."
            defaultValue={typed?.bio ?? profile.bio}
            error={errors.bio}
          />
          <SelectField
            id={PROFILE_FIELD_IDS.timeZone}
            label="Time zone"
            name="timeZone"
            hint="Your trading days and statistics are counted in this time zone."
            defaultValue={typed?.timeZone || profile.timeZone}
            options={timeZones.map((zone) => ({ value: zone, label: zone.replace(/_/g, " ") }))}
            error={errors.timeZone}
          />
          <SelectField
            id={PROFILE_FIELD_IDS.coachStyle}
            label="Coach style"
            name="coachStyle"
            defaultValue={typed?.coachStyle || profile.coachStyle}
            options={[
              { value: "concise", label: "Concise: short, to the point" },
              { value: "detailed", label: "Detailed: explanations and examples" },
            ]}
            error={errors.coachStyle}
          />
          <TextField
            id={PROFILE_FIELD_IDS.breakevenBand}
            label="Breakeven band ($)"
            name="breakevenBand"
            inputMode="decimal"
            hint="A trade whose net P&L is within ± this amount counts as a scratch, not a win or a loss. 0 means any profit is a win."
            defaultValue={typed?.breakevenBand ?? String(profile.breakevenBand)}
            error={errors.breakevenBand}
          />
          <Button type="submit" disabled={busy}>
            Save profile
          </Button>
        </Form>
      </Card>
      <Card aria-labelledby="email-heading">
        <h2 id="email-heading">Email</h2>
        {params.get("emailChanged") === "1" ? <Alert tone="success">Your email is now {profile.email}.</Alert> : null}
        {emailResult?.ok ? (
          <Alert tone="success">
            We sent a link to {emailResult.pendingEmail}. Your email changes when you follow it; until then you sign in
            with {profile.email}.
          </Alert>
        ) : null}
        {emailResult && !emailResult.ok ? (
          <ErrorSummary
            fieldErrors={emailResult.fieldErrors}
            fieldIds={EMAIL_FIELD_IDS}
            formError={emailResult.formError}
          />
        ) : null}
        <p>
          You sign in with <strong>{profile.email}</strong>
          {profile.emailVerified ? "." : " (not confirmed yet)."}
          {profile.pendingEmail && !emailResult?.ok ? (
            <>
              {" "}
              Waiting for you to confirm <strong>{profile.pendingEmail}</strong> from the link we sent there.
            </>
          ) : null}
        </p>
        <Form method="post" noValidate className="tc-narrow">
          <input type="hidden" name="intent" value="change-email" />
          <TextField
            id={EMAIL_FIELD_IDS.newEmail}
            label="New email"
            name="newEmail"
            type="email"
            autoComplete="email"
            required
            defaultValue={emailResult && !emailResult.ok ? emailResult.newEmail : undefined}
            hint="We send a link to the new address; your email changes when you follow it, and your current address is told."
            error={emailErrors.newEmail}
          />
          <TextField
            id={EMAIL_FIELD_IDS.currentPassword}
            label="Current password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            error={emailErrors.currentPassword}
          />
          <Button type="submit" disabled={busy}>
            Change email
          </Button>
        </Form>
      </Card>
    </div>
  );
}
