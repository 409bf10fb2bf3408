/** One 公示 as a resident sees it: the frozen ranking, my objections and their answers, and 提出异议 while the window is open. */
import { Button, Toast } from 'antd-mobile';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { Badge, errorText, LoadFailed, Loading } from '../display.tsx';
import { day } from '../format.ts';
import { usePublication, useRaiseObjection } from '../hooks.ts';
import { ResidentPage } from '../layout.tsx';
import { PublishedTable } from '../PublishedTable.tsx';
import { useWriteKey } from '../write-key.ts';

function ObjectionForm({ publicationId }: { publicationId: string }) {
  const { t } = useTranslation();
  const raise = useRaiseObjection();
  const writeKey = useWriteKey('points-objection');
  const id = useId();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const send = async () => {
    if (!text.trim()) {
      setProblem(t('resident.publication.objectionRequired'));
      return;
    }
    const body = { text: text.trim() };
    try {
      await raise.mutateAsync({ id: publicationId, body, key: writeKey.keyFor(body) });
      writeKey.done();
      setText('');
      setProblem(null);
      Toast.show({ icon: 'success', content: t('resident.publication.objectionSent') });
    } catch (err) {
      setProblem(errorText(err, t('errors.unexpected')));
    }
  };
  return (
    <form
      noValidate
      className="gzr-section"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <h2 id={`${id}-title`} className="gzr-h2" style={{ marginBottom: 8 }}>
        {t('resident.publication.object')}
      </h2>
      <label className="gzr-label" htmlFor={`${id}-text`}>
        {t('resident.publication.objectionLabel')}
      </label>
      <textarea
        id={`${id}-text`}
        className="gzr-textarea"
        value={text}
        maxLength={500}
        placeholder={t('resident.publication.objectionPlaceholder')}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={Boolean(problem)}
        aria-describedby={problem ? `${id}-error` : undefined}
        data-testid="r-objection-text"
      />
      {problem && (
        <p id={`${id}-error`} className="gzr-field-error">
          {problem}
        </p>
      )}
      <div className="gzr-inline-actions" style={{ marginTop: 8 }}>
        <Button type="submit" color="primary" loading={raise.isPending} data-testid="r-objection-submit">
          {t('resident.publication.objectSubmit')}
        </Button>
      </div>
    </form>
  );
}

export default function PublicationPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const pub = usePublication(id);
  const title = pub.data?.title ?? t('resident.publication.title');
  return (
    <ResidentPage title={title} back="/r/rankings" testId="r-publication">
      {pub.isPending ? (
        <Loading />
      ) : pub.isError ? (
        <LoadFailed error={pub.error} retry={() => void pub.refetch()} />
      ) : (
        <>
          <section className="gzr-section">
            <p className="gzr-row-meta" style={{ margin: 0 }}>
              {t('resident.publication.period', { unit: pub.data.unit.name, period: pub.data.period.label })}
            </p>
            <p className="gzr-row-meta" style={{ margin: '4px 0 0' }}>
              {t('resident.publication.window', { from: day(pub.data.publishedAt), until: day(pub.data.endsAt) })}
            </p>
            <p className="gzr-row-meta" style={{ margin: '4px 0 0' }}>
              {pub.data.acceptsObjections
                ? t('resident.publication.objectUntil', { date: day(pub.data.objectionUntil) })
                : t('resident.publication.objectionsClosed')}
            </p>
          </section>
          <section className="gzr-section" style={{ padding: 0 }} aria-label={t('resident.publication.rows')}>
            <PublishedTable rows={pub.data.rows} />
          </section>
          {pub.data.objections.length > 0 && (
            <section className="gzr-section" aria-labelledby="r-my-objections">
              <h2 id="r-my-objections" className="gzr-h2">
                {t('resident.publication.myObjections')}
              </h2>
              <ul className="gzr-list">
                {pub.data.objections.map((o) => (
                  <li
                    key={o.id}
                    className="gzr-row"
                    style={{ paddingLeft: 0, paddingRight: 0 }}
                    data-testid="r-objection"
                  >
                    <div className="gzr-row-body">
                      <span>{o.text}</span>
                      <span className="gzr-row-meta">{day(o.createdAt)}</span>
                      {o.answer && <p className="gzr-note">{t('resident.publication.answer', { answer: o.answer })}</p>}
                    </div>
                    <Badge tone={o.status === 'answered' ? 'green' : 'blue'}>
                      {t(`resident.objectionStatus.${o.status}`)}
                    </Badge>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {pub.data.acceptsObjections && id && <ObjectionForm publicationId={id} />}
        </>
      )}
    </ResidentPage>
  );
}
