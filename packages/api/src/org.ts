import { type Static, Type } from '@sinclair/typebox';
import { Name, Reason, Uid } from './common.ts';

export const UnitKind = Type.Union([
  Type.Literal('district'),
  Type.Literal('street'),
  Type.Literal('community'),
  Type.Literal('village'),
  Type.Literal('grid'),
  Type.Literal('department'),
]);
export const UnitStatus = Type.Union([Type.Literal('active'), Type.Literal('retired')]);
export const UnitCode = Type.String({ pattern: '^\\d{3,15}$', description: '12-digit code; grids 15; departments 3' });

export const OrgUnit = Type.Object({
  id: Uid,
  kind: UnitKind,
  name: Type.String(),
  code: Type.String(),
  path: Type.String(),
  status: UnitStatus,
  parentId: Type.Union([Uid, Type.Null()]),
});
export type OrgUnit = Static<typeof OrgUnit>;

export interface OrgTreeNode extends OrgUnit {
  children: OrgTreeNode[];
}
export const OrgTreeNode = Type.Recursive(
  (Self) => Type.Composite([OrgUnit, Type.Object({ children: Type.Array(Self) })]),
  { $id: 'OrgTreeNode' },
);

export const OrgTreeQuery = Type.Object(
  {
    root: Type.Optional(Uid),
    includeRetired: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
export const OrgTree = Type.Object({ roots: Type.Array(OrgTreeNode) });

export const PartyKind = Type.Union([
  Type.Literal('working_committee'),
  Type.Literal('committee'),
  Type.Literal('branch'),
  Type.Literal('group'),
]);
export const PartyOrg = Type.Object({
  id: Uid,
  kind: PartyKind,
  name: Type.String(),
  parentId: Type.Union([Uid, Type.Null()]),
  unitId: Uid,
  unitName: Type.String(),
});
export type PartyOrg = Static<typeof PartyOrg>;

export const OrgChangeKind = Type.Union([
  Type.Literal('create'),
  Type.Literal('rename'),
  Type.Literal('move'),
  Type.Literal('split'),
  Type.Literal('merge'),
  Type.Literal('delete'),
]);
/** One entry of a unit's history: which units became which, when, by whom and why. */
export const OrgChange = Type.Object({
  id: Uid,
  kind: OrgChangeKind,
  at: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  from: Type.Array(Type.Object({ id: Uid, name: Type.String(), code: Type.String() })),
  to: Type.Array(Type.Object({ id: Uid, name: Type.String(), code: Type.String() })),
  detail: Type.Unknown(),
});
export type OrgChange = Static<typeof OrgChange>;

export const OrgUnitDetail = Type.Composite([
  OrgUnit,
  Type.Object({
    ancestors: Type.Array(Type.Object({ id: Uid, name: Type.String(), kind: UnitKind })),
    childCount: Type.Integer(),
    memberCount: Type.Integer({ description: 'accounts holding a role on this unit' }),
    partyOrgs: Type.Array(PartyOrg),
    history: Type.Array(OrgChange),
  }),
]);

export const CreateUnitBody = Type.Object(
  { parentId: Uid, kind: UnitKind, name: Name(), code: UnitCode },
  { additionalProperties: false },
);
export const RenameUnitBody = Type.Object(
  { name: Name(), reason: Type.Optional(Reason) },
  { additionalProperties: false },
);
export const MoveUnitBody = Type.Object(
  { parentId: Uid, code: UnitCode, reason: Reason },
  { additionalProperties: false },
);
export const SplitGridBody = Type.Object(
  {
    parts: Type.Array(Type.Object({ name: Name(), code: UnitCode }, { additionalProperties: false }), {
      minItems: 2,
      maxItems: 10,
    }),
    reason: Reason,
    /** Index of the part whose grid workers and staff inherit the old grid's roles. */
    grantsTo: Type.Optional(Type.Integer({ minimum: 0, maximum: 9, default: 0 })),
  },
  { additionalProperties: false },
);
export const MergeGridsBody = Type.Object(
  {
    gridIds: Type.Array(Uid, { minItems: 2, maxItems: 10, uniqueItems: true }),
    name: Name(),
    code: UnitCode,
    reason: Reason,
  },
  { additionalProperties: false },
);
export const SplitOrMergeResult = Type.Object({ change: OrgChange, created: Type.Array(OrgUnit) });

export const CreatePartyOrgBody = Type.Object(
  { parentId: Type.Optional(Uid), kind: PartyKind, name: Name(), unitId: Uid },
  { additionalProperties: false },
);
