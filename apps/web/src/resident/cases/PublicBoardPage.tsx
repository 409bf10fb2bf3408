/**
 * 办结公示, the public board of a community's resolved cases (/public/cases?community=<code>): no
 * sign-in, no app frame — a QR on the notice board leads here. Only what the API gives the public
 * (no reporter, no house number). A resident who kept a receipt number looks it up here too.
 */
import type { PublicCase } from '@gongzhi/api';
import { type FormEvent, type ReactNode, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { changeLanguage, currentLanguage } from '../../i18n/index.ts';
import { day } from '../format.ts';
import '../resident.css';
import './cases.css';
import { Stars } from './display.tsx';
import { usePublicCases } from './hooks.ts';

const RECEIPT = /^\d{8}-[0-9A-HJKMNP-TV-Z]{6}$/;
const COMMUNITY = /^[0-9]{6,15}$/;

/** What a visitor typed as a receipt number, tidied: 20261123-4k7q2m → 20261123-4K7Q2M. */
export function tidyReceipt(text: string): string {
  const s = text.trim().toUpperCase().replace(/\s+/g, '');
  return /^\d{14}$|^\d{8}[0-9A-Z]{6}$/.test(s) ? `${s.slice(0, 8)}-${s.slice(8)}` : s;
}

export function PublicFrame({ title, sub, children }: { title: string; sub?: string; children: ReactNode }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  const target = currentLanguage() === 'en' ? 'zh-CN' : 'en';
  return (
    <div className="gzr-app">
      <div className="gzr-public" data-testid="public-cases">
        <header className="gzr-public-head gzc-public-head">
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
            <h1>{title}</h1>
            <button
              type="button"
              onClick={() => void changeLanguage(target)}
              aria-label={t('lang.switchLabel')}
              className="gzc-lang"
            >
              <span lang={target}>{t('lang.switchTo')}</span>
            </button>
          </div>
          {sub && <p>{sub}</p>}
        </header>
        <main id="main">{children}</main>
      </div>
    </div>
  );
}

export function ReceiptLookup() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const ids = useId();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const no = tidyReceipt(text);
    if (!RECEIPT.test(no)) {
      setProblem(t('board.lookup.invalid'));
      return;
    }
    setProblem(null);
    navigate(`/public/cases/${no}`);
  };
  return (
    <form className="gzr-section" onSubmit={submit} noValidate aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="gzr-h2">
        {t('board.lookup.title')}
      </h2>
      <label className="gzr-label" htmlFor={`${ids}-no`} style={{ marginTop: 8 }}>
        {t('board.lookup.label')}
      </label>
      <div className="gzc-lookup">
        <input
          id={`${ids}-no`}
          className="gzr-input"
          value={text}
          placeholder="20261123-4K7Q2M"
          autoCapitalize="characters"
          onChange={(e) => setText(e.target.value)}
          aria-invalid={Boolean(problem)}
          aria-describedby={problem ? `${ids}-problem` : undefined}
          data-testid="board-receipt-input"
        />
        <button type="submit" className="gzc-button" data-testid="board-receipt-submit">
          {t('board.lookup.submit')}
        </button>
      </div>
      {problem && (
        <p id={`${ids}-problem`} className="gzr-field-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

function BoardRow({ item }: { item: PublicCase }) {
  const { t } = useTranslation();
  return (
    <li className="gzc-case" data-testid="board-case" data-receipt={item.receiptNo}>
      <Link to={`/public/cases/${item.receiptNo}`} className="gzc-case-link">
        <div className="gzr-row-body">
          <span className="gzr-row-title">{item.title}</span>
          <span className="gzr-row-meta">
            {[item.category.name, item.address, item.handler?.name].filter(Boolean).join(' · ')}
          </span>
          <span className="gzr-row-meta">
            {t('board.dates', { reported: day(item.createdAt), resolved: day(item.resolvedAt ?? item.closedAt) })}
          </span>
          {item.result && <span className="gzc-result-snippet">{item.result}</span>}
        </div>
        <div className="gzr-row-side">
          {item.rating !== null ? (
            <Stars rating={item.rating} />
          ) : (
            <span className="gzr-row-meta">{t('board.unrated')}</span>
          )}
        </div>
      </Link>
    </li>
  );
}

function CommunityPicker() {
  const { t } = useTranslation();
  const [, setParams] = useSearchParams();
  const ids = useId();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      className="gzr-section"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!COMMUNITY.test(code.trim())) {
          setProblem(t('board.community.invalid'));
          return;
        }
        setParams({ community: code.trim() });
      }}
    >
      <label className="gzr-label" htmlFor={`${ids}-code`}>
        {t('board.community.label')}
      </label>
      <div className="gzc-lookup">
        <input
          id={`${ids}-code`}
          className="gzr-input"
          inputMode="numeric"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          aria-invalid={Boolean(problem)}
          aria-describedby={problem ? `${ids}-problem` : `${ids}-hint`}
        />
        <button type="submit" className="gzc-button">
          {t('board.community.submit')}
        </button>
      </div>
      <p id={`${ids}-hint`} className="gzr-muted">
        {t('board.community.hint')}
      </p>
      {problem && (
        <p id={`${ids}-problem`} className="gzr-field-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

export default function PublicBoardPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const community = params.get('community') ?? '';
  const valid = COMMUNITY.test(community);
  const board = usePublicCases(valid ? community : '');
  const rows = board.data?.pages.flatMap((p) => p.items) ?? [];
  const total = board.data?.pages[0]?.total ?? 0;
  const name = rows[0]?.community.name;

  return (
    <PublicFrame
      title={t('board.title')}
      sub={name ? t('board.sub', { community: name, count: total }) : t('board.intro')}
    >
      <ReceiptLookup />
      {!valid ? (
        <CommunityPicker />
      ) : (
        <section aria-labelledby="board-list" style={{ marginTop: 8 }}>
          <h2 id="board-list" className="gzr-h2 gzr-pad" style={{ paddingTop: 12 }}>
            {t('board.list')}
          </h2>
          {board.isPending ? (
            <p className="gzr-empty" aria-busy="true">
              {t('common.loading')}
            </p>
          ) : board.isError ? (
            <p className="gzr-empty" role="alert">
              {board.error instanceof ApiError && board.error.status === 404
                ? t('board.noCommunity')
                : board.error.message}
            </p>
          ) : rows.length === 0 ? (
            <p className="gzr-empty">{t('board.empty')}</p>
          ) : (
            <ul className="gzr-list" style={{ marginTop: 8 }} data-testid="board-list">
              {rows.map((c) => (
                <BoardRow key={c.receiptNo} item={c} />
              ))}
            </ul>
          )}
          {board.hasNextPage && (
            <div className="gzr-actions">
              <button
                type="button"
                className="gzc-button gzc-button-outline"
                disabled={board.isFetchingNextPage}
                onClick={() => void board.fetchNextPage()}
              >
                {t('board.more', { shown: rows.length, total })}
              </button>
            </div>
          )}
        </section>
      )}
      <p className="gzr-muted" style={{ padding: 16 }}>
        {t('board.note')}
      </p>
    </PublicFrame>
  );
}
