export { Button, ButtonLink, SelectField, TextAreaField, TextField } from "./controls.tsx";
export { ErrorSummary, errorSummaryItems, type ErrorSummaryItem } from "./error-summary.tsx";
export { Alert, AppShell, Card, EmptyState, Stat, StatusBadge, type NavItem } from "./layout.tsx";
export { Table, type Column } from "./table.tsx";
export { contrastRatio } from "./contrast.ts";
export { PasswordField } from "./password-field.tsx";
export { UsageMeter, usageLevelOf, type UsageAllowanceView, type UsageLevel } from "./usage-meter.tsx";
export {
  CalendarHeatmap,
  EquityCurveChart,
  MetricTerm,
  PnlBar,
  GAIN_COLOUR,
  LOSS_COLOUR,
  type CurvePoint,
  type HeatDay,
  type HeatWeek,
} from "./charts.tsx";
export { BarChart, type ChartBar } from "./bar-chart.tsx";
