import { useI18n } from "../i18n";
import { useFormat } from "../i18n/format";

interface Props {
  offset: number;
  /** Rows on this page. */
  shown: number;
  total: number;
  pageSize: number;
  onOffset: (offset: number) => void;
}

/** Where this page stands among all the rows, and the way to the pages either side. */
export function Pager({ offset, shown, total, pageSize, onOffset }: Props) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    // A group, not a second <nav>: the side menu is the page's one navigation landmark.
    <div className="pager" role="group" aria-label={t("pager.label")}>
      <p role="status" className="hint">
        {t("pager.showing", {
          from: format.number(total === 0 ? 0 : offset + 1),
          to: format.number(offset + shown),
          total: format.number(total),
        })}
      </p>
      <button
        type="button"
        className="secondary"
        disabled={offset === 0}
        onClick={() => {
          onOffset(Math.max(0, offset - pageSize));
        }}
      >
        {t("pager.previous")}
      </button>
      <button
        type="button"
        className="secondary"
        disabled={offset + shown >= total}
        onClick={() => {
          onOffset(offset + pageSize);
        }}
      >
        {t("pager.next")}
      </button>
    </div>
  );
}
