/** The audit log (审计日志) as the auditor reads it: filtered, newest first, a page at a time. */
import type { AuditRecord } from '@gongzhi/api';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export interface AuditFilter {
  actor?: string;
  /** Prefix of the action, e.g. "auth." or "org.unit". */
  action?: string;
  targetId?: string;
  /** ISO instants; `to` is exclusive. */
  from?: string;
  to?: string;
}

interface AuditPage {
  items: AuditRecord[];
  total: number;
  page: number;
  pageSize: number;
}

export function useAuditLog(filter: AuditFilter, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['audit', filter, page, pageSize],
    queryFn: () => api.get<AuditPage>('/api/audit', { ...filter, page, pageSize }),
    placeholderData: keepPreviousData,
  });
}
