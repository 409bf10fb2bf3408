/** The unit a registry page opens on: the unit of the user's first registry role (their grid or community). */
import { useSession } from '../auth/session.tsx';

const REGISTRY_ROLES = new Set(['grid_worker', 'community_staff', 'street_official', 'district_admin']);

export function useDefaultUnit(): string | undefined {
  const me = useSession();
  return me.roles.find((r) => REGISTRY_ROLES.has(r.role))?.unitId;
}
