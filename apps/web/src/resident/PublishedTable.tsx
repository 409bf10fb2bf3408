/** A published ranking's rows (frozen, masked): the resident's 公示 page and the public board show the same table. */
import type { PublishedRow } from '@gongzhi/api';
import { useTranslation } from 'react-i18next';

export function PublishedTable({ rows }: { rows: PublishedRow[] }) {
  const { t } = useTranslation();
  if (rows.length === 0) return <p className="gzr-empty">{t('resident.rankings.empty')}</p>;
  const withGrid = rows.some((r) => r.grid);
  return (
    <table className="gzr-table" data-testid="r-published-rows">
      <thead>
        <tr>
          <th scope="col">{t('resident.rankings.rank')}</th>
          <th scope="col">{t('resident.publication.name')}</th>
          {withGrid && <th scope="col">{t('resident.publication.grid')}</th>}
          <th scope="col" className="gzr-num">
            {t('resident.points')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: published rows are frozen and carry no id; equal ranks and masked names repeat.
          <tr key={`${r.rank}-${r.name}-${i}`}>
            <td>{r.rank}</td>
            <td>{r.name}</td>
            {withGrid && <td>{r.grid ?? ''}</td>}
            <td className="gzr-num">{r.points}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
