import type { ReactNode } from "react";

export interface NavItem {
  href: string;
  label: string;
  /** true: this page; "section": a page below this link (its trade, its conversation…). */
  current?: boolean | "section";
}

/** The page frame both apps share: skip link, header with brand and nav, main landmark, footer. */
export function AppShell({
  brandHref = "/",
  brandSuffix,
  nav = [],
  actions,
  footer,
  children,
}: {
  brandHref?: string;
  brandSuffix?: string;
  nav?: NavItem[];
  actions?: ReactNode;
  footer?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="tc-shell">
      <a className="tc-skip-link" href="#main">
        Skip to content
      </a>
      <header className="tc-header">
        <div className="tc-header__inner">
          <a className="tc-brand" href={brandHref}>
            Trade<span>craft</span>
            {brandSuffix ? ` ${brandSuffix}` : null}
          </a>
          {nav.length > 0 ? (
            // A disclosure so the menu opens without JavaScript: a "Menu" button on phones; on wider
            // screens the stylesheet hides the button and shows the links inline.
            <details className="tc-menu">
              <summary className="tc-menu__button">Menu</summary>
              <nav className="tc-nav" aria-label="Main">
                <ul>
                  {nav.map((item) => (
                    <li key={item.href}>
                      <a
                        href={item.href}
                        aria-current={item.current === "section" ? "true" : item.current ? "page" : undefined}
                      >
                        {item.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            </details>
          ) : null}
          {actions}
        </div>
      </header>
      <main id="main" className="tc-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="tc-footer">
        <div className="tc-footer__inner">{footer}</div>
      </footer>
    </div>
  );
}

/** A bordered panel. */
export function Card({
  children,
  className = "",
  ...rest
}: { children: ReactNode; className?: string } & React.HTMLAttributes<HTMLElement>) {
  return (
    <section className={`tc-card ${className}`.trim()} {...rest}>
      {children}
    </section>
  );
}

/** A labelled figure for dashboards. */
export function Stat({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div className="tc-card">
      <div className="tc-stat__label">{label}</div>
      <div className="tc-stat__value">{value}</div>
    </div>
  );
}

/** Shown where a list has nothing in it yet, with what to do next. */
export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="tc-empty">
      <h2>{title}</h2>
      {children ? <div className="tc-muted">{children}</div> : null}
      {action ? <div className="tc-actions">{action}</div> : null}
    </div>
  );
}

/** A message box; errors are announced to screen readers. */
export function Alert({ tone = "info", children }: { tone?: "info" | "error" | "success"; children: ReactNode }) {
  return (
    <div className={`tc-alert tc-alert--${tone}`} role={tone === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

/** A small status pill with a coloured dot. */
export function StatusBadge({ ok, children }: { ok: boolean; children: ReactNode }) {
  return <span className={`tc-badge ${ok ? "tc-badge--ok" : "tc-badge--down"}`}>{children}</span>;
}
