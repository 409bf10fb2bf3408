/**
 * The report form (说事) a resident and a grid worker share: category, title, description, up
 * to 6 photos (uploaded as they are taken, PUT /api/cases/photos/{uid}), where (a point and/or an
 * address) and, for a resident, the anonymous switch. Before it sends, a report with a point asks
 * the server for open cases of the same category nearby and offers them ("是同一个问题吗?"); the
 * reporter may still send. The case's uid is made here once, so a retry finds the same case.
 */
import type { CaseDetail, NearbyCase } from '@gongzhi/api';
import { Button, Toast } from 'antd-mobile';
import { type ReactNode, useCallback, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldProblems } from '../../api/client.ts';
import { errorText, LoadFailed, Loading } from '../display.tsx';
import { PhotoPicker, type PhotoState } from '../PhotoPicker.tsx';
import { useWriteKey } from '../write-key.ts';
import { CaseStatusBadge } from './display.tsx';
import { fetchNearby, useCaseCategories } from './hooks.ts';
import { type GeoPoint, PointPicker } from './PointPicker.tsx';
import { type CategoryTree, flattenCategories } from './types.ts';

export const MAX_CASE_PHOTOS = 6;
const TITLE_MAX = 60;
const DESCRIPTION_MAX = 2000;
const ADDRESS_MAX = 128;

/** What both kinds of report send; the page adds its own (channel, origin, reporter …). */
export interface ReportFields {
  uid: string;
  category: string;
  title: string;
  description: string;
  photos: string[];
  lng?: number;
  lat?: number;
  address?: string;
  anonymous?: boolean;
}

export type Problems = Record<string, string>;

export interface ExtraFieldsContext {
  ids: string;
  problems: Problems;
  fieldError: (name: string) => ReactNode;
  describedBy: (name: string) => string | undefined;
}

