import { Form, useNavigation } from "@remix-run/react";
import { Alert, Button, Card, Table } from "@tradecraft/ui";

/** A stored grade as the page receives it (dates arrive as strings). */
export interface GradeView {
  id: string;
  grade: string;
  score: number;
  setupQuality: number;
  riskManagement: number;
  execution: number;
  discipline: number;
  psychology: number;
  strengths: string[];
  improvements: string[];
  summary: string;
  model: string;
  gradedAt: string | Date;
  isRuleBased: boolean;
}

const AREAS = [
  { key: "setupQuality", label: "Setup quality" },
  { key: "riskManagement", label: "Risk management" },
  { key: "execution", label: "Execution" },
  { key: "discipline", label: "Discipline" },
  { key: "psychology", label: "Psychology" },
] as const;

const graderOf = (g: GradeView) => (g.isRuleBased ? `fixed rules (${g.model})` : `the AI model ${g.model}`);

function List({ title, items, none }: { title: string; items: string[]; none: string }) {
  return (
    <>
      <h3>{title}</h3>
      {items.length ? (
        <ul>
          {items.map((item, i) => (
            <li key={i}>{item}</li>
          ))}
        </ul>
      ) : (
        <p className="tc-muted">{none}</p>
      )}
    </>
  );
}

/**
 * The trade's latest grade (letter, score, areas, strengths, improvements, summary, grader),
 * the button that grades it (a plain form: works without JavaScript) and its earlier grades.
 */
export function TradeGrade({
  grades,
  isOpen,
  timeZone,
  notice,
  error,
}: {
  grades: GradeView[];
  isOpen: boolean;
  timeZone: string;
  /** "rules" when the model could not answer and the rules graded the last request. */
  notice?: string | null;
  error?: string | null;
}) {
  const navigation = useNavigation();
  const grading = navigation.state !== "idle" && navigation.formData?.get("intent") === "grade";
  const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone });
  const [latest, ...previous] = grades;
  return (
    <Card aria-labelledby="grade-heading" id="grade" className="tc-grade-card">
      <h2 id="grade-heading">Grade</h2>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {notice === "rules" && latest?.isRuleBased ? (
        <Alert tone="info">The AI grader could not answer this time, so fixed rules graded the trade.</Alert>
      ) : null}
      {latest ? (
        <>
          <p className="tc-grade-card__score">
            <strong className="tc-grade" data-testid="grade-letter" data-grade={latest.grade}>
              {latest.grade}
            </strong>{" "}
            · {latest.score} out of 100
          </p>
          <p>{latest.summary}</p>
          <Table
            caption="Scores by area, out of 100"
            rowKey={(a) => a.key}
            rows={[...AREAS]}
            columns={[
              { key: "area", header: "Area", cell: (a) => a.label },
              { key: "score", header: "Score", numeric: true, cell: (a) => latest[a.key] },
              {
                key: "bar",
                header: "Out of 100",
                cell: (a) => (
                  <meter
                    min={0}
                    max={100}
                    low={60}
                    high={80}
                    optimum={100}
                    value={latest[a.key]}
                    aria-label={`${a.label}: ${latest[a.key]} out of 100`}
                  />
                ),
              },
            ]}
          />
          <List title="Strengths" items={latest.strengths} none="None noted." />
          <List title="To improve" items={latest.improvements} none="Nothing noted." />
          <p className="tc-muted">
            Graded by {graderOf(latest)} on {when.format(new Date(latest.gradedAt))}.
          </p>
        </>
      ) : (
        <p>
          Not graded yet. A grade judges the process (plan, stop, size, execution, notes), not whether the trade made
          money.
        </p>
      )}
      {isOpen ? (
        <p className="tc-muted">
          Close the trade to grade it: a grade judges the exit, the result and the holding time.
        </p>
      ) : (
        <Form method="post" className="tc-actions">
          <input type="hidden" name="intent" value="grade" />
          <Button type="submit" disabled={grading}>
            {grading ? "Grading…" : latest ? "Re-grade" : "Grade this trade"}
          </Button>
        </Form>
      )}
      {previous.length ? (
        <details>
          <summary>Previous grades ({previous.length})</summary>
          <Table
            caption="Previous grades, newest first"
            rowKey={(g) => g.id}
            rows={previous}
            columns={[
              { key: "when", header: "Graded", cell: (g) => when.format(new Date(g.gradedAt)) },
              { key: "grade", header: "Grade", cell: (g) => g.grade },
              { key: "score", header: "Score", numeric: true, cell: (g) => g.score },
              ...AREAS.map((a) => ({ key: a.key, header: a.label, numeric: true, cell: (g: GradeView) => g[a.key] })),
              { key: "by", header: "Graded by", cell: (g) => graderOf(g) },
              { key: "summary", header: "Summary", cell: (g) => g.summary },
            ]}
          />
        </details>
      ) : null}
    </Card>
  );
}
