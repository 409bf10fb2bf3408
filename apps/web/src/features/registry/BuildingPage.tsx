/**
 * 楼栋视图: a building as the grid worker walks it — per 单元, floors from the top down, each
 * room a cell that says (in words and colour) whether it is lived in by its owner, rented
 * out or vacant, with the head's name, the number of residents and the care tags. A room
 * opens its households, or, when vacant, 登记入住. On a phone the grid scrolls sideways.
 */
import type { BuildingView } from '@gongzhi/api';
import { Alert, Button, Descriptions, Empty, List, Modal, Skeleton, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { can, useSession } from '../auth/session.tsx';
import { tagName } from './display.tsx';
import { CreateHouseholdModal } from './HouseholdModals.tsx';
import { useBuilding, useTags } from './hooks.ts';

type Room = BuildingView['units'][number]['floors'][number]['rooms'][number];
type Occupancy = Room['occupancy'];
const OCCUPANCIES: Occupancy[] = ['occupied', 'rented', 'vacant'];

export default function BuildingPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const me = useSession();
  const building = useBuilding(id);
  const tags = useTags();
  const [room, setRoom] = useState<{ room: Room; unitName: string } | null>(null);
  const [opening, setOpening] = useState<{ id: string; label: string } | null>(null);
  const tagNames = useMemo(
    () => new Map((tags.data ?? []).map((tag) => [tag.code, tagName(tag, i18n.language)])),
    [tags.data, i18n.language],
  );

  if (building.isPending) return <Skeleton active />;
  if (building.isError) return <Alert type="error" showIcon title={building.error.message} />;
  const b = building.data;
  const roomLabel = (r: Room, unitName: string) =>
    unitName ? t('registry.building.roomInUnit', { unit: unitName, room: r.number }) : r.number;

  return (
    <>
      <Typography.Title level={1} className="gz-page-title" data-testid="building-title">
        {b.name}
      </Typography.Title>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('registry.buildings.address')}>
          <span className="gz-break">{b.address}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('registry.person.grid')}>{b.grid.name}</Descriptions.Item>
        <Descriptions.Item label={t('registry.buildings.kind')}>
          {t(`registry.buildingKind.${b.kind}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('registry.buildings.countsLabel')}>
          {t('registry.buildings.counts', { households: b.households, residents: b.residents })}
        </Descriptions.Item>
      </Descriptions>

      <ul className="gz-legend" aria-label={t('registry.building.legend')}>
        {OCCUPANCIES.map((o) => (
          <li key={o}>
            <span className={`gz-swatch gz-room-${o}`} aria-hidden="true" />
            {t(`registry.occupancy.${o}`)} ({b.counts[o]})
          </li>
        ))}
      </ul>

      {b.units.length === 0 && <Empty description={t('registry.building.noRooms')} />}
      {b.units.map((unit) => {
        const caption = unit.name || t('registry.building.noUnit');
        return (
          <section key={unit.id ?? 'none'} className="gz-building-unit" aria-label={caption}>
            <h2 className="gz-card-title" style={{ margin: '12px 0 8px' }}>
              {caption}
            </h2>
            {/* Every room is a button, so a keyboard reaches (and scrolls to) each one; a phone swipes sideways. */}
            <div className="gz-room-scroll">
              <table className="gz-room-grid" data-testid="room-grid">
                <caption className="gz-visually-hidden">{t('registry.building.gridOf', { unit: caption })}</caption>
                <tbody>
                  {[...unit.floors]
                    .sort((a, c) => c.floor - a.floor)
                    .map((floor) => (
                      <tr key={floor.floor}>
                        <th scope="row">{t('registry.building.floor', { floor: floor.floor })}</th>
                        {floor.rooms.map((r) => (
                          <td key={r.id}>
                            <button
                              type="button"
                              className={`gz-room gz-room-${r.occupancy}`}
                              onClick={() => setRoom({ room: r, unitName: unit.name })}
                              data-testid="room-cell"
                            >
                              <span className="gz-room-number">{r.number}</span>
                              <span className="gz-room-state">{t(`registry.occupancy.${r.occupancy}`)}</span>
                              {r.households[0]?.head && (
                                <span className="gz-room-head">
                                  {r.households[0].head}
                                  {r.households.length > 1 ? ` +${r.households.length - 1}` : ''}
                                </span>
                              )}
                              {r.residents > 0 && (
                                <span className="gz-room-count">
                                  {t('registry.building.residents', { count: r.residents })}
                                </span>
                              )}
                              {r.tags.length > 0 && (
                                <span className="gz-room-tags">
                                  {r.tags.slice(0, 3).map((code) => (
                                    <span key={code} className="gz-room-tag">
                                      {tagNames.get(code) ?? code}
                                    </span>
                                  ))}
                                  {r.tags.length > 3 && <span className="gz-room-tag">+{r.tags.length - 3}</span>}
                                </span>
                              )}
                            </button>
                          </td>
                        ))}
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}

      {room && (
        <Modal
          open
          title={t('registry.building.roomTitle', { room: roomLabel(room.room, room.unitName) })}
          onCancel={() => setRoom(null)}
          footer={null}
        >
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <Tag>{t(`registry.occupancy.${room.room.occupancy}`)}</Tag>
              {room.room.rental && <Tag color="blue">{t('registry.building.rental')}</Tag>}
            </Space>
            {room.room.households.length > 0 ? (
              <List
                dataSource={room.room.households}
                renderItem={(h) => (
                  <List.Item>
                    <Link to={`/registry/households/${h.id}`} data-testid="room-household-link">
                      {h.head ? t('registry.building.householdOf', { name: h.head }) : t('registry.household.title')}
                    </Link>
                    <span>{t('registry.building.residents', { count: h.members })}</span>
                  </List.Item>
                )}
              />
            ) : (
              <p>{t('registry.building.vacantRoom')}</p>
            )}
            {can(me, 'registry:write') && (
              <Button
                type={room.room.households.length === 0 ? 'primary' : 'default'}
                onClick={() => {
                  setOpening({ id: room.room.id, label: roomLabel(room.room, room.unitName) });
                  setRoom(null);
                }}
                data-testid="open-household-button"
              >
                {t('registry.building.checkIn')}
              </Button>
            )}
          </Space>
        </Modal>
      )}
      {opening && <CreateHouseholdModal room={opening} onClose={() => setOpening(null)} />}
    </>
  );
}
