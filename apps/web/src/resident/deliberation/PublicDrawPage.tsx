/**
 * 公开抽签 (/public/deliberation/draws/:uid), no sign-in: the entrants in their published order,
 * the SHA-256 of the seed published before the draw, and — once drawn — the seed and the result.
 * The page re-runs the draw here, in the visitor's browser, with the same code the server used
 * (the domain's drawOrder: Fisher–Yates, each index from SHA-256(seed ‖ ':' ‖ i) without modulo
 * bias) and checks the seed against its published hash: "结果一致" when both agree.
 */

import type { DrawView } from '@gongzhi/api';
import { DRAW_ALGORITHM, drawOrder, seedHash } from '@gongzhi/domain';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { formatTime } from '../../i18n/format.ts';
import { PublicFrame, PublicState } from './PublicFrame.tsx';
import { usePublicDraw } from './public-hooks.ts';

export interface Rerun {
  hashMatches: boolean;
  orderMatches: boolean;
  order: string[];
  knownAlgorithm: boolean;
}

/** The draw again, from what the page was given. */
export function rerunDraw(
  draw: Pick<DrawView, 'seed' | 'seedHash' | 'entrants' | 'result' | 'algorithm'>,
): Rerun | null {
  if (!draw.seed || !draw.result) return null;
  const order = drawOrder(
    draw.seed,
    draw.entrants.map((e) => e.key),
  );
  return {
    hashMatches: seedHash(draw.seed) === draw.seedHash,
    orderMatches: order.length === draw.result.length && order.every((k, i) => k === draw.result?.[i]),
    order,
    knownAlgorithm: draw.algorithm === DRAW_ALGORITHM,
  };
}

function Rerun({ draw }: { draw: DrawView }) {
  const { t } = useTranslation();
  const rerun = useMemo(() => rerunDraw(draw), [draw]);
  if (!rerun) return null;
  const same = rerun.hashMatches && rerun.orderMatches && rerun.knownAlgorithm;
  return (
    <section className="gzr-section" aria-labelledby="draw-rerun" data-testid="draw-rerun">
      <h2 id="draw-rerun" className="gzr-h2">
        {t('publicDeliberation.draw.rerun')}
      </h2>
      <p className="gzr-muted">{t('publicDeliberation.draw.rerunIntro')}</p>
      <ul className="gzr-muted" style={{ paddingLeft: 20 }}>
        <li data-testid="draw-rerun-hash" data-ok={rerun.hashMatches}>
          {rerun.hashMatches ? t('publicDeliberation.draw.hashOk') : t('publicDeliberation.draw.hashBad')}
        </li>
        <li data-testid="draw-rerun-order" data-ok={rerun.orderMatches}>
          {rerun.orderMatches ? t('publicDeliberation.draw.orderOk') : t('publicDeliberation.draw.orderBad')}
        </li>
        {!rerun.knownAlgorithm && (
          <li>{t('publicDeliberation.draw.unknownAlgorithm', { algorithm: draw.algorithm })}</li>
        )}
      </ul>
      <p
        className={`gzd-verdict ${same ? 'gzd-verdict-same' : 'gzd-verdict-differ'}`}
        role="status"
        data-testid="draw-verdict"
        data-same={same}
      >
        {same ? t('publicDeliberation.draw.same') : t('publicDeliberation.draw.differ')}
      </p>
    </section>
  );
}

export default function PublicDrawPage() {
  const { t } = useTranslation();
  const { uid } = useParams();
  const draw = usePublicDraw(uid);
  const d = draw.data;
  const labelOf = (key: string) => d?.entrants.find((e) => e.key === key)?.label ?? key;

  return (
    <PublicFrame
      title={d?.title ?? t('publicDeliberation.draw.title')}
      sub={d ? `${d.community.name} · ${t('publicDeliberation.draw.title')}` : undefined}
      testId="public-draw"
    >
      {!d ? (
        <PublicState pending={draw.isPending} error={draw.error} notFound={t('publicDeliberation.draw.notFound')} />
      ) : (
        <>
          <section className="gzr-section" aria-labelledby="draw-facts">
            <h2 id="draw-facts" className="gzr-h2">
              {t('publicDeliberation.draw.facts')}
            </h2>
            <dl className="gzc-facts">
              <div>
                <dt>{t('publicDeliberation.draw.status')}</dt>
                <dd data-testid="draw-status">
                  {d.status === 'drawn' ? t('publicDeliberation.draw.drawn') : t('publicDeliberation.draw.sealed')}
                </dd>
              </div>
              {d.topic && (
                <div>
                  <dt>{t('publicDeliberation.draw.topic')}</dt>
                  <dd>{d.topic.title}</dd>
                </div>
              )}
              <div>
                <dt>{t('publicDeliberation.draw.winners')}</dt>
                <dd>{t('publicDeliberation.draw.winnersOf', { winners: d.winners, entrants: d.entrants.length })}</dd>
              </div>
              <div>
                <dt>{t('publicDeliberation.draw.published')}</dt>
                <dd>{formatTime(d.createdAt)}</dd>
              </div>
              {d.drawnAt && (
                <div>
                  <dt>{t('publicDeliberation.draw.drawnAt')}</dt>
                  <dd>{formatTime(d.drawnAt)}</dd>
                </div>
              )}
              <div>
                <dt>{t('publicDeliberation.draw.algorithm')}</dt>
                <dd className="gzd-mono">{d.algorithm}</dd>
              </div>
            </dl>
            <p className="gzr-muted">{t('publicDeliberation.draw.seedHash')}</p>
            <p className="gzd-mono" data-testid="draw-seed-hash">
              {d.seedHash}
            </p>
            {d.seed ? (
              <>
                <p className="gzr-muted">{t('publicDeliberation.draw.seed')}</p>
                <p className="gzd-mono" data-testid="draw-seed">
                  {d.seed}
                </p>
              </>
            ) : (
              <p className="gzr-note">{t('publicDeliberation.draw.sealedNote')}</p>
            )}
          </section>

          {d.result && (
            <section className="gzr-section" aria-labelledby="draw-result">
              <h2 id="draw-result" className="gzr-h2">
                {t('publicDeliberation.draw.result')}
              </h2>
              <ol className="gzd-order" data-testid="draw-result">
                {d.result.map((key, i) => (
                  <li key={key} className={i < d.winners ? 'gzd-winner' : undefined} data-key={key}>
                    {labelOf(key)}
                    {i < d.winners ? ` · ${t('publicDeliberation.draw.won')}` : ''}
                  </li>
                ))}
              </ol>
            </section>
          )}

          <Rerun draw={d} />

          <section className="gzr-section" aria-labelledby="draw-entrants">
            <h2 id="draw-entrants" className="gzr-h2">
              {t('publicDeliberation.draw.entrants')}
            </h2>
            <ol className="gzd-order">
              {d.entrants.map((e) => (
                <li key={e.key}>
                  {e.label} <span className="gzd-mono">({e.key})</span>
                </li>
              ))}
            </ol>
          </section>

          <section className="gzr-section" aria-labelledby="draw-how">
            <h2 id="draw-how" className="gzr-h2">
              {t('publicDeliberation.draw.how')}
            </h2>
            <ol className="gzr-muted" style={{ paddingLeft: 20 }}>
              <li>{t('publicDeliberation.draw.how1')}</li>
              <li>{t('publicDeliberation.draw.how2')}</li>
              <li>{t('publicDeliberation.draw.how3')}</li>
              <li>{t('publicDeliberation.draw.how4')}</li>
            </ol>
          </section>
        </>
      )}
    </PublicFrame>
  );
}