export function CaseReportForm({
  csrf,
  anonymousOption,
  extraFields,
  checkExtra,
  send,
  onSent,
  keyPrefix,
  keyExtra,
  disabledReason,
}: {
  csrf: string | null;
  /** residents may hide their name from everyone but the staff who take the report in */
  anonymousOption: boolean;
  /** the page's own fields, placed before the common ones */
  extraFields?: (ctx: ExtraFieldsContext) => ReactNode;
  /** the page's own checks, by field name */
  checkExtra?: () => Problems;
  send: (fields: ReportFields, idempotencyKey: string) => Promise<CaseDetail>;
  onSent: (detail: CaseDetail) => void;
  keyPrefix: string;
  /** the page's own part of the body: another one is another intent, with another Idempotency-Key */
  keyExtra?: unknown;
  /** why sending is not possible now (offline); shown on the button */
  disabledReason?: string | null;
}) {
  const { t, i18n } = useTranslation();
  const ids = useId();
  const categories = useCaseCategories();
  const writeKey = useWriteKey(keyPrefix);
  // One case per form: the same uid on every try, so a retry after a lost answer finds it.
  const uid = useRef(crypto.randomUUID()).current;

  const [category, setCategory] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<PhotoState>({ ids: [], busy: false, failed: false });
  const [point, setPoint] = useState<GeoPoint | null>(null);
  const [address, setAddress] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [problems, setProblems] = useState<Problems>({});
  const [sending, setSending] = useState(false);
  /** open cases near the point, offered before sending; the key says for which category and point */
  const [nearby, setNearby] = useState<{ key: string; items: NearbyCase[] } | null>(null);
  const nearbyHeading = useRef<HTMLHeadingElement>(null);
  const onPhotos = useCallback((s: PhotoState) => setPhotos(s), []);

  const tree: CategoryTree | undefined = categories.data;
  const english = i18n.language === 'en';
  const groups = useMemo(() => (tree ? flattenCategories(tree, english) : []), [tree, english]);
  const bbox = tree?.bbox ?? null;

  const check = (): Problems => {
    const p: Problems = { ...(checkExtra?.() ?? {}) };
    if (!category) p.category = t('residentCases.form.categoryRequired');
    if (!title.trim()) p.title = t('residentCases.form.titleRequired');
    if (!description.trim()) p.description = t('residentCases.form.descriptionRequired');
    if (!point && !address.trim()) p.location = t('residentCases.form.locationRequired');
    return p;
  };

  const fields = (): ReportFields => ({
    uid,
    category,
    title: title.trim(),
    description: description.trim(),
    photos: photos.ids,
    ...(point ? { lng: point.lng, lat: point.lat } : {}),
    ...(address.trim() ? { address: address.trim() } : {}),
    ...(anonymousOption ? { anonymous } : {}),
  });

  const submit = async (skipNearby: boolean) => {
    const found = check();
    setProblems(found);
    if (Object.keys(found).length > 0) {
      document.getElementById(`${ids}-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    const body = fields();
    setSending(true);
    try {
      if (point && !skipNearby) {
        const key = `${category}|${point.lng}|${point.lat}`;
        if (nearby?.key !== key) {
          const near = await fetchNearby(category, point.lng, point.lat).catch(() => null);
          const items = near?.items ?? [];
          if (items.length > 0) {
            setNearby({ key, items });
            requestAnimationFrame(() => nearbyHeading.current?.focus());
            return;
          }
          setNearby({ key, items: [] });
        }
      }
      const detail = await send(body, writeKey.keyFor({ body, extra: keyExtra ?? null }));
      writeKey.done();
      onSent(detail);
    } catch (err) {
      const named = fieldProblems(err);
      if (named.length > 0) {
        const next: Problems = {};
        for (const f of named) {
          const name = f.field.replace(/^\/?(body\.)?/, '').replace(/^\//, '');
          const key = name === 'lng' || name === 'lat' ? 'location' : name.replace(/\//g, '.');
          next[key] = f.message;
        }
        setProblems(next);
        Toast.show({ icon: 'fail', content: t('residentCases.form.fixFields') });
      } else {
        Toast.show({ icon: 'fail', content: errorText(err, t('errors.unexpected')) });
      }
    } finally {
      setSending(false);
    }
  };

  if (categories.isPending) return <Loading />;
  if (categories.isError) return <LoadFailed error={categories.error} retry={() => void categories.refetch()} />;

  const fieldError = (name: string) =>
    problems[name] ? (
      <p id={`${ids}-${name}-error`} className="gzr-field-error">
        {problems[name]}
      </p>
    ) : null;
  const describedBy = (name: string) => (problems[name] ? `${ids}-${name}-error` : undefined);
  const shownNearby = nearby && nearby.items.length > 0 ? nearby.items : null;

  return (
    <form
      noValidate
      data-testid="case-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(false);
      }}
    >
      {extraFields?.({ ids, problems, fieldError, describedBy })}

      <div className="gzr-field">
        <label className="gzr-label" htmlFor={`${ids}-category`}>
          {t('residentCases.form.category')}
        </label>
        <select
          id={`${ids}-category`}
          className="gzr-select"
          value={category}
          onChange={(e) => {
            setCategory(e.target.value);
            setNearby(null);
          }}
          aria-invalid={Boolean(problems.category)}
          aria-describedby={describedBy('category')}
          data-testid="case-category"
        >
          <option value="">{t('residentCases.form.pickCategory')}</option>
          {groups.map((g) =>
            g.leaves.length > 0 ? (
              <optgroup key={g.uid} label={g.name}>
                {g.leaves.map((c) => (
                  <option key={c.uid} value={c.uid}>
                    {c.name}
                  </option>
                ))}
              </optgroup>
            ) : (
              <option key={g.uid} value={g.uid}>
                {g.name}
              </option>
            ),
          )}
        </select>
        {fieldError('category')}
      </div>

      <div className="gzr-field">
        <label className="gzr-label" htmlFor={`${ids}-title`}>
          {t('residentCases.form.title')}
        </label>
        <input
          id={`${ids}-title`}
          className="gzr-input"
          value={title}
          maxLength={TITLE_MAX}
          placeholder={t('residentCases.form.titlePlaceholder')}
          onChange={(e) => setTitle(e.target.value)}
          aria-invalid={Boolean(problems.title)}
          aria-describedby={describedBy('title')}
          data-testid="case-title"
        />
        {fieldError('title')}
      </div>

      <div className="gzr-field">
        <label className="gzr-label" htmlFor={`${ids}-description`}>
          {t('residentCases.form.description')}
        </label>
        <textarea
          id={`${ids}-description`}
          className="gzr-textarea"
          value={description}
          maxLength={DESCRIPTION_MAX}
          placeholder={t('residentCases.form.descriptionPlaceholder')}
          onChange={(e) => setDescription(e.target.value)}
          aria-invalid={Boolean(problems.description)}
          aria-describedby={describedBy('description')}
          data-testid="case-description"
        />
        {fieldError('description')}
      </div>

      <PhotoPicker
        csrf={csrf}
        onChange={onPhotos}
        legend={t('residentCases.form.photos')}
        max={MAX_CASE_PHOTOS}
        uploadBase="/api/cases/photos"
        testId="case-photo-input"
      />
      {fieldError('photos')}

      <fieldset className="gzr-field" id={`${ids}-location`} tabIndex={-1}>
        <legend className="gzr-label">{t('residentCases.form.where')}</legend>
        <p className="gzr-muted" style={{ marginTop: 0 }}>
          {t('residentCases.form.whereHint')}
        </p>
        <PointPicker
          value={point}
          onChange={(p) => {
            setPoint(p);
            setNearby(null);
          }}
          bbox={bbox}
          invalid={Boolean(problems.location)}
          describedBy={describedBy('location')}
        />
        <label className="gzr-label" htmlFor={`${ids}-address`} style={{ marginTop: 12 }}>
          {t('residentCases.form.address')}
        </label>
        <input
          id={`${ids}-address`}
          className="gzr-input"
          value={address}
          maxLength={ADDRESS_MAX}
          placeholder={t('residentCases.form.addressPlaceholder')}
          onChange={(e) => setAddress(e.target.value)}
          aria-invalid={Boolean(problems.address)}
          aria-describedby={describedBy('address') ?? describedBy('location')}
          data-testid="case-address"
        />
        {fieldError('address')}
        {fieldError('location')}
      </fieldset>

      {anonymousOption && (
        <div className="gzr-field">
          <label className="gzc-switch" htmlFor={`${ids}-anonymous`}>
            <span>
              <span className="gzr-label" style={{ marginBottom: 2 }}>
                {t('residentCases.form.anonymous')}
              </span>
              <span className="gzr-muted" id={`${ids}-anonymous-hint`}>
                {t('residentCases.form.anonymousHint')}
              </span>
            </span>
            <input
              id={`${ids}-anonymous`}
              type="checkbox"
              role="switch"
              checked={anonymous}
              aria-checked={anonymous}
              onChange={(e) => setAnonymous(e.target.checked)}
              aria-describedby={`${ids}-anonymous-hint`}
              data-testid="case-anonymous"
            />
          </label>
        </div>
      )}

      {shownNearby && (
        <section className="gzr-section gzc-nearby" aria-labelledby={`${ids}-nearby`} data-testid="case-nearby">
          <h2 id={`${ids}-nearby`} className="gzr-h2" tabIndex={-1} ref={nearbyHeading}>
            {t('residentCases.nearby.title')}
          </h2>
          <p className="gzr-muted">{t('residentCases.nearby.body', { count: shownNearby.length })}</p>
          <ul className="gzr-list">
            {shownNearby.map((c) => (
              <li key={c.uid} className="gzr-row" style={{ paddingLeft: 0, paddingRight: 0 }}>
                <div className="gzr-row-body">
                  <span className="gzr-row-title">{c.title}</span>
                  <span className="gzr-row-meta">
                    {[
                      c.address,
                      typeof c.distanceMeters === 'number'
                        ? t('residentCases.nearby.meters', { m: Math.round(c.distanceMeters) })
                        : null,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                </div>
                <div className="gzr-row-side">
                  <CaseStatusBadge status={c.status} />
                </div>
              </li>
            ))}
          </ul>
          <p className="gzr-muted">{t('residentCases.nearby.stillReport')}</p>
          <Button
            block
            color="primary"
            fill="outline"
            loading={sending}
            onClick={() => void submit(true)}
            data-testid="case-report-anyway"
          >
            {t('residentCases.nearby.reportAnyway')}
          </Button>
        </section>
      )}

      <div className="gzr-actions">
        <Button
          block
          type="submit"
          color="primary"
          size="large"
          loading={sending}
          disabled={photos.busy || Boolean(disabledReason)}
          data-testid="case-submit"
        >
          {disabledReason ?? (photos.busy ? t('residentCases.form.waitPhotos') : t('residentCases.form.submit'))}
        </Button>
        {photos.failed && <p className="gzr-field-error">{t('residentCases.form.photoFailed')}</p>}
      </div>
    </form>
  );
}
