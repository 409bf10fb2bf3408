/** Account administration (账号与角色) for the sysadmin: accounts, their roles and their locks. */
import type { CreateUserBody, UserSummary } from '@gongzhi/api';
import type { Role } from '@gongzhi/domain';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export interface UserListQuery {
  q: string;
  page: number;
  pageSize: number;
}

interface UserPage {
  items: UserSummary[];
  total: number;
  page: number;
  pageSize: number;
}

const usersKey = ['users'] as const;

export function useUsers(query: UserListQuery) {
  return useQuery({
    queryKey: [...usersKey, query],
    queryFn: () => api.get<UserPage>('/api/users', { q: query.q.trim(), page: query.page, pageSize: query.pageSize }),
    // Keep the last page on screen while the next one loads: the table does not jump.
    placeholderData: keepPreviousData,
  });
}

function useUsersMutation<TVars, TResult>(mutationFn: (vars: TVars) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

export function useCreateUser() {
  return useUsersMutation((body: typeof CreateUserBody.static) => api.post<UserSummary>('/api/users', body));
}

/** 停用 / 启用: a disabled account cannot sign in and its sessions end. */
export function useSetUserStatus() {
  return useUsersMutation(({ id, status }: { id: string; status: UserSummary['status'] }) =>
    api.patch<UserSummary>(`/api/users/${id}`, { status }),
  );
}

export function useUnlockUser() {
  return useUsersMutation((id: string) => api.post<{ ok: true }>(`/api/users/${id}/unlock`));
}

export function useResetPassword() {
  return useUsersMutation(({ id, password }: { id: string; password: string }) =>
    api.post<{ ok: true }>(`/api/users/${id}/password`, { password }),
  );
}

export function useGrantRole() {
  return useUsersMutation(({ id, role, unitId }: { id: string; role: Role; unitId: string }) =>
    api.post<UserSummary>(`/api/users/${id}/grants`, { role, unitId }),
  );
}

export function useRevokeRole() {
  return useUsersMutation(({ id, grantId }: { id: string; grantId: string }) =>
    api.delete<UserSummary>(`/api/users/${id}/grants/${grantId}`),
  );
}
