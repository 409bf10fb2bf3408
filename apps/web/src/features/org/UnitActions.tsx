/**
 * What an org:write holder may do to the selected unit. Buttons appear only where the
 * structure allows the action (a grid can be split, a community's grids merged, the root
 * neither moved nor deleted); the server still decides whether this user may act there.
 */
import {
  DeleteOutlined,
  EditOutlined,
  MergeCellsOutlined,
  PlusOutlined,
  ScissorOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import type { OrgTreeNode } from '@gongzhi/api';
import { CHILD_KINDS } from '@gongzhi/domain';
import { App, Button, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CreateUnitModal } from './CreateUnitModal.tsx';
import { type UnitDetail, useDeleteUnit } from './hooks.ts';
import { MergeGridsModal, mergeableGrids } from './MergeGridsModal.tsx';
import { MoveUnitModal } from './MoveUnitModal.tsx';
import { RenameUnitModal } from './RenameUnitModal.tsx';
import { SplitGridModal } from './SplitGridModal.tsx';
import type { TreeIndex } from './treeIndex.ts';

type Dialog = 'create' | 'rename' | 'move' | 'split' | 'merge' | null;

interface Props {
  unit: UnitDetail;
  roots: readonly OrgTreeNode[];
  index: TreeIndex;
  /** Select this unit (and refresh the view) once a change has gone through. */
  onChanged: (selectId: string) => void;
}

export function UnitActions({ unit, roots, index, onChanged }: Props) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const remove = useDeleteUnit();
  const close = () => setDialog(null);
  const done = (id: string) => {
    setDialog(null);
    onChanged(id);
  };

  const canHaveChildren = CHILD_KINDS[unit.kind].length > 0;
  const isRoot = unit.parentId === null;
  const canMerge = (unit.kind === 'community' || unit.kind === 'village') && mergeableGrids(unit, index).length >= 2;

  const confirmDelete = () =>
    modal.confirm({
      title: t('org.delete.title', { name: unit.name }),
      content: t('org.delete.body'),
      okText: t('org.delete.ok'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        remove
          .mutateAsync(unit.id)
          .then(() => {
            message.success(t('org.delete.done', { name: unit.name }));
            if (unit.parentId) onChanged(unit.parentId);
          })
          // UNIT_NOT_EMPTY and friends: the server's sentence says why; the dialog closes.
          .catch((err: Error) => {
            message.error(err.message);
          }),
    });

  return (
    <>
      <Space wrap size="small">
        {canHaveChildren && (
          <Button icon={<PlusOutlined />} onClick={() => setDialog('create')}>
            {t('org.actions.create')}
          </Button>
        )}
        <Button icon={<EditOutlined />} onClick={() => setDialog('rename')}>
          {t('org.actions.rename')}
        </Button>
        {!isRoot && (
          <Button icon={<SwapOutlined />} onClick={() => setDialog('move')}>
            {t('org.actions.move')}
          </Button>
        )}
        {unit.kind === 'grid' && (
          <Button icon={<ScissorOutlined />} onClick={() => setDialog('split')} data-testid="split-grid-button">
            {t('org.actions.split')}
          </Button>
        )}
        {canMerge && (
          <Button icon={<MergeCellsOutlined />} onClick={() => setDialog('merge')} data-testid="merge-grids-button">
            {t('org.actions.merge')}
          </Button>
        )}
        {!isRoot && (
          <Button danger icon={<DeleteOutlined />} onClick={confirmDelete}>
            {t('org.actions.delete')}
          </Button>
        )}
      </Space>
      {dialog === 'create' && <CreateUnitModal parent={unit} onClose={close} onCreated={done} />}
      {dialog === 'rename' && <RenameUnitModal unit={unit} onClose={close} onDone={done} />}
      {dialog === 'move' && <MoveUnitModal unit={unit} roots={roots} index={index} onClose={close} onDone={done} />}
      {dialog === 'split' && (
        <SplitGridModal grid={unit} index={index} onClose={close} onDone={(ids) => ids[0] && done(ids[0])} />
      )}
      {dialog === 'merge' && <MergeGridsModal community={unit} index={index} onClose={close} onDone={done} />}
    </>
  );
}
