import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formErrorsOf, httpStatusOf } from "@tradecraft/api";
import { Alert, Button, SelectField, TextAreaField, TextField } from "@tradecraft/ui";
import { requireUser } from "~/lib/auth.server";

export const meta: MetaFunction = () => [{ title: "Profile · Tradecraft" }];

const TIME_ZONES = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];

export async function loader({ request }: LoaderFunctionArgs) {
  const { api } = await requireUser(request);
  return { profile: await api.account.profile(), timeZones: TIME_ZONES };
}

type ActionData = { ok: true } | { ok: false; fieldErrors: Record<string, string[] | undefined>; formError: string | null };

export async function action({ request }: ActionFunctionArgs) {
  const { api } = await requireUser(request);
  const form = await request.formData();
  try {
    await api.account.updateProfile({
      displayName: String(form.get("displayName") ?? ""),
      bio: String(form.get("bio") ?? ""),
      timeZone: String(form.get("timeZone") ?? ""),
      coachStyle: String(form.get("coachStyle") ?? "") as "concise",
    });
    return Response.json({ ok: true } satisfies ActionData);
  } catch (error) {
    const inputErrors = formErrorsOf(error);
    if (!inputErrors) throw error;
    return Response.json({ ok: false, fieldErrors: inputErrors.fieldErrors, formError: null } satisfies ActionData, {
      status: httpStatusOf(error),
    });
  }
}

export default function ProfileSettings() {
  const { profile, timeZones } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const errors = data && !data.ok ? data.fieldErrors : {};
  return (
    <div className="tc-narrow">
      <h1>Profile</h1>
      {data?.ok ? <Alert tone="success">Your profile was saved.</Alert> : null}
      <p className="tc-muted">
        Signed in as <strong>{profile.email}</strong>.
      </p>
      <Form method="post" noValidate>
        <TextField label="Name" name="displayName" required maxLength={60} defaultValue={profile.displayName} error={errors.displayName} />
        <TextAreaField
          label="Bio"
          name="bio"
          maxLength={500}
          hint="Up to 500 characters: what you trade and how."
          defaultValue={profile.bio}
          error={errors.bio}
        />
        <SelectField
          label="Time zone"
          name="timeZone"
          hint="Your trading days and statistics are counted in this time zone."
          defaultValue={profile.timeZone}
          options={timeZones.map((zone) => ({ value: zone, label: zone.replace(/_/g, " ") }))}
          error={errors.timeZone}
        />
        <SelectField
          label="Coach style"
          name="coachStyle"
          defaultValue={profile.coachStyle}
          options={[
            { value: "concise", label: "Concise: short, to the point" },
            { value: "detailed", label: "Detailed: explanations and examples" },
          ]}
          error={errors.coachStyle}
        />
        <Button type="submit" disabled={busy}>
          Save profile
        </Button>
      </Form>
    </div>
  );
}
