/** The view's title; focusable so the shell can move keyboard focus onto it. */
export function PageHeading({ title, about }: { title: string; about?: string }) {
  return (
    <header className="page-heading">
      <h1 tabIndex={-1}>{title}</h1>
      {about && <p>{about}</p>}
    </header>
  );
}
