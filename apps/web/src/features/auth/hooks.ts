/** Session use-cases: who am I, sign in and out, and the two steps a session may owe. */
import type { LoginBody, Me, TotpSetup } from '@gongzhi/api';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, rememberCsrfToken } from '../../api/client.ts';
import { noteSignedOut } from './sessionExit.ts';

export const meKey = ['auth', 'me'] as const;

/** The signed-in user, or null when there is no session. */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = await api.get<Me>('/api/auth/me');
        rememberCsrfToken(me.csrfToken);
        return me;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) {
          rememberCsrfToken(null);
          return null;
        }
        throw err;
      }
    },
    staleTime: 5 * 60_000,
  });
}

function useStoreMe() {
  const queryClient = useQueryClient();
  return (me: Me) => {
    rememberCsrfToken(me.csrfToken);
    queryClient.setQueryData(meKey, me);
  };
}

export function useLogin() {
  const storeMe = useStoreMe();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) => api.post<Me>('/api/auth/login', body),
    onSuccess: (me) => {
      // Whatever the previous session cached (another user's tree, users, audit) is not ours.
      queryClient.clear();
      storeMe(me);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ ok: true }>('/api/auth/logout'),
    onSettled: () => {
      // The phone app keeps who was signed in (for offline use): signing out here forgets it
      // and its cached lists too; its unsynced records stay for that user's next sign-in.
      const userId = queryClient.getQueryData<Me | null>(meKey)?.user.id ?? null;
      void import('../../mobile/store.ts').then((m) => m.forgetUser(userId)).catch(() => {});
      noteSignedOut();
      rememberCsrfToken(null);
      queryClient.clear();
      queryClient.setQueryData(meKey, null);
    },
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      api.post<{ ok: true }>('/api/auth/password', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meKey }),
  });
}

export function useStartTotp() {
  return useMutation({
    mutationFn: () => api.post<typeof TotpSetup.static>('/api/auth/totp/setup'),
  });
}

export function useConfirmTotp() {
  const storeMe = useStoreMe();
  return useMutation({
    mutationFn: (code: string) => api.post<Me>('/api/auth/totp/confirm', { code }),
    onSuccess: storeMe,
  });
}
