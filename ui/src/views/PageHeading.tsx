import type { ReactNode } from "react";

/** The view's title; focusable so the shell can move keyboard focus onto it. */
export function PageHeading({ title, about, actions }: { title: string; about?: string | undefined; actions?: ReactNode }) {
  return (
    <header className="page-heading">
      <div className="title-row">
        <h1 tabIndex={-1}>{title}</h1>
        {actions && <div className="actions">{actions}</div>}
      </div>
      {about && <p>{about}</p>}
    </header>
  );
}
