export function EmptyState({ message }: { message: string }) {
  return (
    <div className="empty-state">
      <svg aria-hidden="true" viewBox="0 0 48 48" width="48" height="48">
        <rect x="10" y="6" width="28" height="36" rx="3" fill="none" stroke="currentColor" strokeWidth="2" />
        <line x1="15" y1="15" x2="33" y2="15" stroke="currentColor" strokeWidth="2" />
        <line x1="15" y1="24" x2="33" y2="24" stroke="currentColor" strokeWidth="2" />
        <line x1="15" y1="33" x2="33" y2="33" stroke="currentColor" strokeWidth="2" />
      </svg>
      <p>{message}</p>
    </div>
  );
}
