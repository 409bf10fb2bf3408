/**
 * Procedures (议事程序) of a district: read by everyone who deliberates there, edited by
 * deliberation:manage at the district's path (validated by the domain). A topic copies its
 * procedure's steps when it starts, so an edit only reaches topics started afterwards.
 */
import type { ProcedureList, ProcedureListQuery, ProcedureView, PutProcedureBody } from '@gongzhi/api';
import {
  DEFAULT_PROCEDURE_CODE,
  PROCEDURE_PROBLEMS,
  type ProcedureStep,
  roleHas,
  validateProcedure,
} from '@gongzhi/domain';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, canAt, hasPermission, type Scope } from '../../platform/auth/scope.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { unitForScope } from '../org/service.ts';
import { invalid } from '../registry/person-data.ts';
import * as repo from './procedures-repo.ts';
import { findResident } from './residents.ts';

export { seedProcedures } from './procedures-repo.ts';

export function procedureView(p: repo.ProcedureRow): ProcedureView {
  return {
    uid: p.uid,
    code: p.code,
    name: p.name,
    nameEn: p.name_en,
    steps: p.steps as ProcedureView['steps'],
    active: p.active,
    updatedAt: p.updated_at.toISOString(),
  };
}

/**
 * The district the caller deliberates in: of `unit` when given (read at it), else of their first
 * grant holding `permission`, else (a resident) of their community.
 */
async function districtFor(
  db: Db,
  scope: Scope,
  unitUid: string | undefined,
  permission: 'deliberation:read' | 'deliberation:manage',
): Promise<{ id: number; path: string }> {
  if (!hasPermission(scope, 'deliberation:read') && !hasPermission(scope, 'deliberation:self'))
    throw new AppError('FORBIDDEN', 403, { permission: 'deliberation:read' });
  let unitId: number | undefined;
  if (unitUid) unitId = (await unitForScope(db, scope, { uid: unitUid }, 'deliberation:read')).id;
  else {
    const grant = scope.grants.find((g) => roleHas(g.role, permission));
    if (grant) unitId = grant.unitId;
    else if (hasPermission(scope, 'deliberation:self')) unitId = (await findResident(db, scope.user.id))?.communityId;
  }
  const d = unitId === undefined ? undefined : await repo.districtOfUnit(db, unitId);
  if (!d) throw new AppError('UNIT_NOT_FOUND', 404);
  return d;
}

export function createProceduresService(deps: { clock: Clock }) {
  const { clock } = deps;

  async function list(db: Db, scope: Scope, q: ProcedureListQuery): Promise<ProcedureList> {
    const d = await districtFor(db, scope, q.unit, 'deliberation:read');
    return { items: (await repo.proceduresOf(db, d.id)).map(procedureView), defaultCode: DEFAULT_PROCEDURE_CODE };
  }

  async function put(trx: Db, scope: Scope, code: string, body: PutProcedureBody): Promise<ProcedureView> {
    const d = await districtFor(trx, scope, body.unit, 'deliberation:manage');
    if (!canAt(scope, 'deliberation:manage', d.path))
      throw new AppError('FORBIDDEN', 403, { permission: 'deliberation:manage' });
    const steps = body.steps as ProcedureStep[];
    const issues = validateProcedure({ code, name: body.name, nameEn: body.nameEn, steps });
    if (issues.length > 0) throw invalid(issues, scope.locale, PROCEDURE_PROBLEMS);
    const before = await repo.procedureByCode(trx, d.id, code);
    await repo.upsertProcedure(trx, {
      districtId: d.id,
      code,
      name: body.name.trim(),
      nameEn: body.nameEn.trim(),
      steps,
      active: body.active ?? true,
      now: clock(),
    });
    const after = (await repo.procedureByCode(trx, d.id, code)) as repo.ProcedureRow;
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: before ? 'deliberation.procedure_updated' : 'deliberation.procedure_created',
        targetType: 'deliberation_procedure',
        targetId: after.uid,
        orgPath: d.path,
        before: before ? { name: before.name, steps: before.steps, active: before.active } : null,
        after: { code, name: after.name, steps: after.steps, active: after.active },
      },
      clock(),
    );
    return procedureView(after);
  }

  return { list, put };
}
